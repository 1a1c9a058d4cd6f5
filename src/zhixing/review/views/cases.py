"""Pages: a case's review matters. TO BE BUILT by the review helper."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path


def case_review(request: HttpRequest, pk: int) -> HttpResponse:
    return redirect("case-detail", pk=pk)


urlpatterns = [path("cases/<int:pk>/review/", case_review, name="case-review")]
