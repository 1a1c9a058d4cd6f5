"""Pages of the review app: each area's view module lists its own routes."""

from .views import cases, responsibility
from .views import instructions as instruction_views
from .views import supervision as supervision_views

urlpatterns = [
    *cases.urlpatterns,
    *responsibility.urlpatterns,
    *supervision_views.urlpatterns,
    *instruction_views.urlpatterns,
]
