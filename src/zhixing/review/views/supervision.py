"""Pages of upper-court supervision and entrustment: the case's 上级监督与委托 page (the actions on
this case; for an upper court's judge the forms 督促执行令、提级执行、指定执行、交叉执行; for the case's
own court 委托执行 and 执行请示), the 上级监督 list (what needs acting on first), and the steps of
an entrustment. Forms first; parse, select within scope, call one service, redirect (PRG)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhixing.cases import selectors as case_selectors
from zhixing.cases.forms import DATE
from zhixing.cases.models import EnforcementCase
from zhixing.closure.rules.modes import MODE_LABELS, Mode
from zhixing.core.errors import AccessDenied, DomainError, NotFound
from zhixing.core.views import not_future, perform_action, shows_errors, sourced
from zhixing.organization.models import Court
from zhixing.organization.selectors import staff_of

from ..models import SupervisionAction
from ..rules import supervision as rules
from ..selectors import supervision as selectors
from ..services import instructions as instruction_services
from ..services import supervision as services
from ..services._supervision_common import may

K = rules.Kind
TEXT = forms.Textarea(attrs={"rows": 3})


class _Dated(forms.Form):
    on = forms.DateField(label="决定日期", widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "on", self.fields["on"].label or "日期")
        return data


class OrderForm(_Dated):
    until = forms.DateField(
        label="限期执行至",
        widget=DATE,
        help_text="期限届满无正当理由仍未执行完结的，上级法院应当裁定提级执行或指定执行（执行程序解释 第12条）",
    )
    reason = forms.CharField(label="理由", max_length=2000, widget=TEXT)


class EscalateForm(_Dated):
    reason = forms.CharField(
        label="裁定理由",
        max_length=2000,
        widget=TEXT,
        help_text="本院立案执行；原执行法院的案件以“终结执行”方式结案，不另行制作裁定（法发〔2014〕26号 第17条）",
    )


class MoveForm(_Dated):
    to_court = forms.TypedChoiceField(label="指令执行的法院", coerce=int)
    reason = forms.CharField(label="裁定理由", max_length=2000, widget=TEXT)

    def __init__(self, *args: Any, courts: list[Court] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["to_court"].choices = [("", "请选择"), *[(c.pk, c.name) for c in courts or []]]


class EntrustForm(MoveForm):
    matters = forms.CharField(
        label="委托执行事项（可不填）",
        max_length=2000,
        required=False,
        widget=TEXT,
        help_text="如：执行被执行人位于该院辖区的房产",
    )

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["on"].label = "委托日期"
        self.fields["to_court"].label = "受托法院（同级法院）"
        self.fields[
            "to_court"
        ].help_text = "应当委托执行标的物所在地的同级人民法院（法释〔2011〕11号 第1条、第3条）"
        self.fields["reason"].label = "委托理由"
        self.fields[
            "reason"
        ].help_text = "如：被执行人在本辖区内已无财产可供执行，在外地有可供执行的财产"


class InstructForm(_Dated):
    question = forms.CharField(label="请示事项", max_length=4000, widget=TEXT)

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["on"].label = "请示日期"


FORM_KINDS: dict[str, tuple[type[Form], K | None, str]] = {
    "order": (OrderForm, K.ENFORCE_ORDER, "发出督促执行令"),
    "escalate": (EscalateForm, K.ESCALATION, "裁定提级执行"),
    "designate": (MoveForm, K.DESIGNATION, "裁定指定执行"),
    "cross": (MoveForm, K.CROSS_ASSIGNMENT, "裁定交叉执行"),
    "entrust": (EntrustForm, K.ENTRUSTMENT, "委托执行"),
    "instruct": (InstructForm, None, "向上级法院请示"),
}


class SupervisionPage:
    def __init__(self, request: HttpRequest, case: EnforcementCase) -> None:
        self.request, self.case = request, case
        self.today = timezone.localdate()
        self.bound: dict[str, Form] = {}
        actor = request.user
        staff = staff_of(actor)
        self.deciding_court = staff.court if staff else None
        self.allowed = {
            name: services.may_decide(actor, case, kind)
            for name, (_, kind, _) in FORM_KINDS.items()
            if kind is not None and kind is not K.ENTRUSTMENT
        }
        # A case received by entrustment is not entrusted on: the entrusting court keeps the
        # rulings (法释〔2011〕11号), so the form is not offered there.
        open_order = SupervisionAction.objects.filter(
            kind=K.ENFORCE_ORDER, case=case, status__in=services.OPEN_STATES
        ).exists()
        if open_order:
            self.allowed["order"] = False
        self.allowed["entrust"] = (
            case.status == EnforcementCase.Status.DOCKETED and case.arrival != "entrustment"
        ) and may(actor, case.court_id, rules.DECIDER_ROLES[K.ENTRUSTMENT])
        self.allowed["instruct"] = case.filed_on is not None and may(
            actor, case.court_id, instruction_services.ASK_ROLES
        )

    def courts(self, kind: K) -> list[Court]:
        if self.deciding_court is None:
            return []
        return selectors.courts_for(
            kind, case_court=self.case.court, deciding_court=self.deciding_court
        )

    def form(self, name: str, data: Any = None) -> Form:
        cls, kind, _ = FORM_KINDS[name]
        initial = {"on": self.today}
        if cls in (MoveForm, EntrustForm):
            assert kind is not None
            return cls(data, initial=initial, prefix=name, courts=self.courts(kind))  # type: ignore[call-arg]
        return cls(data, initial=initial, prefix=name)

    def perform(self, name: str, form: Form) -> str:
        actor, data, case = self.request.user, form.cleaned_data, self.case
        if name == "order":
            services.enforce_order(
                actor=actor, case=case, on=data["on"], until=data["until"], reason=data["reason"]
            )
            return f"已发出督促执行令，限 {data['until']:%Y年%m月%d日} 前执行完结"
        if name == "instruct":
            row = instruction_services.instruction_request(
                actor=actor, on=data["on"], question=data["question"], case=case
            )
            return f"已向{row.to_court.name}请示，案号 {row.case_number}"
        to_court = None
        if "to_court" in data:
            to_court = Court.objects.filter(pk=data["to_court"]).first()
        if name == "entrust":
            action = services.entrust(
                actor=actor,
                case=case,
                on=data["on"],
                to_court=to_court,
                reason=data["reason"],
                matters=data.get("matters", ""),
            )
            return f"已委托{action.to_court}执行；受托法院立案后，请作委托结案处理"
        if name == "escalate":
            action = services.escalate(actor=actor, case=case, on=data["on"], reason=data["reason"])
        elif name == "designate":
            action = services.designate(
                actor=actor, case=case, on=data["on"], to_court=to_court, reason=data["reason"]
            )
        else:
            action = services.cross_assign(
                actor=actor, case=case, on=data["on"], to_court=to_court, reason=data["reason"]
            )
        assert action.new_case is not None
        return (
            f"已{rules.KIND_LABELS[K(action.kind)]}：{action.to_court.name if action.to_court else ''}"
            f"立案 {action.new_case.case_number}，原案以“终结执行”结案"
        )

    def render(self, status: int = 200) -> HttpResponse:
        forms_ = []
        for name, (_, kind, label) in FORM_KINDS.items():
            if not self.allowed.get(name):
                continue
            form = self.bound.get(name) or self.form(name)
            source = rules.KIND_SOURCES[kind] if kind else instruction_services.SOURCE
            forms_.append({"name": name, "label": label, "form": form, "source": source})
        upper = [f for f in forms_ if f["name"] in ("order", "escalate", "designate", "cross")]
        own = [f for f in forms_ if f["name"] in ("entrust", "instruct")]
        rows = selectors.case_actions(self.request.user, self.case)
        steps = [_steps(self.request, r.action, self.case) for r in rows]
        return render(
            self.request,
            "review/supervision_case.html",
            {
                "case": self.case,
                "rows": list(zip(rows, steps, strict=True)),
                "instructions": selectors.case_instructions(self.request.user, self.case),
                "upper_forms": upper,
                "own_forms": own,
                "today": self.today,
                "closure_label": _closure_label(self.case.closure_mode),
            },
            status=status,
        )


def _closure_label(mode: str) -> str:
    try:
        return MODE_LABELS[Mode(mode)]
    except ValueError:
        return mode


# --- entrustment steps and order completion: small forms on the case page and the list --------


class StepForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE)
    text = forms.CharField(label="说明", max_length=2000, required=False, widget=TEXT)


STEPS: dict[str, tuple[str, str]] = {
    # step: (button, date label)
    "receive": ("立案受理", "收到委托函件日期"),
    "close": ("委托结案", "结案日期"),
    "start": ("开始执行", "开始执行日期"),
    "report": ("函告执行情况", "函告日期"),
    "ask": ("请求上级法院指令执行", "请求日期"),
    "comply": ("督促执行令办结", "办结日期"),
}


def _steps(
    request: HttpRequest, action: SupervisionAction, here: EnforcementCase | None
) -> list[dict[str, Any]]:
    """The steps the actor can take on this action now, as small forms (the services check again)."""
    return [
        {
            "step": name,
            "button": STEPS[name][0],
            "date_label": STEPS[name][1],
            "needs_text": name in ("report", "ask", "comply"),
            "text_required": name == "report",
        }
        for name in _step_names(request, action)
    ]


def _step_names(request: HttpRequest, action: SupervisionAction) -> list[str]:
    actor = request.user
    kind = K(action.kind)
    if action.status == SupervisionAction.Status.DONE:
        return []
    result = []
    if kind is K.ENFORCE_ORDER:
        if may(actor, action.deciding_court_id, rules.SUPERVISION_ROLES):
            result.append("comply")
        return result
    if kind is not K.ENTRUSTMENT or action.to_court_id is None:
        return result
    if action.received_on is None:
        if may(actor, action.to_court_id, rules.RECEIVE_ROLES):
            result.append("receive")
        return result
    if action.case.status == EnforcementCase.Status.DOCKETED and may(
        actor, action.court_id, rules.RULING_ROLES
    ):
        result.append("close")
    if may(actor, action.to_court_id, rules.PROGRESS_ROLES):
        if action.started_on is None:
            result.append("start")
        result.append("report")
    if (
        action.started_on is None
        and action.superior_asked_on is None
        and action.overdue_since is not None
        and may(actor, action.court_id, rules.ASK_ROLES)
    ):
        result.append("ask")
    return result


@login_required
@shows_errors
def case_supervision(request: HttpRequest, pk: int) -> HttpResponse:
    return SupervisionPage(request, case_selectors.case_get(actor=request.user, pk=pk)).render()


@login_required
@require_POST
@shows_errors
def case_supervision_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in FORM_KINDS:
        raise NotFound("没有这项办理功能")
    case = case_selectors.case_get(actor=request.user, pk=pk)
    page = SupervisionPage(request, case)
    if not page.allowed.get(action):
        raise AccessDenied("您不能在本案办理此事项，或案件当前状态不允许")
    form = page.form(action, request.POST)
    outcome = perform_action(
        request,
        form,
        lambda: page.perform(action, form),
        done_url=reverse("case-supervision", args=[case.pk]),
        not_found_page=True,
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    page.bound[action] = form
    return page.render(status=outcome)


@login_required
@require_POST
@shows_errors
def supervision_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise NotFound("没有这项办理功能")
    action = selectors.action_get(actor=request.user, pk=pk)
    back = request.POST.get("back") or ""
    allowed_back = {
        reverse("supervision-list"),
        reverse("case-supervision", args=[action.case_id]),
        *([reverse("case-supervision", args=[action.new_case_id])] if action.new_case_id else []),
    }
    done_url = back if back in allowed_back else reverse("supervision-list")
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写日期")
        return redirect(done_url)
    on, note = form.cleaned_data["on"], form.cleaned_data.get("text", "")
    actor = request.user
    try:
        if step == "receive":
            row = services.entrustment_receive(actor=actor, action=action, on=on)
            done = f"已立案受理：{row.new_case}；应于十五日内开始执行"
        elif step == "close":
            services.entrustment_close(actor=actor, action=action, on=on)
            done = "已作委托结案处理（终结执行）"
        elif step == "start":
            services.entrustment_start(actor=actor, action=action, on=on)
            done = "已记录开始执行"
        elif step == "report":
            services.entrustment_report(actor=actor, action=action, on=on, report=note)
            done = "已记录函告执行情况"
        elif step == "ask":
            services.entrustment_ask_superior(actor=actor, action=action, on=on, note=note)
            done = "已请求受托法院的上级法院指令执行"
        else:
            services.enforce_order_comply(actor=actor, action=action, on=on, note=note)
            done = "督促执行令已办结"
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        messages.error(request, sourced(error.message, error.source))
        return redirect(done_url)
    messages.success(request, done)
    return redirect(done_url)


@login_required
def supervision_list(request: HttpRequest) -> HttpResponse:
    rows, more = selectors.supervision_list(request.user)
    pending = [(a, _steps(request, a, None)) for a in selectors.received_entrustments(request.user)]
    return render(
        request,
        "review/supervision_list.html",
        {
            "rows": [(r, _steps(request, r.action, None)) for r in rows],
            "pending": pending,
            "more": more,
            "today": timezone.localdate(),
            "steps": STEPS,
        },
    )


urlpatterns = [
    path("cases/<int:pk>/supervision/", case_supervision, name="case-supervision"),
    path(
        "cases/<int:pk>/supervision/<str:action>/",
        case_supervision_action,
        name="case-supervision-action",
    ),
    path("supervision/", supervision_list, name="supervision-list"),
    path("supervision/<int:pk>/<str:step>/", supervision_step, name="supervision-step"),
]
