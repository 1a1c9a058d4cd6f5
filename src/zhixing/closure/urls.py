"""Pages of the closure app: each area's view module lists its own routes."""

from .views import closing

urlpatterns = [*closing.urlpatterns]
