"""coercive: services (issue 4)."""
