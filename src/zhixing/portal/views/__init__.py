"""Pages of the portal: the public side (`public.py`, no login) and the court's side (`staff.py`)."""
