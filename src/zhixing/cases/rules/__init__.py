"""The law of enforcement cases as plain Python: the node table, deadline recipes, filing checks."""
