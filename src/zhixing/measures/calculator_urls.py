"""The public calculators page; included at the site root (kept apart from measures/urls.py)."""

from django.urls import path

from zhixing.measures import calculator_views

urlpatterns = [
    path("calculators/fees/", calculator_views.fee_calculators, name="fee-calculators"),
]
