"""Public pages under /public/ (no login) and the court's feedback inbox and publishing forms."""

from django.urls import path

from .views import public, staff

urlpatterns = [
    path("public/", public.portal_home, name="portal-home"),
    path("public/query/", public.public_query, name="portal-query"),
    path("public/exposure/", public.exposure_list, name="portal-exposures"),
    path("public/exposure/<int:pk>/", public.exposure_detail, name="portal-exposure"),
    path(
        "public/exposure/<int:pk>/feedback/",
        public.exposure_feedback,
        name="portal-exposure-feedback",
    ),
    path("public/typical-cases/", public.typical_case_list, name="portal-typical-cases"),
    path("public/typical-cases/<int:pk>/", public.typical_case_detail, name="portal-typical-case"),
    path(
        "public/typical-cases/<int:pk>/feedback/",
        public.typical_case_feedback,
        name="portal-typical-case-feedback",
    ),
    path("public/feedback/thanks/", public.feedback_thanks, name="portal-feedback-thanks"),
    path("feedback/", staff.feedback_inbox, name="feedback-inbox"),
    path("feedback/<int:pk>/handle/", staff.feedback_handle, name="feedback-handle"),
    path("exposures/new/", staff.exposure_new, name="exposure-new"),
    path("typical-cases/new/", staff.typical_case_new, name="typical-case-new"),
]
