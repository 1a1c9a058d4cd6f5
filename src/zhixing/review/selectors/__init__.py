"""Every read of the review app, restricted to the actor's jurisdiction scope: review cases
(cases.py), responsibility analyses (responsibility.py)."""
