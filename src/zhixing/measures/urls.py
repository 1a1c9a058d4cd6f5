"""Pages of the measures app: each area's view module lists its own routes."""

from django.urls import path

from .views import coercive, control, disposal, distribution, funds, leads

urlpatterns = [
    path("cases/<int:pk>/funds/", funds.case_funds, name="case-funds"),
    path("cases/<int:pk>/funds/<str:action>/", funds.case_funds_action, name="case-funds-action"),
    path("payouts/due/", funds.payouts_due, name="payouts-due"),
    *control.urlpatterns,
    *disposal.urlpatterns,
    *distribution.urlpatterns,
    *coercive.urlpatterns,
    *leads.urlpatterns,
]
