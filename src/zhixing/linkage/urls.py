"""Pages: 网络查控 (per case) and 联动对账."""

from django.urls import path

from . import views
from .joint import views as joint_views

urlpatterns = [
    path("cases/<int:pk>/inquiry/", views.inquiry, name="linkage-inquiry"),
    path("cases/<int:pk>/inquiry/start/", views.inquiry_start, name="linkage-inquiry-start"),
    path("outbox/", views.outbox_overdue, name="linkage-outbox"),
    *joint_views.urlpatterns,
]
