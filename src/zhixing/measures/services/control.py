"""control: services (issue 4)."""
