from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from zhixing.api import api
from zhixing.cases import views as cases_views
from zhixing.organization import views

admin.site.site_header = "执行工作平台 · 系统配置"
admin.site.site_title = "执行工作平台"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("courts/", views.court_tree, name="court-tree"),
    path("courts/<str:code>/", views.court_detail, name="court-detail"),
    path("courts/<str:code>/staff/new/", views.staff_new, name="staff-new"),
    path("staff/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("staff/<int:pk>/reveal-id/", views.staff_reveal_id, name="staff-reveal-id"),
    path("staff/<int:pk>/<str:action>/", views.staff_action, name="staff-action"),
    path("courts/<str:code>/staffing/", views.court_staffing, name="court-staffing"),
    path("team-figures/", views.team_figures, name="team-figures"),
    # the older staff-only address of the period calculator, kept for bookmarks
    path("calendar/", cases_views.period_calculator, name="calendar-tool"),
    path("audit/", views.audit_check, name="audit-check"),
    path("", include("zhixing.cases.urls")),
    path("", include("zhixing.measures.urls")),
    path("", include("zhixing.measures.calculator_urls")),
    path("", include("zhixing.linkage.urls")),
    path("", include("zhixing.closure.urls")),
    path("", include("zhixing.review.urls")),
    path("", include("zhixing.credit.urls")),
    path("", include("zhixing.portal.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
