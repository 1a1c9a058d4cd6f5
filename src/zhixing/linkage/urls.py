"""Pages (filled in by the app views)."""

urlpatterns: list = []
