"""Pages: a case's 执行款 (一案一账号) and the court's 待发放执行款."""

from django.urls import path

from . import views

urlpatterns = [
    path("cases/<int:pk>/funds/", views.case_funds, name="case-funds"),
    path("cases/<int:pk>/funds/<str:action>/", views.case_funds_action, name="case-funds-action"),
    path("payouts/due/", views.payouts_due, name="payouts-due"),
]
