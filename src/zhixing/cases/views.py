"""Pages for enforcement cases: parse, select within scope, call the services, redirect (PRG).

立案 (case_new), the case page and its actions (case_detail, case_action), 我的待办 (worklist),
超期督办 (overdue_list, reminder_send), 案件统计 (dashboard), 案件列表 (case_list), 批量分配
(bulk_assign), 文书 (case_document) and the public 期限计算器 (period_calculator).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import AccessDenied, DomainError, NotFound, add_to_form
from zhixing.core.rules.case_number import parse_case_number
from zhixing.core.rules.roles import Role
from zhixing.core.views import docx_response, int_param
from zhixing.organization.models import Staff, StaffRole
from zhixing.organization.selectors import court_list, roles_of, scope_of, staff_list, staff_of

from . import hooks, selectors, services
from .forms import (
    FILE_NOW,
    ApplicantFormSet,
    BulkAssignForm,
    CaseFilterForm,
    CollegialForm,
    CourtFilterForm,
    DocketForm,
    ExtensionDecideForm,
    ExtensionRequestForm,
    FeedbackAnswerForm,
    FeedbackForm,
    FilingForm,
    NodeForm,
    OfficerAssignForm,
    PeriodCalculatorForm,
    RefuseForm,
    ReminderForm,
    RespondentFormSet,
    StageAssignForm,
)
from .inputs import BasisInput, PartyInput
from .models import CaseDeadline, EnforcementCase, Party, StageAssignment, Team
from .rules import filing
from .rules.deadlines import RECIPES, DeadlineCode, Unit
from .rules.nodes import (
    ASSIGNING_ROLES,
    EXTENSION_APPROVERS,
    FILING_ROLES,
    MANUAL_NODES,
    NODE_TABLE,
    STAGE_LABELS,
    NodeCode,
    Recorded,
    Stage,
    check_node,
)
from .templatetags.cases_tags import case_label, countdown_of

N = NodeCode
PAGE_SIZE = 50
OPEN_STATUSES = (EnforcementCase.Status.RECEIVED.value, EnforcementCase.Status.DOCKETED.value)
WORKLIST_LIMIT = 300
BULK_LIMIT = 200
REMINDING_ROLES = frozenset({Role.BUREAU_CHIEF, Role.PRESIDENT, Role.VICE_PRESIDENT})
PANEL_ROLES = frozenset({Role.JUDGE, Role.OFFICER, Role.BUREAU_CHIEF})
FEEDBACK_ROLES = frozenset({Role.OFFICER, Role.JUDGE})
ANSWER_ROLES = frozenset({Role.JUDGE})
CASE_STAFF_ROLES = frozenset(
    {Role.OFFICER, Role.JUDGE, Role.ASSISTANT, Role.CLERK, Role.JUDICIAL_POLICE}
)
MANUAL_NODE_ROLES = frozenset().union(*(NODE_TABLE[c].roles for c in MANUAL_NODES))

# Labels of the data a node carries, for the timeline (ids and zero months are not shown).
DATA_LABELS = {
    "case_number": "案号",
    "officer_name": "承办人",
    "requested_months": "申请延长（月）",
    "months": "延长（月）",
    "reason": "理由",
    "lead": "线索",
    "result": "结果",
    "measure": "措施",
    "property": "财产",
    "amount": "金额",
    "until": "暂缓至",
    "mode": "结案方式",
    "respondent": "被执行人",
    "conduct": "妨害行为",
    "record": "约谈笔录",
    "document": "确认书",
    "ground": "情形",
    "decision": "合议庭审查意见",
}


def _today() -> date:
    return timezone.localdate()


def _error_page(request: HttpRequest, error: DomainError) -> HttpResponse:
    return render(request, "core/error.html", {"error": error}, status=error.status)


def _may_remind(me: Staff | None, roles: frozenset[Role], court_id: int) -> bool:
    """reminder_send's rule, to decide whether to offer the form: bureau chiefs and court leaders
    of the court, and anyone of an upper court."""
    return me is not None and (me.court_id != court_id or bool(roles & REMINDING_ROLES))


def _many_courts(actor: Any) -> bool:
    ids = scope_of(actor).court_ids
    return ids is None or len(ids) > 1


def _officer_load(actor: Any, court_id: int) -> dict[int, int]:
    """承办人 → open cases held, so an assigner can spread the work (one grouped query)."""
    return dict(
        selectors.case_list(
            actor=actor, court_id=court_id, status=EnforcementCase.Status.DOCKETED.value
        )
        .filter(officer__isnull=False)
        .order_by()
        .values("officer_id")
        .annotate(n=Count("id"))
        .values_list("officer_id", "n")
    )


def _with_load(field: Any, load: dict[int, int]) -> None:
    field.label_from_instance = lambda staff: f"{staff.name}（在办 {load.get(staff.pk, 0)} 件）"


def _court_staff(actor: Any, court: Any, roles: frozenset[Role]) -> QuerySet[Staff]:
    """Active staff of `court` holding one of `roles`, within the actor's scope."""
    holders = StaffRole.objects.filter(role__in=[r.value for r in roles]).values("staff_id")
    return staff_list(actor=actor, court=court).filter(is_active=True, pk__in=holders)


# ---------------------------------------------------------------- 立案


FILING_FIELDS = {
    "basis.amount": "basis_amount",
    "basis": "obligations",
    "occurred_on": "filed_on",
    "parties": None,
}


def _show_filing_error(error: DomainError, form: FilingForm, rows: list[Any]) -> None:
    """Puts a service refusal beside its field: parties.<i>.<name> points into the party rows."""
    name = error.field or ""
    if name.startswith("parties."):
        _, index, attr = (name.split(".") + ["", ""])[:3]
        if index.isdigit() and int(index) < len(rows):
            row = rows[int(index)]
            row.add_error(attr if attr in row.fields else None, error.message)
            return
    if name in FILING_FIELDS:
        form.add_error(FILING_FIELDS[name], error.message)
        return
    add_to_form(form, error)


def _party_inputs(formset: Any, role: filing.PartyRole) -> tuple[list[PartyInput], list[Any]]:
    filled = [f for f in formset.forms if f.has_changed() and f.cleaned_data]
    inputs = [
        PartyInput(
            role=role.value,
            kind=f.cleaned_data["kind"],
            name=f.cleaned_data["name"],
            id_number=f.cleaned_data["id_number"],
            credit_code=f.cleaned_data["credit_code"],
            legal_representative=f.cleaned_data["legal_representative"],
            phone=f.cleaned_data["phone"],
        )
        for f in filled
    ]
    return inputs, filled


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    actor = request.user
    if not roles_of(actor) & FILING_ROLES:
        return _error_page(
            request, AccessDenied("只有书记员、法官助理、执行员、执行法官可以登记立案")
        )
    courts = court_list(actor=actor)
    me = staff_of(actor)
    today = _today()
    form = FilingForm(
        request.POST or None,
        courts=courts,
        initial={
            "court": me.court_id if me else None,
            "received_on": today,
            "filed_on": today,
            "type_code": filing.CaseType.FIRST.value,
            "origin": filing.Origin.CIVIL_JUDGMENT.value,
            "arrival": filing.Arrival.APPLICATION.value,
        },
    )
    applicants = ApplicantFormSet(request.POST or None, prefix="applicants")
    respondents = RespondentFormSet(request.POST or None, prefix="respondents")
    status = 200
    if request.method == "POST":
        valid = [form.is_valid(), applicants.is_valid(), respondents.is_valid()]
        status = 422
        if all(valid):
            applicant_inputs, applicant_rows = _party_inputs(applicants, filing.PartyRole.APPLICANT)
            respondent_inputs, respondent_rows = _party_inputs(
                respondents, filing.PartyRole.RESPONDENT
            )
            data = form.cleaned_data
            try:
                with transaction.atomic():  # a refused docketing leaves nothing behind
                    case = services.case_receive(
                        actor=actor,
                        court=data["court"],
                        type_code=data["type_code"],
                        origin=data["origin"],
                        arrival=data["arrival"],
                        received_on=data["received_on"],
                        claim_amount=data["claim_amount"],
                        basis=BasisInput(
                            issuing_body=data["issuing_body"],
                            document_number=data["document_number"],
                            effective_on=data["effective_on"],
                            performance_deadline=data["performance_deadline"],
                            obligations=data["obligations"],
                            amount=data["basis_amount"],
                        ),
                        parties=applicant_inputs + respondent_inputs,
                    )
                    if data["mode"] == FILE_NOW:
                        case = services.case_docket(
                            actor=actor,
                            case=case,
                            on=data["filed_on"],
                            checklist={key: True for key in data["checklist"]},
                        )
            except DomainError as error:
                _show_filing_error(error, form, applicant_rows + respondent_rows)
                status = error.status
            else:
                if case.case_number:
                    messages.success(request, f"已立案，案号 {case.case_number}")
                else:
                    messages.success(
                        request,
                        "已登记收案。请在 7 日内审查：符合受理条件的立案，不符合的裁定不予受理",
                    )
                return redirect("case-detail", pk=case.pk)
    errors = 0
    if form.is_bound:
        errors = sum(len(e) for e in form.errors.values()) + sum(
            len(fs.non_form_errors()) + sum(len(e) for f in fs.forms for e in f.errors.values())
            for fs in (applicants, respondents)
        )
    return render(
        request,
        "cases/case_new.html",
        {
            "form": form,
            "applicants": applicants,
            "respondents": respondents,
            "error_count": errors,
        },
        status=status,
    )


# ---------------------------------------------------------------- 案件页面


@dataclass
class DeadlineRow:
    row: CaseDeadline
    label: str
    source: str
    countdown: Any
    may_remind: bool


@dataclass
class CasePage:
    """Everything the case page shows, and which actions the actor is offered."""

    request: HttpRequest
    case: EnforcementCase
    bound: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def actor(self) -> Any:
        return self.request.user

    @cached_property
    def roles(self) -> frozenset[Role]:
        return roles_of(self.actor)

    @cached_property
    def me(self) -> Staff | None:
        return staff_of(self.actor)

    @cached_property
    def today(self) -> date:
        return _today()

    @cached_property
    def events(self) -> list[Any]:
        return list(self.case.events.order_by("seq"))

    @cached_property
    def history(self) -> list[Recorded]:
        return [Recorded(NodeCode(e.code), e.occurred_on) for e in self.events]

    @cached_property
    def pending_extension(self) -> Any:
        """The extension request still waiting for a decision, if any."""
        codes = {N.EXTENSION_REQUESTED.value, N.EXTENSION_APPROVED.value, N.EXTENSION_REFUSED.value}
        last = [e for e in self.events if e.code in codes]
        return last[-1] if last and last[-1].code == N.EXTENSION_REQUESTED.value else None

    @property
    def open(self) -> bool:
        return self.case.status == EnforcementCase.Status.DOCKETED

    def allowed(self, action: str) -> bool:
        roles, case = self.roles, self.case
        if action in ("docket", "refuse"):
            return case.status == EnforcementCase.Status.RECEIVED and bool(roles & FILING_ROLES)
        if not self.open:
            return False
        return {
            "node": bool(roles & MANUAL_NODE_ROLES),
            "extension_request": bool(roles & NODE_TABLE[N.EXTENSION_REQUESTED].roles),
            "extension_decide": bool(roles & EXTENSION_APPROVERS)
            and self.pending_extension is not None,
            "officer": bool(roles & ASSIGNING_ROLES),
            "stage": bool(roles & ASSIGNING_ROLES),
            "collegial": bool(roles & PANEL_ROLES),
            "feedback": bool(roles & FEEDBACK_ROLES),
            "answer": bool(roles & ANSWER_ROLES),
        }.get(action, False)

    def node_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The hand-recordable nodes the actor's roles allow: first those possible now."""
        now, later = [], []
        for code in MANUAL_NODES:
            node = NODE_TABLE[code]
            if not node.roles & self.roles:
                continue
            blocked = check_node(code, self.history, self.roles)
            (later if blocked else now).append((code.value, node.label))
        groups: list[Any] = [("", "（请选择节点）")]
        if now:
            groups.append(("可以记录", now))
        if later:
            groups.append(("暂不满足记录条件", later))
        return groups

    def blocked_nodes(self) -> list[tuple[str, str]]:
        return [
            (NODE_TABLE[code].label, refusals[0].message)
            for code in MANUAL_NODES
            if NODE_TABLE[code].roles & self.roles
            and (refusals := check_node(code, self.history, self.roles))
        ]

    @cached_property
    def officers(self) -> QuerySet[Staff]:
        return _court_staff(self.actor, self.case.court, frozenset({Role.OFFICER, Role.JUDGE}))

    @cached_property
    def court_staff(self) -> QuerySet[Staff]:
        return _court_staff(self.actor, self.case.court, CASE_STAFF_ROLES | {Role.BUREAU_CHIEF})

    def form(self, action: str, data: Any = None, key: Any = None) -> Any:
        """The form of `action`, unbound with today's date, or bound to `data`."""
        today = self.today
        prefix = action if key is None else f"{action}-{key}"
        make: dict[str, Callable[[], Any]] = {
            "docket": lambda: DocketForm(data, prefix=prefix, initial={"occurred_on": today}),
            "refuse": lambda: RefuseForm(data, prefix=prefix, initial={"occurred_on": today}),
            "node": lambda: NodeForm(
                data, prefix=prefix, choices=self.node_choices(), initial={"occurred_on": today}
            ),
            "extension_request": lambda: ExtensionRequestForm(
                data, prefix=prefix, initial={"occurred_on": today}
            ),
            "extension_decide": lambda: ExtensionDecideForm(
                data,
                prefix=prefix,
                initial={
                    "occurred_on": today,
                    "months": (self.pending_extension.data or {}).get("requested_months")
                    if self.pending_extension
                    else None,
                },
            ),
            "officer": lambda: OfficerAssignForm(
                data,
                prefix=prefix,
                officers=self.officers,
                initial={"occurred_on": today, "officer": self.case.officer_id},
            ),
            "stage": lambda: StageAssignForm(
                data,
                prefix=prefix,
                staff=self.court_staff,
                teams=Team.objects.filter(court_id=self.case.court_id).order_by("name"),
                initial={"occurred_on": today},
            ),
            "collegial": lambda: CollegialForm(
                data,
                prefix=prefix,
                staff=self.court_staff,
                initial={"decided_on": today, "kind": "panel"},
            ),
            "feedback": lambda: FeedbackForm(data, prefix=prefix, initial={"occurred_on": today}),
            "answer": lambda: FeedbackAnswerForm(
                data, prefix=prefix, initial={"occurred_on": today}
            ),
        }
        form = make[action]()
        if action == "officer":
            _with_load(form.fields["officer"], _officer_load(self.actor, self.case.court_id))
        return form

    def perform(self, action: str, form: Any, key: Any = None) -> str:
        """Calls the one service of `action`; returns the success message."""
        actor, case, d = self.actor, self.case, form.cleaned_data
        if action == "docket":
            case = services.case_docket(
                actor=actor,
                case=case,
                on=d["occurred_on"],
                checklist={k: True for k in d["checklist"]},
            )
            return f"已立案，案号 {case.case_number}"
        if action == "refuse":
            services.case_refuse(actor=actor, case=case, on=d["occurred_on"], reason=d["reason"])
            return "已裁定不予受理"
        if action == "node":
            services.node_record(
                actor=actor,
                case=case,
                code=d["code"],
                on=d["occurred_on"],
                data=form.node_data(),
                note=d["note"],
            )
            return f"已记录节点：{NODE_TABLE[NodeCode(d['code'])].label}"
        if action == "extension_request":
            services.extension_request(
                actor=actor, case=case, on=d["occurred_on"], months=d["months"], reason=d["reason"]
            )
            return "延长执行期限的申请已提交，等待院长审批"
        if action == "extension_decide":
            approve = d["decision"] == "approve"
            services.extension_decide(
                actor=actor,
                case=case,
                on=d["occurred_on"],
                approve=approve,
                months=d["months"] or 0,
                note=d["note"],
            )
            return f"已批准延长执行期限 {d['months']} 个月" if approve else "已决定不批准延长"
        if action == "officer":
            services.officer_assign(
                actor=actor, cases=[case], officer=d["officer"], on=d["occurred_on"]
            )
            return f"已确定承办人：{d['officer'].name}"
        if action == "stage":
            services.stage_assign(
                actor=actor,
                cases=[case],
                stage=d["stage"],
                on=d["occurred_on"],
                staff=d["staff"],
                team=d["team"],
            )
            holder = d["staff"].name if d["staff"] else d["team"].name
            return f"“{STAGE_LABELS[Stage(d['stage'])]}”阶段已分配给 {holder}"
        if action == "collegial":
            services.collegial_decision_record(
                actor=actor,
                case=case,
                kind=d["kind"],
                decided_on=d["decided_on"],
                subject=d["subject"],
                outcome=d["outcome"],
                members=list(d["members"]),
                presiding=d["presiding"],
            )
            return "合议评议已记录"
        if action == "feedback":
            services.trial_feedback_raise(
                actor=actor, case=case, issue=d["issue"], on=d["occurred_on"]
            )
            return "已反馈审判部门"
        if action == "answer":
            feedback = case.trial_feedback.filter(pk=key).first()
            if feedback is None:
                raise NotFound("未找到该反馈")
            services.trial_feedback_answer(
                actor=actor, feedback=feedback, answer=d["answer"], on=d["occurred_on"]
            )
            return "已答复执行部门的反馈"
        raise NotFound()

    def deadline_rows(self) -> list[DeadlineRow]:
        order = list(RECIPES)
        rows = sorted(
            self.case.deadlines.select_related("responsible"),
            key=lambda d: (d.started_on, order.index(DeadlineCode(d.code)), d.instance),
        )
        may_remind = _may_remind(self.me, self.roles, self.case.court_id)
        result = []
        for row in rows:
            recipe = RECIPES[DeadlineCode(row.code)]
            state = countdown_of(row, self.today)
            result.append(
                DeadlineRow(
                    row,
                    recipe.label,
                    recipe.source,
                    state,
                    may_remind and state.status.value == "overdue",
                )
            )
        return result

    def timeline(self, events: list[Any] | None = None) -> list[tuple[Any, str]]:
        rows = []
        for event in self.events if events is None else events:
            parts = [
                f"{DATA_LABELS[k]}：{hooks.value_label(k, v)}"
                for k, v in (event.data or {}).items()
                if k in DATA_LABELS and v not in ("", None, 0)
            ]
            if event.note:
                parts.append(event.note)
            rows.append((event, "；".join(parts)))
        return rows

    def previous(self) -> dict[str, Any] | None:
        """A 执恢 case shows the case it continues and that case's whole timeline, read here
        without leaving the new case (法发〔2014〕26号 第6条); only within the actor's scope."""
        original = self.case.previous_case
        if original is None or not scope_of(self.actor).covers(original.court_id):
            return None
        return {
            "case": original,
            "timeline": self.timeline(list(original.events.order_by("seq"))),
        }

    def context(self) -> dict[str, Any]:
        case = self.case
        forms = {
            a: self.bound.get(a) or self.form(a)
            for a in CASE_ACTIONS
            if a != "answer" and self.allowed(a)
        }
        feedback = list(case.trial_feedback.select_related("raised_by", "answered_by"))
        answer_forms = {}
        if self.allowed("answer"):
            answer_forms = {
                f.pk: self.bound.get(f"answer-{f.pk}") or self.form("answer", key=f.pk)
                for f in feedback
                if not f.answered_on
            }
        parties = sorted(case.parties.all(), key=lambda p: (p.role != "applicant", p.pk))
        deadlines = self.deadline_rows()
        return {
            "case": case,
            "parties": parties,
            "basis": getattr(case, "basis", None),
            "type_label": filing.CASE_TYPE_LABELS.get(filing.CaseType(case.type_code), ""),
            "timeline": self.timeline(),
            "previous": self.previous(),
            "deadlines": deadlines,
            "any_remind": any(d.may_remind for d in deadlines),
            "assignments": list(
                case.assignments.filter(ended_on__isnull=True)
                .select_related("staff", "team")
                .prefetch_related("team__members")
                .order_by("stage")
            ),
            "stage_labels": STAGE_LABELS,
            "decisions": list(
                case.collegial_decisions.select_related("presiding")
                .prefetch_related("members")
                .order_by("decided_on", "pk")
            ),
            "feedback": [(f, answer_forms.get(f.pk)) for f in feedback],
            "forms": forms,
            "blocked_nodes": self.blocked_nodes() if "node" in forms else [],
            "pending_extension": self.pending_extension,
            "documents": _document_links() if case.case_number else [],
            "case_links": [
                (label, reverse(name, args=[case.pk])) for label, name in hooks.case_links()
            ]
            if case.case_number
            else [],
            "reminder_form": ReminderForm(),
            "acceptance_items": filing.ACCEPTANCE_ITEMS,
        }

    def render(self, status: int = 200) -> HttpResponse:
        return render(self.request, "cases/case_detail.html", self.context(), status=status)


def _document_links() -> list[tuple[str, str]]:
    """(slug, title) of the court documents, when cases.documents is installed."""
    try:
        from .documents import DOCUMENTS
    except ImportError:
        return []
    return [(slug, title) for slug, (title, _build) in DOCUMENTS.items()]


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        case = selectors.case_get(actor=request.user, pk=pk)
    except DomainError as error:
        return _error_page(request, error)
    return CasePage(request, case).render()


CASE_ACTIONS = (
    "docket",
    "refuse",
    "node",
    "extension_request",
    "extension_decide",
    "officer",
    "stage",
    "collegial",
    "feedback",
    "answer",
)


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in CASE_ACTIONS:
        return _error_page(request, NotFound("没有这项办理功能"))
    try:
        case = selectors.case_get(actor=request.user, pk=pk)
    except DomainError as error:
        return _error_page(request, error)
    page = CasePage(request, case)
    if not page.allowed(action):
        return _error_page(request, AccessDenied("您不能在本案办理此事项，或案件当前状态不允许"))
    key = request.POST.get("feedback_id") if action == "answer" else None
    if action == "answer" and int_param(key) is None:
        return _error_page(request, NotFound("未找到该反馈"))
    form = page.form(action, request.POST, key=key)
    status = 422
    if form.is_valid():
        try:
            done = page.perform(action, form, key=key)
        except DomainError as error:
            add_to_form(form, error)
            status = error.status
        else:
            messages.success(request, done)
            return redirect(reverse("case-detail", args=[case.pk]) + f"#{action}")
    page.bound[action if key is None else f"answer-{key}"] = form
    return page.render(status=status)


@login_required
def case_document(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """A court document of the case as DOCX (cases.documents builds it)."""
    from .documents import DOCUMENTS, document_filename

    try:
        case = selectors.case_get(actor=request.user, pk=pk)
        if slug not in DOCUMENTS:
            raise NotFound("没有这种文书", code="document.unknown")
        content = DOCUMENTS[slug][1](case)
        filename = document_filename(case, slug)
    except DomainError as error:
        return _error_page(request, error)
    return docx_response(content, filename)


PARTIES = Prefetch(
    "parties", queryset=Party.objects.only("id", "case_id", "role", "name").order_by("id")
)


# ---------------------------------------------------------------- 我的待办 · 超期督办 · 催办


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    """The actor's open deadlines nearest first, unread reminders on top; for those who file
    cases also the applications of their court still waiting for a filing decision."""
    actor = request.user
    today = _today()
    me = staff_of(actor)
    deadlines = list(selectors.worklist(actor=actor, today=today)[: WORKLIST_LIMIT + 1])
    rows = [(d, RECIPES[DeadlineCode(d.code)], countdown_of(d, today)) for d in deadlines]
    counts = {"overdue": 0, "due_soon": 0}
    for _d, _recipe, state in rows:
        if state.status.value in counts:
            counts[state.status.value] += 1
    awaiting: list[Any] = []
    if me is not None and roles_of(actor) & FILING_ROLES:
        awaiting = list(
            selectors.case_list(
                actor=actor, court_id=me.court_id, status=EnforcementCase.Status.RECEIVED.value
            )
            .prefetch_related(
                PARTIES,
                Prefetch(
                    "deadlines",
                    queryset=CaseDeadline.objects.filter(code=DeadlineCode.DOCKET_DECISION.value),
                    to_attr="docket_deadline",
                ),
            )
            .order_by("received_on", "pk")[:WORKLIST_LIMIT]
        )
        for case in awaiting:
            first = case.docket_deadline[0] if case.docket_deadline else None
            case.docket_countdown = countdown_of(first, today) if first else None
            case.docket_due = first.due_on if first else None
    return render(
        request,
        "cases/worklist.html",
        {
            "rows": rows[:WORKLIST_LIMIT],
            "counts": counts,
            "more": len(rows) > WORKLIST_LIMIT,
            "limit": WORKLIST_LIMIT,
            "reminders": list(selectors.reminders_for(actor=actor).order_by("-created_at")),
            "sections": selectors.worklist_sections(actor=actor, today=today),
            "has_staff": me is not None,
            "awaiting": awaiting,
            "many_courts": len({d.case.court_id for d in deadlines}) > 1,
        },
    )


def _keyset_after(value: str) -> tuple[date, int] | None:
    """`2026-10-08.17` → (date, id), the last row of the previous page."""
    day, _, pk = value.partition(".")
    try:
        return date.fromisoformat(day), int(pk)
    except ValueError:
        return None


@login_required
def overdue_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    today = _today()
    courts = court_list(actor=actor)
    form = CourtFilterForm(request.GET or None, courts=courts)
    court = form.cleaned_data["court"] if form.is_valid() else None
    qs = selectors.overdue(actor=actor, today=today, court_id=court.pk if court else None)
    after = _keyset_after(request.GET.get("after", ""))
    if after:
        qs = qs.filter(Q(due_on__gt=after[0]) | Q(due_on=after[0], id__gt=after[1]))
    rows = list(qs[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    me, roles = staff_of(actor), roles_of(actor)
    query = request.GET.copy()
    if more:
        query["after"] = f"{rows[-1].due_on.isoformat()}.{rows[-1].pk}"
    return render(
        request,
        "cases/overdue.html",
        {
            "form": form,
            "rows": [
                (
                    d,
                    RECIPES[DeadlineCode(d.code)],
                    (today - d.due_on).days,
                    _may_remind(me, roles, d.court_id),
                )
                for d in rows
            ],
            "next_query": query.urlencode() if more else "",
            "first_page": bool(after),
            "today": today,
            "many_courts": _many_courts(actor),
        },
    )


@login_required
@require_POST
def reminder_send(request: HttpRequest, pk: int) -> HttpResponse:
    """催办 one overdue deadline; back to the page the form was on."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("overdue-list")
    deadline = selectors.overdue(actor=request.user).filter(pk=pk).first()
    if deadline is None:
        messages.error(request, "未找到该超期期限（可能已经完成或不在您的辖区）")
        return redirect(target)
    form = ReminderForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写催办意见")
        return redirect(target)
    try:
        services.reminder_send(
            actor=request.user, deadline=deadline, message=form.cleaned_data["message"]
        )
    except DomainError as error:
        messages.error(request, f"催办未发出：{error.message}")
    else:
        who = deadline.responsible.name if deadline.responsible else "承办人"
        messages.success(
            request, f"已向 {who} 催办：{case_label(deadline.case)}“{deadline.recipe.label}”"
        )
    return redirect(target)


@login_required
@require_POST
def reminder_read(request: HttpRequest, pk: int) -> HttpResponse:
    """已阅: the recipient acknowledges a reminder."""
    reminder = selectors.reminders_for(actor=request.user).filter(pk=pk).first()
    if reminder is not None:
        services.reminder_mark_read(actor=request.user, reminder=reminder)
        messages.success(request, "催办已标记为已阅")
    return redirect("worklist")


# ---------------------------------------------------------------- 案件统计 · 案件列表


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    rows = selectors.dashboard(actor=request.user, today=_today())
    stages = list(Stage)
    totals = {
        "by_stage": [sum(r.by_stage.get(s.value, 0) for r in rows) for s in stages],
        "open_cases": sum(r.open_cases for r in rows),
        "overdue": sum(r.overdue_deadlines for r in rows),
    }
    return render(
        request,
        "cases/dashboard.html",
        {
            "stages": [(s.value, STAGE_LABELS[s]) for s in stages],
            "rows": [(r, [(s.value, r.by_stage.get(s.value, 0)) for s in stages]) for r in rows],
            "totals": totals,
            "docketed": EnforcementCase.Status.DOCKETED.value,
        },
    )


def _number_filter(qs: QuerySet[EnforcementCase], text: str) -> QuerySet[EnforcementCase]:
    """A whole case number (ASCII or full-width brackets) is an exact match; a fragment such as
    “执12号” is searched inside the numbers."""
    try:
        return qs.filter(case_number=str(parse_case_number(text)))
    except ValueError:
        return qs.filter(case_number__contains=text.replace("(", "（").replace(")", "）"))


def _overdue_exists(today: date) -> Exists:
    return Exists(
        CaseDeadline.objects.filter(case=OuterRef("pk"), met_on__isnull=True, due_on__lt=today)
    )


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    courts = court_list(actor=actor)
    form = CaseFilterForm(
        request.GET or None, courts=courts, statuses=EnforcementCase.Status.choices
    )
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.case_list(
        actor=actor,
        court_id=data["court"].pk if data.get("court") else None,
        status=data.get("status") or None,
        stage=data.get("stage") or None,
    )
    if data.get("q", "").strip():
        qs = _number_filter(qs, data["q"].strip())
    before = int_param(request.GET.get("before"))
    if before is not None:
        qs = qs.filter(pk__lt=before)
    rows = list(
        qs.annotate(late=_overdue_exists(_today()))
        .prefetch_related(PARTIES)
        .order_by("-pk")[: PAGE_SIZE + 1]
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    query = request.GET.copy()
    if more:
        query["before"] = str(rows[-1].pk)
    first = request.GET.copy()
    first.pop("before", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "rows": rows,
            "next_query": query.urlencode() if more else "",
            "first_query": first.urlencode() if before else None,
            "many_courts": _many_courts(actor),
            "may_assign": bool(roles_of(actor) & ASSIGNING_ROLES),
            "may_file": bool(roles_of(actor) & FILING_ROLES),
            "page_size": PAGE_SIZE,
            "open_statuses": OPEN_STATUSES,
        },
    )


# ---------------------------------------------------------------- 批量分配


def _missing_choices() -> list[tuple[str, str]]:
    return [("", "全部在办案件"), ("officer", "未确定承办人")] + [
        (s.value, f"“{label}”阶段无人负责") for s, label in STAGE_LABELS.items()
    ]


@login_required
def bulk_assign(request: HttpRequest) -> HttpResponse:
    """批量分配: open cases of one court, picked by checkbox, given an officer or a stage holder.
    All or nothing: the first refusal rolls every case back and names the case."""
    actor = request.user
    if not roles_of(actor) & ASSIGNING_ROLES:
        return _error_page(request, AccessDenied("只有执行局长、指挥中心工作人员可以分配案件"))
    me = staff_of(actor)
    courts = court_list(actor=actor)
    params = request.GET
    court_pk = int_param(params.get("court"))
    court = courts.filter(pk=court_pk).first() if court_pk is not None else None
    court = court or (me.court if me else courts.first())
    if court is None:
        return _error_page(request, NotFound("您的辖区内没有法院"))
    missing = params.get("missing", "officer")
    qs = selectors.case_list(
        actor=actor, court_id=court.pk, status=EnforcementCase.Status.DOCKETED.value
    )
    if missing == "officer":
        qs = qs.filter(officer__isnull=True)
    elif missing in {s.value for s in Stage}:
        qs = qs.exclude(
            Exists(
                StageAssignment.objects.filter(
                    case=OuterRef("pk"), stage=missing, ended_on__isnull=True
                )
            )
        )
    cases = list(qs.prefetch_related(PARTIES).order_by("pk")[:BULK_LIMIT])
    form = BulkAssignForm(
        request.POST or None,
        case_choices=[(str(c.pk), str(c)) for c in cases],
        officers=_court_staff(actor, court, frozenset({Role.OFFICER, Role.JUDGE})),
        staff=_court_staff(actor, court, CASE_STAFF_ROLES),
        teams=Team.objects.filter(court=court).order_by("name"),
        initial={
            "occurred_on": _today(),
            "what": "officer" if missing == "officer" else "stage",
            "stage": missing if missing in {s.value for s in Stage} else "",
        },
    )
    _with_load(form.fields["officer"], _officer_load(actor, court.pk))
    status, failed = 200, None
    if request.method == "POST":
        status = 422
        if form.is_valid():
            d = form.cleaned_data
            picked = [c for c in cases if str(c.pk) in set(d["cases"])]
            try:
                with transaction.atomic():
                    for case in picked:
                        _assign_one(actor, case, d)
            except DomainError as error:
                status = error.status
                add_to_form(form, error)
                failed = getattr(error, "case_pk", None)
            else:
                if d["what"] == "officer":
                    done = f"已为 {len(picked)} 件案件确定承办人：{d['officer'].name}"
                else:
                    holder = d["staff"].name if d["staff"] else d["team"].name
                    stage = STAGE_LABELS[Stage(d["stage"])]
                    done = f"已将 {len(picked)} 件案件的“{stage}”阶段分配给 {holder}"
                messages.success(request, done)
                return redirect(f"{reverse('bulk-assign')}?{params.urlencode()}")
    return render(
        request,
        "cases/bulk_assign.html",
        {
            "form": form,
            "cases": cases,
            "court": court,
            "courts": courts,
            "missing": missing,
            "missing_choices": _missing_choices(),
            "limit": BULK_LIMIT,
            "picked": set(request.POST.getlist("cases")),
            "failed": failed,
        },
        status=status,
    )


def _assign_one(actor: Any, case: EnforcementCase, d: dict[str, Any]) -> None:
    """One case, inside the caller's transaction; a refusal is reworded to name the case."""
    try:
        if d["what"] == "officer":
            services.officer_assign(
                actor=actor, cases=[case], officer=d["officer"], on=d["occurred_on"]
            )
        else:
            services.stage_assign(
                actor=actor,
                cases=[case],
                stage=d["stage"],
                on=d["occurred_on"],
                staff=d["staff"],
                team=d["team"],
            )
    except DomainError as error:
        if str(case) not in error.message:
            error.message = f"{case}：{error.message}"
        error.field = None
        error.case_pk = case.pk  # the page marks the row
        error.message += "。本次分配未作任何更改。"
        raise


# ---------------------------------------------------------------- 期限计算器 (public)

WEEKDAYS = "一二三四五六日"


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日（周{WEEKDAYS[value.weekday()]}）"


def period_calculator(request: HttpRequest) -> HttpResponse:
    """民事诉讼法（2023）第八十五条, for anyone: officers, lawyers and parties. No login."""
    form = PeriodCalculatorForm(request.GET or None)
    result, steps, makeup = None, [], []
    if request.GET and form.is_valid():
        start, length, unit = (form.cleaned_data[k] for k in ("start", "length", "unit"))
        calendar = legal_calendar()
        steps.append(
            f"起算日{_day(start)}为期间开始的日，不计算在期间内，自次日{_day(start + timedelta(days=1))}起算。"
        )
        if unit == Unit.WORKDAYS.value:
            result = calendar.add_workdays(start, length)
            steps.append(
                f"逐日计算，只计工作日：周末和法定节假日不计入，调休上班日计为工作日；第 {length} 个工作日为"
                f"{_day(result.due)}。"
            )
            skipped = (result.due - start).days - length
            if skipped:
                steps.append(f"期间内共有 {skipped} 个休息日（周末、法定节假日）不计入。")
            day = start + timedelta(days=1)
            while day <= result.due:
                if day.weekday() >= 5 and calendar.is_workday(day):
                    makeup.append(_day(day))
                day += timedelta(days=1)
        else:
            if unit == Unit.MONTHS.value:
                result = calendar.period_end(start, months=length)
                naive = result.moved_from or result.due
                steps.append(
                    f"按月计算：到期月的对应日为期间的最后一日（没有对应日的，为月末日），即{_day(naive)}。"
                )
            else:
                result = calendar.period_end(start, days=length)
                naive = result.moved_from or result.due
                steps.append(f"期间内的休息日照常计算；第 {length} 日为{_day(naive)}。")
            if result.moved_from:
                steps.append(
                    f"{_day(result.moved_from)}为法定休假日，顺延至其后第一个工作日：以{_day(result.due)}为期间"
                    "届满的日期。"
                )
            elif naive.weekday() >= 5:
                makeup.append(_day(naive))
                steps.append(f"{_day(naive)}为调休上班日，属工作日，不顺延。")
            else:
                steps.append("该日为工作日，不顺延。")
    return render(
        request,
        "cases/period_calculator.html",
        {
            "form": form,
            "result": result,
            "due": _day(result.due) if result else "",
            "steps": steps,
            "makeup": makeup,
        },
    )
