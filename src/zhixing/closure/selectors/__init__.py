"""Every read of the closure app, restricted to the actor's scope: one module per area."""
