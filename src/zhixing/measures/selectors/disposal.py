"""disposal: selectors (issue 4)."""
