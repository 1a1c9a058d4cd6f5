"""Pages of the closure app: each area's view module lists its own routes."""

from .views import after, closing

urlpatterns = [*closing.urlpatterns, *after.urlpatterns]
