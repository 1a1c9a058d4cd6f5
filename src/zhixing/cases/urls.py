"""Case pages (filled in by the cases views)."""

urlpatterns: list = []
