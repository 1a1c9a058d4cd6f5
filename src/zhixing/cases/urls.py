"""Case pages: 立案, case page and its actions, 我的待办, 超期督办, 案件统计, 案件列表, 批量分配, and the
public 期限计算器."""

from django.urls import path

from . import views

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.case_new, name="case-new"),
    path("cases/dashboard/", views.dashboard, name="case-dashboard"),
    path("cases/assign/", views.bulk_assign, name="bulk-assign"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/do/<str:action>/", views.case_action, name="case-action"),
    path("cases/<int:pk>/documents/<slug:slug>/", views.case_document, name="case-document"),
    path("worklist/", views.worklist, name="worklist"),
    path("overdue/", views.overdue_list, name="overdue-list"),
    path("deadlines/<int:pk>/remind/", views.reminder_send, name="reminder-send"),
    path("reminders/<int:pk>/read/", views.reminder_read, name="reminder-read"),
    path("calculators/period/", views.period_calculator, name="period-calculator"),
]
