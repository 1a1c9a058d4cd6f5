"""Every write of the review app: review cases (cases.py), separation of powers (separation.py),
upper-court supervision and entrustment (supervision.py), instruction requests (instructions.py),
responsibility analyses (responsibility.py)."""
