"""Control measures (查封、扣押、冻结、扣划): how long they last, renewal, expiry warnings, and the
order in which courts took the same property.

民诉法解释（2022）第485条: a freeze of bank deposits lasts at most one year; the seal or seizure
of movables at most two years; the seal of real estate or the freeze of other property rights at
most three years. On application, or of its own motion, the court renews (续行) before expiry, each
time for no longer than the same maximum. (Verified in LawRefBook/Laws, 民诉法解释 2022.)
Deductions (扣划) transfer money at once and have no duration.

The order of first controls decides priority between cases (民诉法解释 第506条 and the distribution
order of 执行工作规定 第55条), so `priority_order` sorts by the time each control took effect.
Plain Python; the models and services come with the rest of issue 4.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from zhixing.core.rules.calendar import add_months

SOURCE = "民诉法解释 第485条"


class ControlKind(StrEnum):
    SEAL = "seal"  # 查封
    SEIZE = "seize"  # 扣押
    FREEZE = "freeze"  # 冻结
    DEDUCT = "deduct"  # 扣划


class PropertyKind(StrEnum):
    DEPOSIT = "deposit"  # 银行存款
    MOVABLE = "movable"  # 动产
    REAL_ESTATE = "real_estate"  # 不动产
    OTHER_RIGHTS = "other_rights"  # 其他财产权（股权、知识产权、债权……）


CONTROL_LABELS = {
    ControlKind.SEAL: "查封",
    ControlKind.SEIZE: "扣押",
    ControlKind.FREEZE: "冻结",
    ControlKind.DEDUCT: "扣划",
}
PROPERTY_LABELS = {
    PropertyKind.DEPOSIT: "银行存款",
    PropertyKind.MOVABLE: "动产",
    PropertyKind.REAL_ESTATE: "不动产",
    PropertyKind.OTHER_RIGHTS: "其他财产权",
}

# 第485条: the maximum term in months per property kind.
MAX_MONTHS = {
    PropertyKind.DEPOSIT: 12,
    PropertyKind.MOVABLE: 24,
    PropertyKind.REAL_ESTATE: 36,
    PropertyKind.OTHER_RIGHTS: 36,
}

# Which controls fit which property: deposits are frozen or deducted, movables sealed or seized,
# real estate sealed, other rights frozen.
ALLOWED = {
    PropertyKind.DEPOSIT: frozenset({ControlKind.FREEZE, ControlKind.DEDUCT}),
    PropertyKind.MOVABLE: frozenset({ControlKind.SEAL, ControlKind.SEIZE}),
    PropertyKind.REAL_ESTATE: frozenset({ControlKind.SEAL}),
    PropertyKind.OTHER_RIGHTS: frozenset({ControlKind.FREEZE}),
}


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    source: str
    field: str = ""


def latest_expiry(property_kind: PropertyKind, start: date) -> date:
    """The last day a control taken on `start` may last (start + the maximum term)."""
    return add_months(start, MAX_MONTHS[property_kind])


def check_control(
    *, control: ControlKind, property_kind: PropertyKind, start: date, until: date | None
) -> list[Refusal]:
    """A new control: the kind must fit the property; a lasting control needs an end within the maximum."""
    refusals: list[Refusal] = []
    if control not in ALLOWED[property_kind]:
        refusals.append(
            Refusal(
                "control.kind",
                f"{PROPERTY_LABELS[property_kind]}不能采取“{CONTROL_LABELS[control]}”措施",
                SOURCE,
                "control",
            )
        )
    if control is ControlKind.DEDUCT:
        if until is not None:
            refusals.append(
                Refusal("control.deduct_term", "扣划即时完成，不设期限", SOURCE, "until")
            )
        return refusals
    if until is None or until <= start:
        refusals.append(
            Refusal("control.term_required", "请填写晚于起始日的控制期限届满日", SOURCE, "until")
        )
    elif until > latest_expiry(property_kind, start):
        months = MAX_MONTHS[property_kind]
        refusals.append(
            Refusal(
                "control.term_too_long",
                f"{PROPERTY_LABELS[property_kind]}的{CONTROL_LABELS[control]}期限不得超过{months // 12}年"
                f"（最迟至 {latest_expiry(property_kind, start):%Y年%m月%d日}）",
                SOURCE,
                "until",
            )
        )
    return refusals


def check_renewal(
    *, property_kind: PropertyKind, current_expiry: date, renewed_on: date, new_expiry: date
) -> list[Refusal]:
    """续行: done before the current term expires, for no longer than the same maximum from the old expiry."""
    refusals: list[Refusal] = []
    if renewed_on > current_expiry:
        refusals.append(
            Refusal(
                "renewal.expired",
                f"控制期限已于 {current_expiry:%Y年%m月%d日} 届满，不能续行，须重新采取措施",
                SOURCE,
                "renewed_on",
            )
        )
    if new_expiry <= current_expiry:
        refusals.append(
            Refusal("renewal.not_longer", "续行后的届满日应晚于原届满日", SOURCE, "new_expiry")
        )
    elif new_expiry > latest_expiry(property_kind, current_expiry):
        refusals.append(
            Refusal(
                "renewal.too_long",
                f"续行期限不得超过{MAX_MONTHS[property_kind] // 12}年（最迟至 {latest_expiry(property_kind, current_expiry):%Y年%m月%d日}）",
                SOURCE,
                "new_expiry",
            )
        )
    return refusals


def expiring_soon(expiry: date, today: date, warn_days: int) -> bool:
    """Shown on the warning list when the control ends within `warn_days` (and has not ended yet)."""
    return today <= expiry <= today + timedelta(days=warn_days)


@dataclass(frozen=True)
class Control:
    """One court's control over one property, as the priority order sees it."""

    court_case: str
    took_effect_at: datetime


def priority_order(controls: Iterable[Control]) -> list[Control]:
    """First in time first in right (首先查封): earlier controls of the same property rank first."""
    return sorted(controls, key=lambda c: c.took_effect_at)
