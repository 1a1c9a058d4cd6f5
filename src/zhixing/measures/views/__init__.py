"""Pages of the measures app, one module per area; `measures.urls` collects their routes."""
