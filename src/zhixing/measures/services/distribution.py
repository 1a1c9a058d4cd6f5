"""distribution: services (issue 4)."""
