"""Forms of the enforcement-funds pages. They check what needs no database (dates, amounts), so a
clerk sees every mistake at once; the services check everything again when writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from zhixing.cases.forms import DATE, MoneyField

from .models import Channel


def _not_future(form: forms.Form, field: str, what: str) -> None:
    value = form.cleaned_data.get(field)
    if value is not None and value > timezone.localdate():
        form.add_error(field, f"{what}不能晚于今天")


def _positive(form: forms.Form, field: str = "amount") -> None:
    value = form.cleaned_data.get(field)
    if value is not None and value <= 0:
        form.add_error(field, "金额须大于零")


class ReceiptForm(forms.Form):
    amount = MoneyField(label="到账金额（元）")
    received_on = forms.DateField(label="到账日期", widget=DATE)
    channel = forms.ChoiceField(label="到账方式", choices=Channel.choices)
    payer = forms.CharField(label="付款人", max_length=100)
    reference = forms.CharField(
        label="银行流水号或收据号",
        max_length=64,
        help_text="同一流水号只入账一次；重复提交不会重复入账",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _not_future(self, "received_on", "到账日期")
        _positive(self)
        return data


class PayoutForm(forms.Form):
    party = forms.TypedChoiceField(label="领款人（申请执行人）", coerce=int)
    amount = MoneyField(label="发放金额（元）")
    condition_met_on = forms.DateField(
        label="具备发放条件日期",
        widget=DATE,
        help_text="自次日起算 15 个工作日内应当发放（十个必须 第7条）",
    )

    def __init__(self, *args: Any, applicants: list[tuple[int, str]] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["party"].choices = applicants or []

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _not_future(self, "condition_met_on", "具备发放条件日期")
        _positive(self)
        return data


class PayForm(forms.Form):
    payout = forms.IntegerField(widget=forms.HiddenInput)
    paid_on = forms.DateField(label="发放日期", widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _not_future(self, "paid_on", "发放日期")
        return data


class DelayForm(forms.Form):
    payout = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="延期理由",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：需参与分配；款项被另案冻结；申请执行人经通知未领取；案件中止或暂缓",
    )
    delayed_until = forms.DateField(label="延期至（可不填）", widget=DATE, required=False)


class MatchForm(forms.Form):
    suspense = forms.IntegerField(widget=forms.HiddenInput)
