"""Pages of the correction area (失信规定 第11—12条): /credit/corrections/ — the court's requests
with the date each is due next (overdue highlighted) and the 复议 addressed to an upper court, with
the form to register a new written request — and /credit/corrections/<pk>/ with the forms of the
request's next step. Forms post, then redirect (PRG); refusals show beside their field with the
article."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from zhixing.cases.forms import DATE
from zhixing.cases.services.toolkit import holds_at
from zhixing.core.errors import DomainError, NotFound
from zhixing.core.views import int_param, not_future, perform_action, shows_errors, sourced, today
from zhixing.organization.selectors import staff_of

from ..models import CorrectionRequest
from ..rules import listing as rules
from ..selectors import correction as selectors
from ..services import correction as services

TEXT = forms.Textarea(attrs={"rows": 3})
S = CorrectionRequest.Status
Rc = CorrectionRequest.Reconsideration
REMOVAL_CHOICES = [("", "——")] + [
    (g.value, label) for g, label in rules.REMOVAL_GROUND_LABELS.items()
]


class _DatedForm(forms.Form):
    date_fields: tuple[tuple[str, str], ...] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, label in self.date_fields:
            not_future(self, name, label)
        return data


class ReceiveForm(_DatedForm):
    listing = forms.CharField(
        label="失信名单信息",
        max_length=60,
        help_text="填写名单编号、决定书文号，或（该案只有一条在列信息的）执行案号",
    )
    reason = forms.ChoiceField(label="纠正理由", choices=CorrectionRequest.Reason.choices)
    requested_by = forms.CharField(label="申请人", max_length=100)
    statement = forms.CharField(label="申请内容", max_length=2000, widget=TEXT)
    received_on = forms.DateField(label="收到书面申请日期", widget=DATE)
    date_fields = (("received_on", "收到书面申请日期"),)


class DecideForm(_DatedForm):
    granted = forms.ChoiceField(
        label="审查结果",
        choices=[("yes", "理由成立，予以纠正"), ("no", "理由不成立，驳回")],
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label="审查决定日期", widget=DATE)
    reason = forms.CharField(label="审查意见", max_length=2000, widget=TEXT)
    removal_ground = forms.ChoiceField(
        label="应予删除的情形",
        choices=REMOVAL_CHOICES,
        required=False,
        help_text="“失信信息应予删除”且理由成立的，选择删除情形后即予删除（失信规定 第10条）",
    )
    served_on = forms.DateField(
        label="驳回决定送达日期（可不填）",
        widget=DATE,
        required=False,
        help_text="驳回的，复议期间自送达之日起十日（失信规定 第12条）",
    )
    date_fields = (("on", "审查决定日期"), ("served_on", "送达日期"))


class ApplyForm(_DatedForm):
    on = forms.DateField(label="纠正日期", widget=DATE)
    removal_ground = forms.ChoiceField(label="删除情形", choices=REMOVAL_CHOICES, required=False)
    date_fields = (("on", "纠正日期"),)

    def __init__(self, *args: Any, request: CorrectionRequest, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.reason = request.reason
        if request.reason != CorrectionRequest.Reason.SHOULD_DELETE:
            del self.fields["removal_ground"]
        if request.reason == CorrectionRequest.Reason.INACCURATE:
            listing = request.listing
            for name, (label, length) in services.CORRECTABLE.items():
                widget = TEXT if length > 300 else None
                self.fields[name] = forms.CharField(
                    label=label,
                    max_length=length,
                    required=False,
                    initial=getattr(listing, name),
                    widget=widget,
                )
            # the whole number is not put on the page: typed only when it is the correction
            self.fields["id_number"].initial = ""
            self.fields[
                "id_number"
            ].help_text = (
                f"现公布为 {listing.id_masked or '（无）'}；需要更正的，填写更正后的完整号码"
            )


class ServeForm(_DatedForm):
    served_on = forms.DateField(label="驳回决定送达日期", widget=DATE)
    date_fields = (("served_on", "送达日期"),)


class FileForm(_DatedForm):
    filed_on = forms.DateField(label="申请复议日期", widget=DATE)
    date_fields = (("filed_on", "申请复议日期"),)


class ReconsiderForm(_DatedForm):
    upheld = forms.ChoiceField(
        label="复议结果",
        choices=[("yes", "驳回复议申请，维持原决定"), ("no", "撤销驳回决定，由执行法院纠正")],
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label="复议决定日期", widget=DATE)
    reason = forms.CharField(label="复议意见", max_length=2000, widget=TEXT)
    date_fields = (("on", "复议决定日期"),)


ACTIONS: dict[str, type[_DatedForm]] = {
    "decide": DecideForm,
    "apply": ApplyForm,
    "serve": ServeForm,
    "file": FileForm,
    "reconsider": ReconsiderForm,
}


def _show(form: forms.Form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, sourced(error.message, error.source, "依据："))


def _allowed(actor: Any, row: CorrectionRequest) -> list[str]:
    """The steps the actor may take now (the services check again)."""
    court = row.court_id
    upper = row.court.parent_id
    steps = []
    if row.status == S.RECEIVED and holds_at(actor, [court], services.DECIDE_ROLES):
        steps.append("decide")
    if row.status == S.GRANTED and holds_at(actor, [court], services.DECIDE_ROLES):
        steps.append("apply")
    if row.status == S.REJECTED and not row.reconsideration:
        if row.served_on is None and holds_at(actor, [court], services.RECEIVE_ROLES):
            steps.append("serve")
        courts = [court] + ([upper] if upper else [])
        if row.served_on is not None and holds_at(actor, courts, services.RECEIVE_ROLES):
            steps.append("file")
    if row.reconsideration == Rc.PENDING and row.reconsideration_court_id:
        staff = staff_of(actor)
        if (
            staff is not None
            and staff.court_id == row.reconsideration_court_id
            and holds_at(actor, [staff.court_id], services.RECONSIDERATION_ROLES)
        ):
            steps.append("reconsider")
    return steps


def _form(action: str, row: CorrectionRequest, data: Any = None) -> forms.Form:
    cls = ACTIONS[action]
    kw: dict[str, Any] = {"prefix": action}
    if action == "apply":
        kw["request"] = row
    if data is None:
        first_date = next(iter(cls.date_fields), None)
        kw["initial"] = {first_date[0]: today()} if first_date else {}
        form = cls(**kw)
    else:
        form = cls(data, **kw)
    if action == "decide" and row.reason != CorrectionRequest.Reason.SHOULD_DELETE:
        del form.fields["removal_ground"]  # only a deletion needs its ground (第10条)
    return form


# --- the list ------------------------------------------------------------------------------------


def _may_receive(actor: Any) -> bool:
    staff = staff_of(actor)
    return staff is not None and holds_at(actor, [staff.court_id], services.RECEIVE_ROLES)


def _list_page(
    request: HttpRequest, form: ReceiveForm | None = None, status: int = 200
) -> HttpResponse:
    actor = request.user
    if form is None and _may_receive(actor):
        initial: dict[str, Any] = {"received_on": today()}
        preset = request.GET.get("listing", "")
        listing = None
        if int_param(preset) is not None:
            try:
                listing = selectors.listing_for_request(actor=actor, key=preset)
            except DomainError:
                listing = None
            if listing is not None:
                initial["listing"] = str(listing.pk)
        form = ReceiveForm(initial=initial, prefix="receive")
        if listing is not None:
            form.fields["listing"].help_text = (
                f"名单编号 {listing.pk}：{listing.name}（{listing.case_number}，"
                f"{listing.decision_number or '尚无决定书文号'}）"
            )
    rows = selectors.request_rows(actor=actor, today=today())
    return render(
        request,
        "credit/correction_list.html",
        {"rows": rows, "form": form, "source": selectors.SOURCE},
        status=status,
    )


@login_required
@shows_errors
def correction_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@login_required
@require_POST
@shows_errors
def correction_new(request: HttpRequest) -> HttpResponse:
    actor = request.user
    form = ReceiveForm(request.POST, prefix="receive")
    created: list[CorrectionRequest] = []

    def perform() -> str:
        data = form.cleaned_data
        listing = selectors.listing_for_request(actor=actor, key=data["listing"])
        created.append(
            services.correction_receive(
                actor=actor,
                listing=listing,
                reason=data["reason"],
                statement=data["statement"],
                requested_by=data["requested_by"],
                received_on=data["received_on"],
            )
        )
        due = created[0].review_due_on
        return f"已登记纠正申请，应于{due:%Y年%m月%d日}前审查完毕"

    outcome = perform_action(
        request, form, perform, done_url=reverse("credit-corrections"), show=_show
    )
    if isinstance(outcome, HttpResponse):
        if created:
            outcome["Location"] = reverse("credit-correction", args=[created[0].pk])
        return outcome
    return _list_page(request, form, status=outcome)


# --- one request ---------------------------------------------------------------------------------


def _detail_page(
    request: HttpRequest,
    row: CorrectionRequest,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    steps = _allowed(request.user, row)
    due = selectors.next_due(row)
    return render(
        request,
        "credit/correction_detail.html",
        {
            "req": row,
            "listing": row.listing,
            "due": due,
            "overdue": bool(due and due.overdue(today())),
            "forms": {step: bound.get(step) or _form(step, row) for step in steps},
            "source": selectors.SOURCE,
        },
        status=status,
    )


@login_required
@shows_errors
def correction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, selectors.request_get(actor=request.user, pk=pk))


@login_required
@require_POST
@shows_errors
def correction_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise NotFound("没有这项办理功能")
    actor = request.user
    row = selectors.request_get(actor=actor, pk=pk)
    form = _form(action, row, request.POST)

    def perform() -> str:
        data = form.cleaned_data
        if action == "decide":
            done = services.correction_decide(
                actor=actor,
                request=row,
                granted=data["granted"] == "yes",
                on=data["on"],
                reason=data["reason"],
                removal_ground=data.get("removal_ground", ""),
                served_on=data.get("served_on"),
            )
            if done.status == S.CORRECTED:
                return "理由成立，已纠正失信信息"
            if done.status == S.GRANTED:
                return f"理由成立，请于{done.correct_due_on:%Y年%m月%d日}前完成纠正"
            return "已驳回纠正申请"
        if action == "apply":
            listing = row.listing
            changes = {
                name: data[name]
                for name in services.CORRECTABLE
                if data.get(name) and data[name] != (getattr(listing, name) or "")
            }
            services.correction_apply(
                actor=actor,
                request=row,
                on=data["on"],
                removal_ground=data.get("removal_ground", ""),
                **changes,
            )
            return "已纠正失信信息，联动单位将收到变更"
        if action == "serve":
            services.correction_serve(actor=actor, request=row, served_on=data["served_on"])
            return "已登记送达日期"
        if action == "file":
            done = services.reconsideration_file(
                actor=actor, request=row, filed_on=data["filed_on"]
            )
            return (
                f"已登记复议申请，由{done.reconsideration_court.name}于"
                f"{done.reconsideration_due_on:%Y年%m月%d日}前审查；复议期间不停止原决定的执行"
            )
        services.reconsideration_decide(
            actor=actor,
            request=row,
            upheld=data["upheld"] == "yes",
            on=data["on"],
            reason=data["reason"],
        )
        return "已作出复议决定"

    outcome = perform_action(
        request,
        form,
        perform,
        done_url=reverse("credit-correction", args=[row.pk]),
        show=_show,
        not_found_page=True,
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    return _detail_page(request, row, {action: form}, status=outcome)


urlpatterns = [
    path("credit/corrections/", correction_list, name="credit-corrections"),
    path("credit/corrections/new/", correction_new, name="credit-correction-new"),
    path("credit/corrections/<int:pk>/", correction_detail, name="credit-correction"),
    path(
        "credit/corrections/<int:pk>/<str:action>/",
        correction_action,
        name="credit-correction-action",
    ),
]
