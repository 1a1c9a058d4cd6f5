"""control: selectors (issue 4)."""
