"""This app's periodic duties for `python -m zhixing run-duties` (zhixing.core.duties).

`measures.expiring_controls` (民诉法解释 第485条: a seal or freeze lapses at the end of its term
unless renewed before it): for every control in effect, not being released and with no renewal in
flight, it reminds the officer responsible — once per measure, per term, per kind —

- when the term ends within ZHIXING_CONTROL_WARN_DAYS (renew now), and
- when the term has ended without renewal (the property is free again; control it anew if needed).

Lapsed controls are not rewritten to `expired`: the control's state is computed from `expires_on`
(models/control.py), so nothing needs marking when time passes. The unique constraint on
ControlExpiryNotice makes "once" hold when two runs overlap; a second run writes nothing.
The reminders appear on the officer's worklist (cases.hooks worklist section).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from zhixing.cases.hooks import WorklistItem
from zhixing.cases.models import StageAssignment
from zhixing.cases.rules.nodes import Stage
from zhixing.core import duties
from zhixing.core.audit import audit_record
from zhixing.organization.selectors import scope_of, staff_of

from .models import ControlExpiryNotice, ControlMeasure, ControlRenewal
from .rules.control import SOURCE
from .selectors.control import warn_days

K = ControlExpiryNotice.Kind
M = ControlMeasure.Status


def _candidates(kind: str, today: date) -> QuerySet[ControlMeasure]:
    days = warn_days()
    rows = ControlMeasure.objects.filter(
        status=M.IN_EFFECT, expires_on__isnull=False, released_on__isnull=True
    )
    if kind == K.EXPIRING:
        rows = rows.filter(expires_on__gte=today, expires_on__lte=today + timedelta(days=days))
    else:
        rows = rows.filter(expires_on__lt=today)
    renewing = ControlRenewal.objects.filter(
        measure=OuterRef("pk"), status=ControlRenewal.Status.REQUESTED
    )
    told = ControlExpiryNotice.objects.filter(
        measure=OuterRef("pk"), expires_on=OuterRef("expires_on"), kind=kind
    )
    return (
        rows.exclude(Exists(renewing))
        .exclude(Exists(told))
        .select_related("case")
        .order_by("expires_on", "pk")
    )


def _responsible(measure: ControlMeasure) -> int | None:
    """The holder of the case's 财产查控 stage, or else its 承办人."""
    holder = (
        StageAssignment.objects.filter(
            case_id=measure.case_id,
            stage=Stage.INQUIRY_CONTROL.value,
            ended_on__isnull=True,
            staff__isnull=False,
        )
        .values_list("staff_id", flat=True)
        .first()
    )
    return holder or measure.case.officer_id


def _notify(actor: Any, measure: ControlMeasure, kind: str, today: date) -> bool:
    """One notice and its audit record; False when another run wrote it first."""
    try:
        with transaction.atomic():
            notice = ControlExpiryNotice.objects.create(
                measure=measure,
                case_id=measure.case_id,
                court_id=measure.court_id,
                kind=kind,
                expires_on=measure.expires_on,
                sent_to_id=_responsible(measure),
                sent_on=today,
            )
            audit_record(
                actor=actor,
                action="measures.control_expiry_notice",
                court_id=measure.court_id,
                obj=notice,
                summary=f"{measure.case} {measure}：{K(kind).label}（届满日 {measure.expires_on}）",
                after={"measure": measure.pk, "kind": kind, "expires_on": measure.expires_on},
            )
    except IntegrityError:
        return False
    return True


def expiring_controls(today: date) -> str:
    actor = duties.system_actor()
    counts = {}
    for kind in (K.EXPIRING, K.LAPSED):
        counts[kind] = sum(_notify(actor, m, kind, today) for m in list(_candidates(kind, today)))
    return (
        f"即将到期（{warn_days()} 日内）新提醒 {counts[K.EXPIRING]} 项；"
        f"已届满失效新提醒 {counts[K.LAPSED]} 项"
    )


def worklist_items(actor: Any, today: date) -> list[WorklistItem]:
    """The officer's reminders still current: the measure still in effect on that same term (a
    renewal or release takes it off), a lapsed one for ZHIXING_CONTROL_WARN_DAYS after its end."""
    staff = staff_of(actor)
    if staff is None:
        return []
    rows = scope_of(actor).restrict(
        ControlExpiryNotice.objects.filter(
            sent_to=staff,
            measure__status=M.IN_EFFECT,
            measure__released_on__isnull=True,
            expires_on__gte=today - timedelta(days=warn_days()),
        ),
        "court",
    )
    items = []
    for notice in rows.select_related("measure", "case").order_by("expires_on", "pk")[:50]:
        measure = notice.measure
        if measure.expires_on != notice.expires_on:
            continue  # renewed since
        if notice.kind == K.EXPIRING and notice.expires_on < today:
            continue  # now lapsed: its own notice says so
        left = (notice.expires_on - today).days
        when = f"还有 {left} 天" if left > 0 else ("今天到期" if left == 0 else "已失效")
        items.append(
            WorklistItem(
                on=notice.expires_on,
                case=notice.case,
                text=f"{measure.get_kind_display()} {measure.description}：{notice.get_kind_display()}（{when}）",
                source=SOURCE,
                url=reverse("case-controls", args=[notice.case_id]) + f"#control-{measure.pk}",
                action="续行或处理",
                urgent=notice.kind == K.LAPSED or left <= 3,
            )
        )
    return items


def register_duties() -> None:
    from zhixing.cases.hooks import register_worklist_section

    duties.register(30, "measures.expiring_controls", "查控措施到期提醒", expiring_controls)
    register_worklist_section(
        "control-expiry",
        "查控措施到期提醒",
        worklist_items,
        note=f"查封、扣押、冻结期限届满前应当续行，否则失效（{SOURCE}）",
        order=20,
    )
