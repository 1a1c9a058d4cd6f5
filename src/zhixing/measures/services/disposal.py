"""disposal: services (issue 4)."""
