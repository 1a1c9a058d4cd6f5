"""Public pages under /public/ (no login) and the court's feedback inbox."""

urlpatterns: list = []
