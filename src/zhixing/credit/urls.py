"""Pages of the credit app: each area's view module lists its own routes."""

from .views import correction, feed, listing, restriction

urlpatterns = [
    *listing.urlpatterns,
    *correction.urlpatterns,
    *feed.urlpatterns,
    *restriction.urlpatterns,
]
