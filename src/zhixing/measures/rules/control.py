"""Control measures (查封、扣押、冻结、扣划): how long they last, renewal, expiry warnings, and the
order in which courts took the same property.

民诉法解释（2022）第485条: a freeze of bank deposits lasts at most one year; the seal or seizure
of movables at most two years; the seal of real estate or the freeze of other property rights at
most three years. On application, or of its own motion, the court renews (续行) before expiry, each
time for no longer than the same maximum. (Verified in LawRefBook/Laws, 民诉法解释 2022.)
Deductions (扣划) transfer money at once and have no duration.

The order of first controls decides priority between cases (民诉法解释 第506条 and the distribution
order of 执行工作规定 第55条), so `priority_order` sorts by the time each control took effect: the
first is the 首封 (first seal / freeze), every later one waits in line (轮候, 第N顺位).

民事诉讼法（2023）第253条: the property the court freezes or transfers (划拨) must not exceed the
scope of the obligation the respondent has to perform, and the court rules (裁定) and issues an
assistance notice for it. So a deposit freeze is capped by the amount still owed less what is
already frozen, and a deduction by both the frozen remainder and the amount still owed.
Plain Python: no Django import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from zhixing.core.rules.calendar import add_months

SOURCE = "民诉法解释 第485条"
SCOPE_SOURCE = "民事诉讼法 第253条"  # not beyond the obligation; a ruling for each measure


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

# The control each kind of property usually gets: deposits and other rights are frozen, real
# estate and movables (vehicles) sealed.
DEFAULT_CONTROL = {
    PropertyKind.DEPOSIT: ControlKind.FREEZE,
    PropertyKind.MOVABLE: ControlKind.SEAL,
    PropertyKind.REAL_ESTATE: ControlKind.SEAL,
    PropertyKind.OTHER_RIGHTS: ControlKind.FREEZE,
}

# What a network-inquiry answer calls the property (linkage's property kinds) → the 第485条
# category: wealth products, securities and equity are other property rights, vehicles movables.
FOUND_KINDS = {
    "deposit": PropertyKind.DEPOSIT,
    "wealth": PropertyKind.OTHER_RIGHTS,
    "real_estate": PropertyKind.REAL_ESTATE,
    "vehicle": PropertyKind.MOVABLE,
    "securities": PropertyKind.OTHER_RIGHTS,
    "equity": PropertyKind.OTHER_RIGHTS,
    "other": PropertyKind.OTHER_RIGHTS,
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


def max_term_label(property_kind: PropertyKind) -> str:
    """“银行存款最长1年” — shown beside every term with `SOURCE`."""
    return f"{PROPERTY_LABELS[property_kind]}最长{MAX_MONTHS[property_kind] // 12}年"


def is_expired(expiry: date | None, today: date) -> bool:
    """第485条: a control not renewed before its term ends lapses the day after the last day.
    Computed, never a stored flag someone must remember to set."""
    return expiry is not None and expiry < today


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
    *,
    property_kind: PropertyKind,
    started_on: date,
    current_expiry: date,
    renewed_on: date,
    new_expiry: date,
    today: date,
) -> list[Refusal]:
    """续行 (第485条): done before the current term expires, for no longer than the same maximum
    from the old expiry. "Before expiry" is judged on the day the renewal is made (`today`), not
    only on the date typed: a control that lapsed yesterday cannot be revived by typing an earlier
    `renewed_on`; it must be taken again (and loses its place in the order of controls). The
    date typed lies between the control's start and today."""
    refusals: list[Refusal] = []
    if today > current_expiry or renewed_on > current_expiry:
        refusals.append(
            Refusal(
                "renewal.expired",
                f"控制期限已于 {current_expiry:%Y年%m月%d日} 届满，不能续行，须重新采取措施",
                SOURCE,
                "renewed_on",
            )
        )
    if renewed_on > today:
        refusals.append(Refusal("renewal.future", "续行日期不能晚于今天", SOURCE, "renewed_on"))
    elif renewed_on < started_on:
        refusals.append(
            Refusal(
                "renewal.before_start",
                f"续行日期不能早于措施的起始日（{started_on:%Y年%m月%d日}）",
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


class ControlState(StrEnum):
    """What a clerk sees: the stored status, with expiry and pending answers worked out."""

    REQUESTED = "requested"  # sent to the department, awaiting its answer
    IN_EFFECT = "in_effect"
    EXPIRING = "expiring"  # in effect, ends within the warning window: renew now
    EXPIRED = "expired"  # the term ended without renewal: lapsed (第485条)
    RELEASING = "releasing"  # release sent, awaiting the department's answer
    RELEASED = "released"
    DONE = "done"  # deduction transferred / freeze wholly transferred
    FAILED = "failed"  # the department could not do it


STATE_LABELS = {
    ControlState.REQUESTED: "已发出，待协助单位回复",
    ControlState.IN_EFFECT: "生效中",
    ControlState.EXPIRING: "即将到期",
    ControlState.EXPIRED: "已届满失效（未续行）",
    ControlState.RELEASING: "解除已发出，待回复",
    ControlState.RELEASED: "已解除",
    ControlState.DONE: "已扣划",
    ControlState.FAILED: "协助单位未能办理",
}


def control_state(
    *, status: str, expiry: date | None, today: date, warn_days: int, release_pending: bool
) -> ControlState:
    """The state shown for a stored status: an in-effect control past its last day is expired."""
    if status in ("in_effect", "expired"):
        if status == "expired" or is_expired(expiry, today):
            return ControlState.EXPIRED
        if release_pending:
            return ControlState.RELEASING
        if expiry is not None and expiring_soon(expiry, today, warn_days):
            return ControlState.EXPIRING
        return ControlState.IN_EFFECT
    return ControlState(status)


@dataclass(frozen=True)
class Control:
    """One court's control over one property, as the priority order sees it."""

    court_case: str
    took_effect_at: datetime
    key: str = ""  # which measure this is (to find its place in the order)


def priority_order(controls: Iterable[Control]) -> list[Control]:
    """First in time first in right (首先查封): earlier controls of the same property rank first."""
    return sorted(controls, key=lambda c: c.took_effect_at)


def priority_rank(controls: Iterable[Control], key: str) -> int | None:
    """The 1-based place of the control `key` among the controls of one property (None if absent)."""
    for rank, control in enumerate(priority_order(controls), start=1):
        if control.key == key:
            return rank
    return None


def priority_label(control: ControlKind, rank: int) -> str:
    """首封 / 首冻 / 首押 for the first; 轮候查封（第2顺位）… for the ones waiting behind it."""
    first = {ControlKind.SEAL: "首封", ControlKind.SEIZE: "首押", ControlKind.FREEZE: "首冻"}
    if rank == 1:
        return first.get(control, "第1顺位")
    return f"轮候{CONTROL_LABELS[control]}（第{rank}顺位）"


ZERO = Decimal("0.00")


def check_freeze_amount(
    *, amount: Decimal | None, owed: Decimal | None, already_frozen: Decimal
) -> list[Refusal]:
    """第253条: a deposit freeze names a positive amount, and with what the case already has frozen
    it may not exceed what the respondent still owes (`owed` None: a non-money case, no cap)."""
    if amount is None or amount <= 0:
        return [
            Refusal("control.amount_required", "请填写大于零的冻结金额", SCOPE_SOURCE, "amount")
        ]
    if owed is not None and amount > owed - already_frozen:
        room = max(owed - already_frozen, ZERO)
        return [
            Refusal(
                "control.beyond_obligation",
                f"冻结金额超出被执行人应当履行义务的范围：尚欠 {owed:,.2f} 元，本案已冻结 "
                f"{already_frozen:,.2f} 元，至多还可冻结 {room:,.2f} 元",
                SCOPE_SOURCE,
                "amount",
            )
        ]
    return []


def check_deduction(
    *, amount: Decimal, frozen_remaining: Decimal, owed: Decimal | None
) -> list[Refusal]:
    """扣划 from a frozen deposit: positive, no more than the frozen amount not yet transferred,
    no more than what the respondent still owes (第253条). `owed` None: nothing money is owed."""
    refusals: list[Refusal] = []
    if amount <= 0:
        return [Refusal("deduct.amount_positive", "扣划金额须大于零", SCOPE_SOURCE, "amount")]
    if amount > frozen_remaining:
        refusals.append(
            Refusal(
                "deduct.beyond_frozen",
                f"扣划金额不能超过尚未扣划的冻结金额 {frozen_remaining:,.2f} 元",
                SCOPE_SOURCE,
                "amount",
            )
        )
    if owed is None:
        refusals.append(
            Refusal(
                "deduct.no_money_claim", "本案没有金钱给付内容，不能扣划", SCOPE_SOURCE, "amount"
            )
        )
    elif amount > owed:
        refusals.append(
            Refusal(
                "deduct.beyond_obligation",
                f"扣划金额超出被执行人尚欠的金额 {max(owed, ZERO):,.2f} 元",
                SCOPE_SOURCE,
                "amount",
            )
        )
    return refusals
