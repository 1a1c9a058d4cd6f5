"""Pages: a case's 结案 page (modes, the 终本 checklist). TO BE BUILT by the closure helper."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path


def case_closure(request: HttpRequest, pk: int) -> HttpResponse:
    return redirect("case-detail", pk=pk)


urlpatterns = [path("cases/<int:pk>/closure/", case_closure, name="case-closure")]
