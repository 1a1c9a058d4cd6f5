"""Pages of the review app: each area's view module lists its own routes."""

from .views import cases

urlpatterns = [*cases.urlpatterns]
