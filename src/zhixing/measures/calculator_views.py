"""The public calculators page (/calculators/fees/): enforcement fee, preservation fee and the
doubled part of delay interest, the same rules as /api/v1/calculators/. No login required.

Each form is sent by GET with `calc` naming it, so a result can be bookmarked or shared; the other
two forms stay empty.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from zhixing.core.errors import DomainError, add_to_form
from zhixing.core.rules.money import MoneyError, format_money, money_uppercase
from zhixing.measures.rules.fees import (
    PRESERVATION_FEE_CAP,
    FeeResult,
    enforcement_fee,
    preservation_fee,
)
from zhixing.measures.rules.interest import (
    DelayInterest,
    ExcludedPeriod,
    InterestError,
    Payment,
    PaymentDay,
    delay_interest,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
MAX_ROWS = 100

PAYMENT_DAY_CHOICES = [
    (PaymentDay.COUNTED.value, "履行当日计入（默认）"),
    (PaymentDay.NOT_COUNTED.value, "履行当日不计入"),
]


class EnforcementFeeForm(forms.Form):
    amount = forms.CharField(
        label="执行金额或者价额（元）",
        required=False,
        max_length=40,
        widget=MONEY,
        help_text="没有执行金额或者价额的，请留空",
    )


class PreservationFeeForm(forms.Form):
    amount = forms.CharField(
        label="实际保全的财产数额（元）",
        required=False,
        max_length=40,
        widget=MONEY,
        help_text="不涉及财产数额的，请留空",
    )


class DelayInterestForm(forms.Form):
    principal = forms.CharField(
        label="未清偿的金钱债务（元）",
        max_length=40,
        widget=MONEY,
        help_text="生效法律文书确定的金钱债务，不含一般债务利息",
    )
    due_date = forms.DateField(label="履行期限届满日", widget=DATE)
    until = forms.DateField(label="计算截止日", required=False, widget=DATE, help_text="留空为今天")
    payment_day = forms.ChoiceField(
        label="履行当日",
        choices=PAYMENT_DAY_CHOICES,
        initial=PaymentDay.COUNTED.value,
        required=False,  # absent from a hand-made link: the default reading
    )


class _RowForm(forms.Form):
    """A table row that may be left blank; a half-filled row is an error."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        filled = [name for name in self.fields if data.get(name) not in (None, "")]
        if filled and len(filled) < len(self.fields):
            for name in self.fields:
                if name not in filled and name not in self.errors:
                    self.add_error(name, "请填写完整，或清空本行")
        return data

    def is_blank(self) -> bool:
        return all(self.cleaned_data.get(name) in (None, "") for name in self.fields)


class PaymentRowForm(_RowForm):
    date = forms.DateField(label="履行日期", required=False, widget=DATE)
    amount = forms.CharField(label="履行金额（元）", required=False, max_length=40, widget=MONEY)


class ExcludedRowForm(_RowForm):
    start = forms.DateField(label="开始日", required=False, widget=DATE)
    end = forms.DateField(label="结束日", required=False, widget=DATE)


PaymentFormSet = forms.formset_factory(
    PaymentRowForm, extra=3, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
)
ExcludedFormSet = forms.formset_factory(
    ExcludedRowForm, extra=1, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
)

# rule field "excluded.<i>.from" → row field "start"
_ROW_FIELDS = {"date": "date", "amount": "amount", "from": "start", "to": "end"}


def _fee_view(result: FeeResult) -> dict[str, Any]:
    """Display values (grouped thousands, uppercase) for the fee templates."""
    return {
        "amount": None if result.amount is None else format_money(result.amount),
        "fee": None if result.fee is None else format_money(result.fee),
        "fee_upper": None if result.fee is None else money_uppercase(result.fee),
        "minimum": None if result.minimum is None else format_money(result.minimum),
        "maximum": None if result.maximum is None else format_money(result.maximum),
        "uncapped": None if result.uncapped is None else format_money(result.uncapped),
        "capped": result.capped,
        "cap": format_money(PRESERVATION_FEE_CAP),
        "lines": [
            {
                "label": line.bracket.label,
                "part": format_money(line.part),
                "rate": "定额"
                if line.bracket.rate is None
                else f"{(line.bracket.rate * 100).normalize():f}%",
                "fee": format_money(line.fee),
            }
            for line in result.lines
        ],
        "source": result.source,
    }


def _interest_view(result: DelayInterest) -> dict[str, Any]:
    def row(item: Any) -> dict[str, Any]:
        return {
            "start": item.start,
            "end": item.end,
            "days": item.days,
            "principal": format_money(item.principal),
            "interest": format_money(item.interest),
        }

    return {
        "total": format_money(result.total),
        "total_upper": money_uppercase(result.total),
        "items": [row(item) for item in result.items],
        "excluded": [row(item) for item in result.excluded],
        "days": sum(item.days for item in result.items),
        "outstanding": format_money(result.outstanding),
        "has_outstanding": result.outstanding > 0,
        "until": result.until,
        "convention": result.convention,
        "notes": result.notes,
        "source": result.source,
    }


def _calc_enforcement(form: EnforcementFeeForm) -> dict[str, Any] | None:
    if not form.is_valid():
        return None
    try:
        return _fee_view(enforcement_fee(form.cleaned_data["amount"].strip() or None))
    except MoneyError as error:
        add_to_form(form, DomainError.from_rule(error))
        return None


def _calc_preservation(form: PreservationFeeForm) -> dict[str, Any] | None:
    if not form.is_valid():
        return None
    try:
        return _fee_view(preservation_fee(form.cleaned_data["amount"].strip() or None))
    except MoneyError as error:
        add_to_form(form, DomainError.from_rule(error))
        return None


def _calc_interest(
    form: DelayInterestForm, payments: forms.BaseFormSet, excluded: forms.BaseFormSet
) -> dict[str, Any] | None:
    valid = form.is_valid()
    for formset in (payments, excluded):  # an unbound formset: its table was not sent, no rows
        valid = (not formset.is_bound or formset.is_valid()) and valid
    if not valid:
        return None
    payment_rows = _filled(payments)
    excluded_rows = _filled(excluded)
    data = form.cleaned_data
    try:
        result = delay_interest(
            principal=data["principal"].strip(),
            due_date=data["due_date"],
            until=data["until"] or timezone.localdate(),
            payments=[
                Payment(on=row.cleaned_data["date"], amount=row.cleaned_data["amount"].strip())
                for row in payment_rows
            ],
            excluded=[
                ExcludedPeriod(start=row.cleaned_data["start"], end=row.cleaned_data["end"])
                for row in excluded_rows
            ],
            payment_day=PaymentDay(data["payment_day"] or PaymentDay.COUNTED),
        )
    except (MoneyError, InterestError) as error:
        _show_interest_error(error, form, payment_rows, excluded_rows)
        return None
    return _interest_view(result)


def _filled(formset: forms.BaseFormSet) -> list[Any]:
    return [row for row in formset.forms if not row.is_blank()] if formset.is_bound else []


def _show_interest_error(
    error: MoneyError | InterestError,
    form: DelayInterestForm,
    payment_rows: list[forms.Form],
    excluded_rows: list[forms.Form],
) -> None:
    """Puts the rule's refusal beside the field it names ("payments.1.amount" → that row)."""
    parts = (error.field or "").split(".")
    if len(parts) == 3 and parts[0] in ("payments", "excluded") and parts[1].isdigit():
        rows = payment_rows if parts[0] == "payments" else excluded_rows
        index = int(parts[1])
        if index < len(rows) and parts[2] in _ROW_FIELDS:
            rows[index].add_error(_ROW_FIELDS[parts[2]], error.message)
            return
    add_to_form(form, DomainError.from_rule(error))


def _rows_data(data: QueryDict, prefix: str, bound: bool) -> QueryDict | None:
    """Binds a row table only when its management form came along (a hand-made link may omit
    the table: that means no rows, not a tampered form)."""
    return data if bound and f"{prefix}-TOTAL_FORMS" in data else None


def fee_calculators(request: HttpRequest) -> HttpResponse:
    """Public: anyone may compute the fees and the delay interest (no login)."""
    calc = request.GET.get("calc", "")
    data = request.GET
    enforcement_form = EnforcementFeeForm(data if calc == "enforcement" else None)
    preservation_form = PreservationFeeForm(data if calc == "preservation" else None)
    interest_bound = calc == "interest"
    interest_form = DelayInterestForm(data if interest_bound else None)
    payments = PaymentFormSet(_rows_data(data, "payments", interest_bound), prefix="payments")
    excluded = ExcludedFormSet(_rows_data(data, "excluded", interest_bound), prefix="excluded")

    context: dict[str, Any] = {
        "calc": calc,
        "enforcement_form": enforcement_form,
        "preservation_form": preservation_form,
        "interest_form": interest_form,
        "payments": payments,
        "excluded": excluded,
    }
    if calc == "enforcement":
        context["enforcement"] = _calc_enforcement(enforcement_form)
    elif calc == "preservation":
        context["preservation"] = _calc_preservation(preservation_form)
    elif interest_bound:
        context["interest"] = _calc_interest(interest_form, payments, excluded)
    return render(request, "measures/calculators.html", context)
