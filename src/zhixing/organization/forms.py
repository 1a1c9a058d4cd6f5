from __future__ import annotations

from django import forms
from django.utils import timezone

from zhixing.core.rules.identity import parse_id_number
from zhixing.core.rules.roles import ROLE_LABELS, Role

from . import rules

# HTML date inputs need ISO dates whatever the locale's display format is.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

PLACEMENT_CHOICES = (
    [("", "院局领导及综合岗位（不属内设机构）")]
    + [(kind.value, label) for kind, label in rules.UNIT_LABELS.items()]
    + [(rules.COMMAND_CENTER, "执行指挥中心")]
)


class StaffForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    username = forms.CharField(label="登录名", max_length=150)
    password = forms.CharField(
        label="初始密码", widget=forms.PasswordInput(render_value=True), min_length=1
    )
    id_number = forms.CharField(label="身份证号码", max_length=20, required=False)
    education = forms.ChoiceField(
        label="学历",
        choices=[(k.value, v) for k, v in rules.EDUCATION_LABELS.items()],
        initial=rules.Education.BACHELOR.value,
    )
    placement = forms.ChoiceField(label="所在机构", choices=PLACEMENT_CHOICES, required=False)
    roles = forms.MultipleChoiceField(
        label="角色",
        choices=[(r.value, label) for r, label in ROLE_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    officer_qualified_on = forms.DateField(label="取得执行员资格日期", required=False, widget=DATE)
    appointed_officer_on = forms.DateField(label="任命执行员日期", required=False, widget=DATE)
    appointment_document = forms.CharField(label="任命文号", max_length=60, required=False)

    def __init__(self, *args, court=None, **kwargs):
        super().__init__(*args, **kwargs)
        if court is not None:
            kinds = set(court.units.values_list("kind", flat=True))
            has_center = hasattr(court, "command_center")
            self.fields["placement"].choices = [
                (value, label)
                for value, label in PLACEMENT_CHOICES
                if value == "" or value in kinds or (value == rules.COMMAND_CENTER and has_center)
            ]

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip()
        if value:
            try:
                return parse_id_number(value, today=timezone.localdate()).value
            except ValueError as error:
                raise forms.ValidationError(getattr(error, "message", str(error))) from None
        return value

    def clean(self):
        """Shows every placement conflict at once; the service checks again when saving."""
        data = super().clean()
        roles = [Role(r) for r in data.get("roles", [])]
        placement = data.get("placement") or rules.LEADERSHIP
        for refusal in rules.check_roles(roles, placement):
            self.add_error("roles", refusal.message)
        return data


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="角色",
        choices=[(r.value, label) for r, label in ROLE_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
    )


class QualificationForm(forms.Form):
    officer_qualified_on = forms.DateField(label="取得执行员资格日期", required=False, widget=DATE)
    appointed_officer_on = forms.DateField(label="任命执行员日期", required=False, widget=DATE)
    appointment_document = forms.CharField(label="任命文号", max_length=60, required=False)


class TrainingForm(forms.Form):
    title = forms.CharField(label="培训名称", max_length=100)
    organizer = forms.CharField(label="举办单位", max_length=60)
    started_on = forms.DateField(label="开始日期", widget=DATE)
    ended_on = forms.DateField(label="结束日期", widget=DATE)
    hours = forms.DecimalField(label="学时", min_value=0.1, max_digits=6, decimal_places=1)


class ActiveForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=100)


class StaffingForm(forms.Form):
    """全院编制与学历构成 (seed 五)."""

    authorized_headcount = forms.IntegerField(label="全院编制总数", min_value=1)
    doctorate = forms.IntegerField(label="博士研究生", min_value=0, initial=0)
    master = forms.IntegerField(label="硕士研究生", min_value=0, initial=0)
    bachelor = forms.IntegerField(label="大学本科", min_value=0, initial=0)
    associate = forms.IntegerField(label="大学专科", min_value=0, initial=0)
    secondary = forms.IntegerField(label="高中（中专）及以下", min_value=0, initial=0)
    reported_on = forms.DateField(label="填报日期", widget=DATE)
