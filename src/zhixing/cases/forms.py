"""Forms of the case pages. They check what the rules can check without the database, so a clerk
sees every mistake at once; the services check everything again when writing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from zhixing.core.rules.identity import parse_credit_code, parse_id_number
from zhixing.core.rules.money import to_money
from zhixing.organization.models import Court, Staff

from .models import CollegialDecision, Team
from .rules import filing
from .rules.deadlines import Unit
from .rules.nodes import NODE_TABLE, STAGE_LABELS, NodeCode

# HTML date inputs need ISO dates whatever the locale's display format is.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(key.value, label) for key, label in labels.items()]


def _today() -> date:
    return timezone.localdate()


def _not_future(form: forms.Form, field: str, what: str) -> None:
    value = form.cleaned_data.get(field)
    if value is not None and value > _today():
        form.add_error(field, f"{what}不能晚于今天")


def _unmet_acceptance(checked: list[str]) -> str:
    """执行工作规定 第16条 in one sentence: every condition not confirmed, named."""
    unmet = filing.check_acceptance({key: True for key in checked})
    if len(unmet) == 1:
        return unmet[0].message
    if unmet:
        labels = "；".join(filing.ACCEPTANCE_ITEMS[r.code.split(".", 1)[1]] for r in unmet)
        return f"受理条件未满足（{len(unmet)} 项）：{labels}"
    return ""


class MoneyField(forms.CharField):
    """An amount in yuan: "100000", "100,000.50"; never rounded silently (core.rules.money)."""

    def to_python(self, value: Any) -> Decimal | None:
        text = super().to_python(value).strip()
        if not text:
            return None
        try:
            return to_money(text)
        except ValueError as error:
            raise forms.ValidationError(getattr(error, "message", "金额格式不正确")) from None


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Staff) -> str:
        return obj.name


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Staff) -> str:
        return obj.name


# ---------------------------------------------------------------- filing (立案)

FILE_NOW = "docket"
RECEIVE_ONLY = "receive"


class FilingForm(forms.Form):
    court = forms.ModelChoiceField(
        label="收案法院", queryset=Court.objects.none(), empty_label=None
    )
    type_code = forms.ChoiceField(
        label="案件类型",
        choices=[
            (t.value, f"{t.value}（{label}）") for t, label in filing.CASE_TYPE_LABELS.items()
        ],
    )
    origin = forms.ChoiceField(label="执行依据种类", choices=_choices(filing.ORIGIN_LABELS))
    arrival = forms.ChoiceField(label="案件来源", choices=_choices(filing.ARRIVAL_LABELS))
    received_on = forms.DateField(label="收案日期", widget=DATE)
    claim_amount = MoneyField(
        label="申请执行标的额（元）", required=False, help_text="可写千位分隔，如 100,000.00"
    )
    issuing_body = forms.CharField(label="作出机关", max_length=100)
    document_number = forms.CharField(
        label="执行依据文书编号", max_length=60, help_text="如（2025）京0105民初100号"
    )
    effective_on = forms.DateField(label="生效日期", widget=DATE)
    performance_deadline = forms.DateField(
        label="履行期限届满日",
        required=False,
        widget=DATE,
        help_text="法律文书未规定履行期限的可不填（自生效之日起算申请执行期间）",
    )
    basis_amount = MoneyField(label="执行依据确定的给付金额（元）", required=False)
    obligations = forms.CharField(label="确定的义务（判项）", widget=TEXT)
    checklist = forms.MultipleChoiceField(
        label=f"受理条件审查（{filing.ACCEPTANCE_SOURCE}）",
        choices=list(filing.ACCEPTANCE_ITEMS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    mode = forms.ChoiceField(
        label="办理方式",
        choices=[
            (FILE_NOW, "立即立案（受理条件均已满足，编立案号）"),
            (RECEIVE_ONLY, "仅登记收案（7日内审查后立案或裁定不予受理）"),
        ],
        initial=FILE_NOW,
        widget=forms.RadioSelect,
    )
    filed_on = forms.DateField(label="立案日期", required=False, widget=DATE)

    def __init__(self, *args: Any, courts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if courts is not None:
            self.fields["court"].queryset = courts

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _not_future(self, "received_on", "收案日期")
        type_code, origin = data.get("type_code"), data.get("origin")
        if type_code and origin:
            case_type, source = filing.CaseType(type_code), filing.Origin(origin)
            if source not in filing.ORIGINS_BY_TYPE[case_type]:
                self.add_error(
                    "origin",
                    f"{filing.CASE_TYPE_LABELS[case_type]}案件不能以“{filing.ORIGIN_LABELS[source]}”"
                    "为执行依据",
                )
        received_on, effective_on = data.get("received_on"), data.get("effective_on")
        if received_on and effective_on:
            for refusal in filing.check_basis(
                effective_on=effective_on,
                performance_deadline=data.get("performance_deadline"),
                amount=data.get("basis_amount"),
                claim_amount=data.get("claim_amount"),
                received_on=received_on,
            ):
                field = {"amount": "basis_amount"}.get(refusal.field, refusal.field)
                self.add_error(field if field in self.fields else None, refusal.message)
        if data.get("mode") == FILE_NOW:
            filed_on = data.get("filed_on")
            if filed_on is None and "filed_on" not in self.errors:
                self.add_error("filed_on", "立即立案须填写立案日期")
            elif filed_on is not None:
                _not_future(self, "filed_on", "立案日期")
                if received_on and filed_on < received_on:
                    self.add_error("filed_on", "立案日期不能早于收案日期")
            unmet = _unmet_acceptance(data.get("checklist", []))
            if unmet:
                self.add_error("checklist", unmet)
                self.add_error(
                    "mode", "受理条件未全部满足的，不能立即立案：请选择“仅登记收案”，审查后再决定"
                )
        return data


class PartyForm(forms.Form):
    """One applicant or respondent; the row is skipped when left empty."""

    kind = forms.ChoiceField(
        label="类型", choices=_choices(filing.PARTY_KIND_LABELS), initial="person"
    )
    name = forms.CharField(label="姓名或名称", max_length=100)
    id_number = forms.CharField(label="身份证号码（自然人）", max_length=20, required=False)
    credit_code = forms.CharField(label="统一社会信用代码（单位）", max_length=20, required=False)
    legal_representative = forms.CharField(
        label="法定代表人或负责人（单位）", max_length=40, required=False
    )
    phone = forms.CharField(label="联系电话", max_length=20, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind == filing.PartyKind.PERSON.value:
            value = data.get("id_number", "").strip()
            if value:
                try:
                    data["id_number"] = parse_id_number(value, today=_today()).value
                except ValueError as error:
                    self.add_error("id_number", getattr(error, "message", str(error)))
            data["credit_code"] = data["legal_representative"] = ""
        elif kind:
            value = data.get("credit_code", "").strip()
            if value:
                try:
                    data["credit_code"] = parse_credit_code(value)
                except ValueError as error:
                    self.add_error("credit_code", getattr(error, "message", str(error)))
            if not data.get("legal_representative", "").strip():
                self.add_error("legal_representative", "单位须填写法定代表人或负责人")
            data["id_number"] = ""
        return data


class BasePartyFormSet(forms.BaseFormSet):
    role_label = ""

    def clean(self) -> None:
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.has_changed() and f.cleaned_data]
        if not filled:
            raise forms.ValidationError(f"须至少填写一名{self.role_label}")


def party_formset(role: filing.PartyRole) -> type[forms.BaseFormSet]:
    return type(
        f"{role.value.title()}FormSet",
        (
            forms.formset_factory(
                PartyForm, formset=BasePartyFormSet, extra=1, min_num=1, max_num=30
            ),
        ),
        {"role_label": filing.PARTY_ROLE_LABELS[role]},
    )


ApplicantFormSet = party_formset(filing.PartyRole.APPLICANT)
RespondentFormSet = party_formset(filing.PartyRole.RESPONDENT)


# ---------------------------------------------------------------- actions on the case page


class DocketForm(forms.Form):
    occurred_on = forms.DateField(label="立案日期", widget=DATE)
    checklist = forms.MultipleChoiceField(
        label=f"受理条件审查（{filing.ACCEPTANCE_SOURCE}）",
        choices=list(filing.ACCEPTANCE_ITEMS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _not_future(self, "occurred_on", "立案日期")
        unmet = _unmet_acceptance(data.get("checklist", []))
        if unmet:
            self.add_error("checklist", unmet)
        return data


class RefuseForm(forms.Form):
    occurred_on = forms.DateField(label="裁定日期", widget=DATE)
    reason = forms.CharField(label="不予受理的理由", widget=TEXT, max_length=300)


class NodeForm(forms.Form):
    code = forms.ChoiceField(label="节点")
    occurred_on = forms.DateField(label="发生日期", widget=DATE)
    detail = forms.CharField(
        label="登记内容",
        required=False,
        max_length=200,
        help_text="线索、核查结果、措施、财产、金额等（按节点需要填写）",
    )
    note = forms.CharField(label="说明", required=False, max_length=300)

    def __init__(self, *args: Any, choices: list | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = choices or []

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _not_future(self, "occurred_on", "发生日期")
        return data

    def node_data(self) -> dict[str, str]:
        """The detail goes under the node's declared data field (cases.rules.nodes.Node)."""
        detail = self.cleaned_data.get("detail", "").strip()
        fields = NODE_TABLE[NodeCode(self.cleaned_data["code"])].data_fields
        return {fields[0]: detail} if detail and fields else {}


class ExtensionRequestForm(forms.Form):
    occurred_on = forms.DateField(label="申请日期", widget=DATE)
    months = forms.IntegerField(label="申请延长（月）", min_value=1, max_value=12, initial=3)
    reason = forms.CharField(label="申请理由", widget=TEXT, max_length=300)


class ExtensionDecideForm(forms.Form):
    occurred_on = forms.DateField(label="审批日期", widget=DATE)
    decision = forms.ChoiceField(
        label="审批意见",
        choices=[("approve", "批准延长"), ("refuse", "不批准")],
        widget=forms.RadioSelect,
        initial="approve",
    )
    months = forms.IntegerField(label="批准延长（月）", min_value=1, max_value=12, required=False)
    note = forms.CharField(label="审批说明", required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["months"].help_text = f"每次最长 {settings.ZHIXING_MAX_EXTENSION_MONTHS} 个月"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        months, longest = data.get("months"), settings.ZHIXING_MAX_EXTENSION_MONTHS
        if data.get("decision") == "approve" and not months:
            self.add_error("months", "批准延长须填写延长的月数")
        elif data.get("decision") == "approve" and months > longest:
            self.add_error("months", f"批准延长的期限应为 1 至 {longest} 个月")
        return data


class OfficerAssignForm(forms.Form):
    officer = StaffChoiceField(label="承办人", queryset=Staff.objects.none())
    occurred_on = forms.DateField(label="确定日期", widget=DATE)

    def __init__(self, *args: Any, officers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if officers is not None:
            self.fields["officer"].queryset = officers


class StageAssignForm(forms.Form):
    stage = forms.ChoiceField(label="阶段", choices=_choices(STAGE_LABELS))
    staff = StaffChoiceField(
        label="负责人员", queryset=Staff.objects.none(), required=False, empty_label="（不选）"
    )
    team = forms.ModelChoiceField(
        label="或负责团队", queryset=Team.objects.none(), required=False, empty_label="（不选）"
    )
    occurred_on = forms.DateField(label="分配日期", widget=DATE)

    def __init__(self, *args: Any, staff: Any = None, teams: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["staff"].queryset = staff
        if teams is not None:
            self.fields["team"].queryset = teams

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("staff")) == bool(data.get("team")):
            self.add_error("staff", "请选择一名人员或一个团队（二者选一）")
        return data


class CollegialForm(forms.Form):
    kind = forms.ChoiceField(label="评议形式", choices=CollegialDecision.Kind.choices)
    decided_on = forms.DateField(label="评议日期", widget=DATE)
    subject = forms.CharField(label="评议事项", max_length=200)
    outcome = forms.CharField(label="评议结果", widget=TEXT)
    members = StaffMultipleChoiceField(
        label="参加人员", queryset=Staff.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    presiding = StaffChoiceField(label="审判长（主持人）", queryset=Staff.objects.none())

    def __init__(self, *args: Any, staff: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["members"].queryset = staff
            self.fields["presiding"].queryset = staff

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _not_future(self, "decided_on", "评议日期")
        members, presiding = data.get("members"), data.get("presiding")
        if members is not None:
            if len(members) < 3:
                self.add_error("members", "合议或联席会议至少须三名人员参加")
            elif data.get("kind") == CollegialDecision.Kind.PANEL and len(members) % 2 == 0:
                self.add_error("members", "合议庭成员人数应为单数")
            if presiding is not None and presiding not in members:
                self.add_error("presiding", "审判长（主持人）须为参加人员之一")
        return data


class FeedbackForm(forms.Form):
    occurred_on = forms.DateField(label="反馈日期", widget=DATE)
    issue = forms.CharField(label="需审判部门答复的问题", widget=TEXT)


class FeedbackAnswerForm(forms.Form):
    occurred_on = forms.DateField(label="答复日期", widget=DATE)
    answer = forms.CharField(label="审判部门答复", widget=TEXT)


class ReminderForm(forms.Form):
    message = forms.CharField(
        label="催办意见",
        max_length=300,
        initial="该节点已超期，请抓紧办理并报告进展。",
    )


# ---------------------------------------------------------------- lists


class CaseFilterForm(forms.Form):
    court = forms.ModelChoiceField(
        label="法院", queryset=Court.objects.none(), required=False, empty_label="全部法院"
    )
    status = forms.ChoiceField(label="状态", required=False)
    stage = forms.ChoiceField(
        label="阶段", required=False, choices=[("", "全部阶段"), *_choices(STAGE_LABELS)]
    )
    q = forms.CharField(label="案号", required=False, max_length=40)

    def __init__(self, *args: Any, courts: Any = None, statuses: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if courts is not None:
            self.fields["court"].queryset = courts
        self.fields["status"].choices = [("", "全部状态"), *statuses]
        self.fields["q"].widget.attrs["placeholder"] = "如 （2026）京0105执1号 或 执1号"


class CourtFilterForm(forms.Form):
    court = forms.ModelChoiceField(
        label="法院", queryset=Court.objects.none(), required=False, empty_label="全部法院"
    )

    def __init__(self, *args: Any, courts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if courts is not None:
            self.fields["court"].queryset = courts


MISSING_OFFICER = "officer"


class BulkAssignForm(forms.Form):
    """批量分配: the cases picked from the list, then an officer or a stage holder."""

    WHAT = [("officer", "确定承办人"), ("stage", "分配阶段")]

    cases = forms.MultipleChoiceField(label="案件", widget=forms.CheckboxSelectMultiple)
    what = forms.ChoiceField(label="分配事项", choices=WHAT, widget=forms.RadioSelect)
    officer = StaffChoiceField(
        label="承办人", queryset=Staff.objects.none(), required=False, empty_label="（请选择）"
    )
    stage = forms.ChoiceField(
        label="阶段", choices=[("", "（请选择）"), *_choices(STAGE_LABELS)], required=False
    )
    staff = StaffChoiceField(
        label="负责人员", queryset=Staff.objects.none(), required=False, empty_label="（不选）"
    )
    team = forms.ModelChoiceField(
        label="或负责团队", queryset=Team.objects.none(), required=False, empty_label="（不选）"
    )
    occurred_on = forms.DateField(label="分配日期", widget=DATE)

    def __init__(
        self,
        *args: Any,
        case_choices: list | None = None,
        officers: Any = None,
        staff: Any = None,
        teams: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = case_choices or []
        if officers is not None:
            self.fields["officer"].queryset = officers
        if staff is not None:
            self.fields["staff"].queryset = staff
        if teams is not None:
            self.fields["team"].queryset = teams
        self.fields["cases"].error_messages["required"] = "请至少勾选一件案件"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _not_future(self, "occurred_on", "分配日期")
        if data.get("what") == "officer" and not data.get("officer"):
            self.add_error("officer", "请选择承办人")
        if data.get("what") == "stage":
            if not data.get("stage"):
                self.add_error("stage", "请选择阶段")
            if bool(data.get("staff")) == bool(data.get("team")):
                self.add_error("staff", "请选择一名人员或一个团队（二者选一）")
        return data


# ---------------------------------------------------------------- public calculator


class PeriodCalculatorForm(forms.Form):
    start = forms.DateField(label="起算日（事件发生之日）", widget=DATE)
    length = forms.IntegerField(label="期间长度", min_value=1, max_value=3650)
    unit = forms.ChoiceField(
        label="单位",
        choices=[
            (Unit.DAYS.value, "日"),
            (Unit.WORKDAYS.value, "工作日"),
            (Unit.MONTHS.value, "月"),
        ],
    )
