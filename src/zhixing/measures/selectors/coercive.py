"""coercive: selectors (issue 4)."""
