"""Participation in distribution (参与分配): who may join, the distribution plan, the 15 + 15 + 15
day objection windows and what happens when each runs out.

民诉法解释（2022）第506—514条; 执行程序解释 第17条; 执行工作规定 第55条 (domain-rules section 11).

- 第506条: against a citizen or other organisation, creditors holding an enforcement title may
  join once enforcement has started; holders of a priority right or security interest in the
  controlled property may join without a title to claim priority.
- 第507条: filed after enforcement starts and before enforcement against that property ends.
- 第508条: enforcement costs first, then priority claims, then ordinary claims pro rata; what is
  not paid stays owed.
- 第509—510条 (执行程序解释 第17条): objection within 15 days of receiving the plan; the others may
  counter-object within 15 days of being told; without a counter-objection the plan is corrected
  per the objection; with one, the objector may sue within 15 days of being told, or the original
  plan is carried out; during the suit the disputed amount is deposited (提存).
- 第514条 and 执行工作规定 第55条: a legal-person debtor has no 参与分配; after costs and priority
  claims (ranked by the time each security was created), ordinary creditors are paid in the
  order their cases sealed, seized or froze the property.

Money is Decimal to the fen. Pure Python, no Django: the services hold the locks and the dates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from zhixing.core.rules.calendar import DueDate, LegalCalendar
from zhixing.core.rules.money import format_money as m

ART_506 = "民诉法解释（2022）第506条"
ART_506_1 = "民诉法解释（2022）第506条第1款"
ART_506_2 = "民诉法解释（2022）第506条第2款"
ART_507 = "民诉法解释（2022）第507条"
ART_508 = "民诉法解释（2022）第508条"
ART_509 = "民诉法解释（2022）第509条；执行程序解释 第17条"
ART_510 = "民诉法解释（2022）第510条；执行程序解释 第17条"
ART_514 = "民诉法解释（2022）第514条；执行工作规定 第55条"
ITEM_55 = "执行工作规定 第55条"
WINDOW_DAYS = 15
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
T = TypeVar("T", date, datetime)


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    source: str = ""
    field: str = ""


class PlanError(ValueError):
    """Facts a plan cannot be computed from (code, Chinese message, field)."""

    def __init__(self, code: str, message: str, field: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


# --- kinds -------------------------------------------------------------------------------------


class DebtorKind(StrEnum):
    CITIZEN = "citizen"  # 公民：参与分配，普通债权按比例（第506条、第508条）
    OTHER_ORG = "other_org"  # 其他组织（非法人组织）：同上
    LEGAL_PERSON = "legal_person"  # 法人：不适用参与分配，普通债权按查封先后（第514条、第55条）


DEBTOR_LABELS: dict[DebtorKind, str] = {
    DebtorKind.CITIZEN: "公民",
    DebtorKind.OTHER_ORG: "其他组织",
    DebtorKind.LEGAL_PERSON: "法人",
}

# cases.rules.filing.PartyKind values → the debtor kinds of 第506条.
_PARTY_KINDS = {
    "person": DebtorKind.CITIZEN,
    "other_org": DebtorKind.OTHER_ORG,
    "legal_entity": DebtorKind.LEGAL_PERSON,
}


def debtor_kind_of(party_kind: str) -> DebtorKind:
    return _PARTY_KINDS[party_kind]


class ClaimKind(StrEnum):
    COST = "cost"  # 执行费用（评估、拍卖等）：最先受偿
    PRIORITY = "priority"  # 对该财产的优先受偿权、担保物权
    ORDINARY = "ordinary"  # 普通金钱债权


CLAIM_LABELS: dict[ClaimKind, str] = {
    ClaimKind.COST: "执行费用",
    ClaimKind.PRIORITY: "优先受偿债权",
    ClaimKind.ORDINARY: "普通债权",
}


class OrderRule(StrEnum):
    """Why a line is paid where it is in the plan."""

    COST = "cost"
    PRIORITY_TIME = "priority_time"
    PRO_RATA = "pro_rata"
    SEIZURE_ORDER = "seizure_order"


ORDER_RULE_LABELS: dict[OrderRule, str] = {
    OrderRule.COST: "费用",
    OrderRule.PRIORITY_TIME: "优先受偿 按设立先后",
    OrderRule.PRO_RATA: "普通债权 按比例",
    OrderRule.SEIZURE_ORDER: "普通债权 按查封先后",
}
ORDER_RULE_SOURCES: dict[OrderRule, str] = {
    OrderRule.COST: ART_508,
    OrderRule.PRIORITY_TIME: f"{ART_508}；{ITEM_55}",
    OrderRule.PRO_RATA: ART_508,
    OrderRule.SEIZURE_ORDER: ART_514,
}


# --- eligibility (第506—507条) -----------------------------------------------------------------


@dataclass(frozen=True)
class Application:
    """A claim to be admitted to a distribution. `enforcement_started_on` is the docket date of the
    case that hosts the distribution; `property_ended_on` the day enforcement against the property
    ended (the plan became final), None while it goes on."""

    kind: ClaimKind
    amount: Decimal
    filed_on: date
    debtor_kind: DebtorKind
    enforcement_started_on: date | None
    property_ended_on: date | None = None
    title_number: str = ""
    created_on: date | None = None
    controlled_at: datetime | None = None


def check_amount(amount: Decimal, field: str = "amount") -> list[Refusal]:
    if amount <= 0:
        return [Refusal("distribution.amount_not_positive", "金额须大于零", "", field)]
    if amount != amount.quantize(CENT):
        return [Refusal("distribution.amount_precision", "金额最多精确到分", "", field)]
    return []


def check_application(app: Application) -> list[Refusal]:
    """Every unmet condition for admitting the claim, each with its article. Enforcement costs are
    the court's own and need no application; the other kinds must meet 第506—507条."""
    refusals = check_amount(app.amount)
    if app.kind is ClaimKind.COST:
        return refusals
    if app.enforcement_started_on is None or app.filed_on < app.enforcement_started_on:
        refusals.append(
            Refusal(
                "distribution.before_start",
                "执行程序开始后方可申请参与分配（申请日期早于主持分配案件的立案日期）",
                ART_507,
                "filed_on",
            )
        )
    if app.property_ended_on is not None and app.filed_on >= app.property_ended_on:
        refusals.append(
            Refusal(
                "distribution.after_end",
                f"对该财产的执行已于 {app.property_ended_on:%Y年%m月%d日} 终结，"
                "此后提出的参与分配申请不予准许",
                ART_507,
                "filed_on",
            )
        )
    if app.kind is ClaimKind.PRIORITY:
        if app.created_on is None:
            refusals.append(
                Refusal(
                    "distribution.created_on_required",
                    "请填写优先受偿权（担保物权）的设立或登记日期，据以确定受偿顺序",
                    ITEM_55,
                    "created_on",
                )
            )
        return refusals
    if not app.title_number.strip():
        refusals.append(
            Refusal(
                "distribution.title_required",
                "普通债权人须取得执行依据后方可参与分配，请填写执行依据文书编号"
                "（对该财产享有优先权、担保物权的债权人除外）",
                ART_506_1,
                "title_number",
            )
        )
    if app.debtor_kind is DebtorKind.LEGAL_PERSON and app.controlled_at is None:
        refusals.append(
            Refusal(
                "distribution.legal_person_debtor",
                "被执行人为法人，不适用参与分配；普通债权人只能按其案件对该财产采取查封、扣押、"
                "冻结措施的先后受偿，请填写该措施的生效时间",
                f"{ART_506}；{ART_514}",
                "controlled_at",
            )
        )
    return refusals


# --- the plan (第508条、第514条；执行工作规定 第55条) -----------------------------------------


@dataclass(frozen=True)
class Claim:
    """One admitted claim. `created_on` (priority claims) is when the security or priority right
    was created or registered; `controlled_at` (ordinary claims, legal-person debtors) is when the
    claimant's case sealed, seized or froze the property. Compare aware with aware datetimes."""

    key: str
    name: str
    kind: ClaimKind
    amount: Decimal
    created_on: date | None = None
    controlled_at: datetime | None = None


@dataclass(frozen=True)
class PlanLine:
    key: str
    name: str
    kind: ClaimKind
    rule: OrderRule
    rank: int  # 1 is paid first; lines of one rank share pro rata what reaches them
    claimed: Decimal
    share: Decimal

    @property
    def unpaid(self) -> Decimal:
        """第508条第2款: what this plan does not pay stays owed."""
        return self.claimed - self.share

    @property
    def rule_label(self) -> str:
        return ORDER_RULE_LABELS[self.rule]

    @property
    def source(self) -> str:
        return ORDER_RULE_SOURCES[self.rule]


@dataclass(frozen=True)
class Plan:
    available: Decimal
    debtor_kind: DebtorKind
    lines: tuple[PlanLine, ...]

    @property
    def claimed(self) -> Decimal:
        return sum((line.claimed for line in self.lines), ZERO)

    @property
    def distributed(self) -> Decimal:
        return sum((line.share for line in self.lines), ZERO)

    @property
    def surplus(self) -> Decimal:
        """Left after every claim is paid in full (returned to the debtor)."""
        return self.available - self.distributed

    def line(self, key: str) -> PlanLine:
        return next(line for line in self.lines if line.key == key)


def _fen(amount: Decimal) -> int:
    return int((amount / CENT).to_integral_value())


def allocate(pool: int, weights: Sequence[int]) -> list[int]:
    """Shares a pool of fen among claims of `weights` fen, pro rata, by the largest-remainder
    (Hamilton) method, when the pool does not cover them all.

    Each claim first gets floor(pool × weight / total); the fen left over (fewer than the number of
    claims) go one each to the claims with the largest remainders. Ties are broken by the larger
    claim, then by the earlier position in `weights` (the order the claims were admitted), so the
    same input always gives the same plan. Every share is within one fen of the exact proportion,
    and the shares add up to the pool exactly."""
    total = sum(weights)
    if pool >= total:
        return list(weights)
    floors = [pool * w // total for w in weights]
    remainders = [pool * w % total for w in weights]
    left = pool - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], -weights[i], i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def _created(claim: Claim) -> date:
    assert claim.created_on is not None  # checked by _validate
    return claim.created_on


def _controlled(claim: Claim) -> datetime:
    assert claim.controlled_at is not None  # checked by _validate
    return claim.controlled_at


def _by_time(claims: Sequence[Claim], when: Callable[[Claim], T]) -> list[list[Claim]]:
    """One rank per distinct time, earliest first; claims of the same time share one rank."""
    groups: dict[T, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(when(claim), []).append(claim)
    return [groups[moment] for moment in sorted(groups)]


def _ranks(claims: Sequence[Claim], debtor_kind: DebtorKind) -> list[list[Claim]]:
    costs = [c for c in claims if c.kind is ClaimKind.COST]
    priority = [c for c in claims if c.kind is ClaimKind.PRIORITY]
    ordinary = [c for c in claims if c.kind is ClaimKind.ORDINARY]
    ranks = [costs] if costs else []
    ranks += _by_time(priority, _created)
    if debtor_kind is DebtorKind.LEGAL_PERSON:
        ranks += _by_time(ordinary, _controlled)
    elif ordinary:
        ranks.append(ordinary)
    return ranks


def _rule(kind: ClaimKind, debtor_kind: DebtorKind) -> OrderRule:
    if kind is ClaimKind.COST:
        return OrderRule.COST
    if kind is ClaimKind.PRIORITY:
        return OrderRule.PRIORITY_TIME
    if debtor_kind is DebtorKind.LEGAL_PERSON:
        return OrderRule.SEIZURE_ORDER
    return OrderRule.PRO_RATA


def _validate(available: Decimal, debtor_kind: DebtorKind, claims: Sequence[Claim]) -> None:
    if available < 0 or available != available.quantize(CENT):
        raise PlanError(
            "distribution.available_invalid", "可供分配金额须为非负数且精确到分", "amount"
        )
    if len({c.key for c in claims}) != len(claims):
        raise PlanError("distribution.duplicate_claim", "同一债权不能重复列入分配方案", "claims")
    for claim in claims:
        for refusal in check_amount(claim.amount):
            raise PlanError(refusal.code, f"{claim.name}：{refusal.message}", "claims")
        if claim.kind is ClaimKind.PRIORITY and claim.created_on is None:
            raise PlanError(
                "distribution.created_on_required",
                f"{claim.name}：优先受偿债权须有设立或登记日期",
                "claims",
            )
        if (
            claim.kind is ClaimKind.ORDINARY
            and debtor_kind is DebtorKind.LEGAL_PERSON
            and claim.controlled_at is None
        ):
            raise PlanError(
                "distribution.legal_person_debtor",
                f"{claim.name}：被执行人为法人，普通债权须有查封、扣押、冻结的生效时间",
                "claims",
            )


def compute_plan(available: Decimal, debtor_kind: DebtorKind, claims: Sequence[Claim]) -> Plan:
    """The distribution plan: who gets what out of `available`.

    Claims are grouped into ranks paid one after another, each rank in full before the next gets
    anything (第508条; 第514条; 执行工作规定 第55条):
      1. enforcement costs;
      2. priority claims, earlier-created first (the same creation date is one rank);
      3. ordinary claims: one rank, pro rata, for a citizen or other-organisation debtor (第508条);
         for a legal-person debtor one rank per seizure time, earlier first (第514条, 第55条).
    The rank the money runs out in shares what is left pro rata (`allocate`); later ranks get
    nothing. Lines come out in payment order, claims of one rank in the order given."""
    _validate(available, debtor_kind, claims)
    left = _fen(available)
    lines: list[PlanLine] = []
    for rank, members in enumerate(_ranks(claims, debtor_kind), start=1):
        shares = allocate(left, [_fen(c.amount) for c in members])
        left -= sum(shares)
        lines.extend(
            PlanLine(
                key=c.key,
                name=c.name,
                kind=c.kind,
                rule=_rule(c.kind, debtor_kind),
                rank=rank,
                claimed=c.amount,
                share=(Decimal(share) * CENT).quantize(CENT),
            )
            for c, share in zip(members, shares, strict=True)
        )
    return Plan(available=available, debtor_kind=debtor_kind, lines=tuple(lines))


# --- the windows (第509—510条；执行程序解释 第17条) ------------------------------------------


class WindowKind(StrEnum):
    OBJECTION = "objection"
    COUNTER_OBJECTION = "counter_objection"
    SUIT = "suit"


WINDOW_LABELS: dict[WindowKind, str] = {
    WindowKind.OBJECTION: "提出书面异议",
    WindowKind.COUNTER_OBJECTION: "提出反对意见",
    WindowKind.SUIT: "提起分配方案异议之诉",
}
WINDOW_STARTS: dict[WindowKind, str] = {
    WindowKind.OBJECTION: "收到分配方案之日",
    WindowKind.COUNTER_OBJECTION: "收到异议通知之日",
    WindowKind.SUIT: "收到反对意见通知之日",
}
WINDOW_SOURCES: dict[WindowKind, str] = {
    WindowKind.OBJECTION: ART_509,
    WindowKind.COUNTER_OBJECTION: ART_510,
    WindowKind.SUIT: ART_510,
}


@dataclass(frozen=True)
class Window:
    kind: WindowKind
    starts: date
    due: DueDate

    @property
    def label(self) -> str:
        return WINDOW_LABELS[self.kind]

    @property
    def source(self) -> str:
        return f"{WINDOW_SOURCES[self.kind]}；{self.due.source}"

    def open_on(self, day: date) -> bool:
        return self.starts <= day <= self.due.due


def window(kind: WindowKind, starts: date, calendar: LegalCalendar) -> Window:
    """15 days from `starts` (the day of service or notice is not counted; a last day that is a
    holiday moves to the next workday: 民事诉讼法 第85条)."""
    return Window(kind, starts, calendar.period_end(starts, days=WINDOW_DAYS))


def check_within(win: Window, filed_on: date) -> list[Refusal]:
    if filed_on < win.starts:
        return [
            Refusal(
                f"distribution.{win.kind.value}_too_early",
                f"{win.label}的日期不能早于{WINDOW_STARTS[win.kind]}（{win.starts:%Y年%m月%d日}）",
                WINDOW_SOURCES[win.kind],
                "filed_on",
            )
        ]
    if filed_on > win.due.due:
        return [
            Refusal(
                f"distribution.{win.kind.value}_late",
                f"{win.label}的期间为{WINDOW_STARTS[win.kind]}起 {WINDOW_DAYS} 日，"
                f"已于 {win.due.due:%Y年%m月%d日} 届满",
                WINDOW_SOURCES[win.kind],
                "filed_on",
            )
        ]
    return []


# --- objections and the outcome (第510条) -----------------------------------------------------


@dataclass(frozen=True)
class Objection:
    """An objection that `disputed` of the target line's share belongs to the objector's line
    (`objector_key`), or, when the debtor objects (`objector_key` None), should not be paid."""

    key: str
    objector_key: str | None
    target_key: str
    disputed: Decimal
    notified_on: date  # the others were told of it: the counter-objection window starts
    counter_notified_on: date | None = None  # a counter-objection, told to the objector
    suit_filed_on: date | None = None


def check_objection(plan: Plan, existing: Sequence[Objection], new: Objection) -> list[Refusal]:
    """The disputed amount must be something the plan gives the target line and, for a creditor
    objector, no more than the objector's own claim leaves unpaid (all objections together)."""
    refusals = check_amount(new.disputed, "disputed")
    keys = {line.key for line in plan.lines}
    if new.target_key not in keys or (
        new.objector_key is not None and new.objector_key not in keys
    ):
        return [Refusal("distribution.line_unknown", "异议所涉债权不在分配方案中", "", "target")]
    if new.objector_key == new.target_key:
        refusals.append(
            Refusal("distribution.self_objection", "不能对自己的分配额提出异议", "", "target")
        )
    if refusals:
        return refusals
    target = plan.line(new.target_key)
    against = sum((o.disputed for o in existing if o.target_key == target.key), ZERO)
    if new.disputed + against > target.share:
        refusals.append(
            Refusal(
                "distribution.disputed_exceeds_share",
                f"争议金额超过方案分给{target.name}的 {m(target.share)} 元"
                f"（其中已有异议 {m(against)} 元）",
                ART_509,
                "disputed",
            )
        )
    if new.objector_key is not None:
        objector = plan.line(new.objector_key)
        asked = sum((o.disputed for o in existing if o.objector_key == objector.key), ZERO)
        if new.disputed + asked > objector.unpaid:
            refusals.append(
                Refusal(
                    "distribution.disputed_exceeds_claim",
                    f"争议金额超过{objector.name}按方案未受偿的 {m(objector.unpaid)} 元"
                    f"（其中已主张 {m(asked)} 元）",
                    ART_509,
                    "disputed",
                )
            )
    return refusals


class Resolution(StrEnum):
    AWAITING_COUNTER = "awaiting_counter"  # 反对意见期间未届满
    AWAITING_SUIT = "awaiting_suit"  # 已有反对意见，起诉期间未届满
    CORRECTED = "corrected"  # 未提出反对意见：按异议修正方案
    ORIGINAL = "original"  # 有反对意见，异议人逾期未起诉：按原方案分配
    SUIT = "suit"  # 已起诉：争议金额提存，其余分配


RESOLUTION_LABELS: dict[Resolution, str] = {
    Resolution.AWAITING_COUNTER: "等待反对意见",
    Resolution.AWAITING_SUIT: "等待起诉",
    Resolution.CORRECTED: "未提出反对意见，按异议修正方案",
    Resolution.ORIGINAL: "异议人逾期未起诉，按原方案分配",
    Resolution.SUIT: "已起诉，争议金额提存",
}


def resolve(objection: Objection, today: date, calendar: LegalCalendar) -> Resolution:
    """第510条: where one objection stands on `today`."""
    if objection.counter_notified_on is None:
        counter = window(WindowKind.COUNTER_OBJECTION, objection.notified_on, calendar)
        return Resolution.AWAITING_COUNTER if today <= counter.due.due else Resolution.CORRECTED
    if objection.suit_filed_on is not None:
        return Resolution.SUIT
    suit = window(WindowKind.SUIT, objection.counter_notified_on, calendar)
    return Resolution.AWAITING_SUIT if today <= suit.due.due else Resolution.ORIGINAL


@dataclass(frozen=True)
class Settled:
    key: str
    pay: Decimal  # paid under the final plan
    held: Decimal  # deposited (提存) while a suit is pending


@dataclass(frozen=True)
class Settlement:
    """The plan as it stands once every window has run: `ready` False with the reasons while any
    window is open."""

    ready: bool
    refusals: tuple[Refusal, ...]
    resolutions: dict[str, Resolution] = field(default_factory=dict)
    lines: tuple[Settled, ...] = ()
    undistributed: Decimal = ZERO  # taken from a line on the debtor's objection, paid to no one

    @property
    def held(self) -> Decimal:
        return sum((line.held for line in self.lines), ZERO)


def settle(
    plan: Plan,
    objections: Sequence[Objection],
    *,
    served_on: date,
    today: date,
    calendar: LegalCalendar,
) -> Settlement:
    """第509—510条: the final amounts. No objection → the plan as served; an objection nobody
    counter-objected to → the disputed amount moves to the objector (or, for the debtor's
    objection, is paid to no one); a counter-objection and no suit in time → the original plan;
    a suit → the disputed amount is held (提存) and the rest paid."""
    refusals: list[Refusal] = []
    first = window(WindowKind.OBJECTION, served_on, calendar)
    if today <= first.due.due:
        refusals.append(
            Refusal(
                "distribution.objection_window_open",
                f"异议期间尚未届满（至 {first.due.due:%Y年%m月%d日}），届满后方可确定分配方案",
                ART_509,
            )
        )
    resolutions = {o.key: resolve(o, today, calendar) for o in objections}
    for o in objections:
        state = resolutions[o.key]
        if state in (Resolution.AWAITING_COUNTER, Resolution.AWAITING_SUIT):
            kind, starts = (
                (WindowKind.COUNTER_OBJECTION, o.notified_on)
                if state is Resolution.AWAITING_COUNTER
                else (WindowKind.SUIT, o.counter_notified_on or o.notified_on)
            )
            due = window(kind, starts, calendar).due.due
            refusals.append(
                Refusal(
                    f"distribution.{kind.value}_window_open",
                    f"对{plan.line(o.target_key).name}分配额的异议：{WINDOW_LABELS[kind]}的期间"
                    f"尚未届满（至 {due:%Y年%m月%d日}）",
                    ART_510,
                )
            )
    if refusals:
        return Settlement(False, tuple(refusals), resolutions)
    pay = {line.key: line.share for line in plan.lines}
    held = {line.key: ZERO for line in plan.lines}
    undistributed = ZERO
    for o in objections:
        state = resolutions[o.key]
        if state is Resolution.ORIGINAL:
            continue
        pay[o.target_key] -= o.disputed
        if state is Resolution.SUIT:
            held[o.target_key] += o.disputed
        elif o.objector_key is None:
            undistributed += o.disputed
        else:
            pay[o.objector_key] += o.disputed
    if any(value < 0 for value in pay.values()):
        raise PlanError("distribution.disputed_exceeds_share", "争议金额超过方案分配额", "disputed")
    lines = tuple(Settled(line.key, pay[line.key], held[line.key]) for line in plan.lines)
    return Settlement(True, (), resolutions, lines, undistributed)


def check_award(disputed: Decimal, awarded: Decimal) -> list[Refusal]:
    """After the suit: of the held amount, `awarded` goes to the objector, the rest to the target."""
    if awarded < 0 or awarded > disputed or awarded != awarded.quantize(CENT):
        return [
            Refusal(
                "distribution.award_invalid",
                f"判决归异议人的金额须在 0 至争议金额 {m(disputed)} 元之间，精确到分",
                ART_510,
                "awarded",
            )
        ]
    return []
