"""distribution: selectors (issue 4)."""
