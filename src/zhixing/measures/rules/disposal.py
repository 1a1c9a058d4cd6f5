"""Disposal (财产处置): appraisal, online judicial auction rounds, sale (变卖), in-kind settlement.

Sources (texts in `domain-rules.md` section 9; article numbers of 法释〔2016〕18号 are VERIFIED in
LawRefBook/Laws, its document number and effective date 2017-01-01 are UNVERIFIED):

- 法释〔2016〕18号 最高人民法院关于人民法院网络司法拍卖若干问题的规定 (网拍规定):
  art. 10 start price ≥ 70 % of the appraisal or market price; art. 12 announcement 15 days
  (movables) / 30 days (real estate, other property rights) before the auction; art. 17 deposit
  5 %–20 % of the start price; art. 20 bidding at least 24 hours; art. 26 a failed auction is
  re-auctioned within 30 days on the same platform, announced 7 / 15 days before, the start price
  lowered by at most 20 % of the previous one; after a failed second auction the court may sell
  (变卖) on the same platform — there is no third online round.
- 最高人民法院关于人民法院民事执行中拍卖、变卖财产的规定 (拍卖变卖规定) art. 16: after a failed
  auction a creditor may take the property in satisfaction (以物抵债) at that auction's reserve and
  pays in any excess over its claim.
- 民诉法解释（2022）第489条、第490条: in-kind settlement needs the applicant's consent and must not
  harm other creditors; property that cannot be sold is returned to the debtor if the applicant
  will not take it.
- 法发〔2006〕35号 第7条: the appraisal (auction) agency is chosen within 10 days of the decision.
- 网拍规定 第16条: the parties and known pre-emption holders are notified at least 3 days before the
  announcement; 第27条: the start price and its reductions, the deposit … are decided by the
  collegial panel (合议庭).
- 法释〔2016〕6号 第1条: the court of the first seal (首先查封) disposes of the property; a court
  waiting behind it (轮候查封) does not.

Two readings decided here (each also stated where it is applied):

1. **Art. 26 "流拍后应当在三十日内…再次拍卖"** binds the start of the second auction's bidding:
   its first day may be at most 30 days after the day the first round failed (the day its bidding
   closed). The article names the auction itself and fixes the announcement lead time separately
   ("拍卖…七日前公告"), so the announcement necessarily falls inside the 30 days too. The failure
   day is not counted (民事诉讼法 第85条第2款). The last day is *not* moved off a holiday: online
   bidding runs every day and the stricter reading is lawful under both readings.
2. **"拍卖N日前公告"**: the auction may start on the N-th day after the announcement date at the
   earliest (announced on 1 March for real estate → bidding from 31 March).

Pure Python: no Django. Prices are Decimal yuan to the fen; limits are compared exactly (never
rounded), and shown rounded *towards* the lawful side (a minimum up, a maximum down).
Datetimes are aware and in the court's zone (Asia/Shanghai); the caller converts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from enum import StrEnum

from zhixing.core.rules.money import format_money as m

from .control import PROPERTY_LABELS, PropertyKind

WP = "法释〔2016〕18号"  # 最高人民法院关于人民法院网络司法拍卖若干问题的规定
PM = "拍卖变卖规定"  # 最高人民法院关于人民法院民事执行中拍卖、变卖财产的规定（2020修正）
SRC_DISPOSABLE = "民事诉讼法 第258条"
SRC_APPRAISER = "法发〔2006〕35号 第7条"
SRC_REFERENCE = f"{WP} 第10条"
SRC_START_PRICE = f"{WP} 第10条"
SRC_SOLD = f"{WP} 第11条、第20条"
SRC_ANNOUNCE = f"{WP} 第12条"
SRC_NOTICE = f"{WP} 第16条"
SRC_DEPOSIT = f"{WP} 第17条"
SRC_BIDDING = f"{WP} 第20条"
SRC_REAUCTION = f"{WP} 第26条"
SRC_NO_THIRD_ROUND = f"{WP} 第26条第2款"
SRC_COLLEGIAL = f"{WP} 第27条"
# 最高人民法院关于首先查封法院与优先债权执行法院处分查封财产有关问题的批复
SRC_FIRST_CONTROL = "法释〔2016〕6号 第1条"
# The sale price floor (the second round's start price) comes from an SPC notice of 2017 on
# linking online auction and sale; its text is UNVERIFIED (domain-rules section 9).
SRC_SALE = f"{WP} 第26条第2款；最高人民法院关于网络司法拍卖与变卖衔接的通知（2017，未核实）"
SRC_IN_KIND = f"{PM} 第16条；民诉法解释 第489条、第490条"
SRC_RELEASE = "民诉法解释 第490条"
SRC_HANDOVER = "法发〔2006〕35号 第8条"

# 法发〔2006〕35号 第7条: days from the decision to appraise to choosing the agency.
APPRAISER_SELECTION_DAYS = 10
# 网拍规定 第10条: the first round's start price is at least 70 % of the appraisal/market price.
START_PRICE_MIN_RATIO = Decimal("0.70")
# 网拍规定 第12条: announcement lead time of a first auction, in days.
ANNOUNCE_DAYS: dict[PropertyKind, int] = {
    PropertyKind.MOVABLE: 15,
    PropertyKind.REAL_ESTATE: 30,
    PropertyKind.OTHER_RIGHTS: 30,
}
# 网拍规定 第26条: announcement lead time of the re-auction after a failed first round, in days.
REANNOUNCE_DAYS: dict[PropertyKind, int] = {
    PropertyKind.MOVABLE: 7,
    PropertyKind.REAL_ESTATE: 15,
    PropertyKind.OTHER_RIGHTS: 15,
}
# 网拍规定 第16条: the parties and known pre-emption holders are notified this many days before the
# announcement (reading 2: notified on 1 March → announced from 4 March).
NOTICE_DAYS = 3
# 网拍规定 第27条: words in a collegial decision's subject that show it is about the auction (start
# price and its reduction, deposit …); the decision record has a free-text subject, no topic field.
AUCTION_SUBJECT_WORDS = ("拍卖", "起拍", "保证金", "降价", "变卖")
# 网拍规定 第17条: the deposit is 5 %–20 % of the start price.
DEPOSIT_MIN_RATIO = Decimal("0.05")
DEPOSIT_MAX_RATIO = Decimal("0.20")
# 网拍规定 第20条: bidding lasts at least 24 hours.
MIN_BIDDING = timedelta(hours=24)
# 网拍规定 第26条: re-auction within 30 days of the failure, lowered by at most 20 %.
REAUCTION_WITHIN_DAYS = 30
MAX_REDUCTION_RATIO = Decimal("0.20")
# 网拍规定 第26条第2款: two online rounds at most, then 变卖 (or 以物抵债, 拍卖变卖规定 第16条).
MAX_ROUNDS = 2
# The 变卖 price floor as a share of the second round's start price (2017 SPC notice, UNVERIFIED);
# a parameter of `check_sale`, so a court can set another reading in settings.
SALE_FLOOR_RATIO = Decimal("1.00")

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    source: str = ""
    field: str = ""


class PriceBasis(StrEnum):
    """网拍规定 第10条: the start price refers to the appraisal price, or without an appraisal to
    the market price (after asking the parties)."""

    APPRAISAL = "appraisal"  # 委托评估的评估价
    MARKET = "market"  # 未作评估，询价确定的市场价


PRICE_BASIS_LABELS: dict[PriceBasis, str] = {
    PriceBasis.APPRAISAL: "评估价",
    PriceBasis.MARKET: "市场价（询价）",
}


class Platform(StrEnum):
    """网拍规定 第3条、第5条: platforms on the SPC's list (名单库). The list is UNVERIFIED here
    (the 2016 selection plus the 2018 additions); a court's platform must be on the current list."""

    TAOBAO = "taobao"
    JD = "jd"
    RMFYSSZC = "rmfysszc"
    GPAI = "gpai"
    CAA = "caa"
    ICBC = "icbc"
    CBEX = "cbex"


PLATFORM_LABELS: dict[Platform, str] = {
    Platform.TAOBAO: "淘宝网司法拍卖",
    Platform.JD: "京东拍卖",
    Platform.RMFYSSZC: "人民法院诉讼资产网",
    Platform.GPAI: "公拍网",
    Platform.CAA: "中国拍卖行业协会网",
    Platform.ICBC: "工商银行融e购",
    Platform.CBEX: "北京产权交易所",
}


class RoundResult(StrEnum):
    PENDING = "pending"  # 已公告，尚未结束
    SOLD = "sold"  # 成交（一人出价不低于起拍价即可成交，第11条）
    FAILED = "failed"  # 流拍（竞价期间无人出价，第26条）
    WITHDRAWN = "withdrawn"  # 撤回或中止，不计入轮次


RESULT_LABELS: dict[RoundResult, str] = {
    RoundResult.PENDING: "进行中",
    RoundResult.SOLD: "成交",
    RoundResult.FAILED: "流拍",
    RoundResult.WITHDRAWN: "撤回",
}


class Outcome(StrEnum):
    AUCTION = "auction"  # 拍卖成交
    SALE = "sale"  # 变卖成交（第二次流拍后，第26条第2款）
    IN_KIND = "in_kind"  # 以物抵债（拍卖变卖规定 第16条；民诉法解释 第489条、第490条）
    RELEASED = "released"  # 未能处置，解除查封、退回被执行人（民诉法解释 第490条）


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.AUCTION: "拍卖成交",
    Outcome.SALE: "变卖成交",
    Outcome.IN_KIND: "以物抵债",
    Outcome.RELEASED: "解除处置、退回被执行人",
}
PRICED_OUTCOMES = frozenset({Outcome.AUCTION, Outcome.SALE, Outcome.IN_KIND})


@dataclass(frozen=True)
class RoundFact:
    """An auction round already on file."""

    number: int
    platform: str
    start_price: Decimal
    result: RoundResult
    ended_on: date  # the local date bidding closed (for a failed round: the day it failed)


@dataclass(frozen=True)
class PlannedRound:
    """A round the court means to announce."""

    platform: str
    announced_on: date
    starts_at: datetime
    ends_at: datetime
    start_price: Decimal
    deposit: Decimal
    notified_on: date | None  # parties and known pre-emption holders told (第16条)


@dataclass(frozen=True)
class PanelDecision:
    """A collegial decision recorded on the case (合议庭评议 or 主审法官联席会议)."""

    decided_on: date
    subject: str
    panel: bool  # 合议庭评议 (a 主审法官联席会议 only advises)
    key: int = 0  # the record it stands for


def ceil_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_CEILING)


def floor_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_FLOOR)


def ymd(day: date) -> str:
    """A date as the rules' messages and the page's notes write it: 2026年3月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _money_refusal(value: Decimal, field: str, label: str) -> list[Refusal]:
    if value <= 0:
        return [Refusal("disposal.amount_not_positive", f"{label}须大于零", "", field)]
    if value != value.quantize(CENT):
        return [Refusal("disposal.amount_precision", f"{label}最多精确到分", "", field)]
    return []


# --- what may be disposed of ----------------------------------------------------------------


def check_disposable(property_kind: PropertyKind, in_effect: bool) -> list[Refusal]:
    """民事诉讼法 第258条: property sealed or seized (and not released) is auctioned or sold; bank
    deposits are deducted, never auctioned."""
    refusals: list[Refusal] = []
    if property_kind is PropertyKind.DEPOSIT:
        refusals.append(
            Refusal(
                "disposal.deposit_account",
                "银行存款应当直接扣划，不进行评估拍卖",
                SRC_DISPOSABLE,
                "measure",
            )
        )
    if not in_effect:
        refusals.append(
            Refusal(
                "disposal.not_controlled",
                "该财产的查封（扣押、冻结）不在生效状态（已解除或已到期），不能处置；"
                "已到期的，请先续行",
                SRC_DISPOSABLE,
                "measure",
            )
        )
    return refusals


def check_first_control(rank: int | None, label: str) -> list[Refusal]:
    """法释〔2016〕6号 第1条: the court that sealed (seized, froze) the property first disposes of it;
    a court whose control waits behind another (轮候, `rank` > 1) does not. `rank` None: the
    property has no recorded rivals (no identifier, or the control's moment is not known)."""
    if rank is None or rank <= 1:
        return []
    return [
        Refusal(
            "disposal.not_first_control",
            f"本院对该财产为{label}，应由首先查封、扣押、冻结的法院处分；"
            "本院不能评估、拍卖、变卖或以物抵债",
            SRC_FIRST_CONTROL,
            "measure",
        )
    ]


# --- appraisal ------------------------------------------------------------------------------


def check_appraisal_order(ordered: bool, rounds: Sequence[RoundFact]) -> list[Refusal]:
    if ordered:
        return [
            Refusal("appraisal.already_ordered", "已经决定委托评估", SRC_APPRAISER, "decided_on")
        ]
    if any(r.result is not RoundResult.WITHDRAWN for r in rounds):
        return [
            Refusal(
                "appraisal.after_auction",
                "该财产已经公告拍卖，不能再决定委托评估",
                SRC_REFERENCE,
                "decided_on",
            )
        ]
    return []


def check_appraiser(
    *, decided_on: date | None, selected_on: date, agency: str, already: bool
) -> list[Refusal]:
    """The agency is chosen after the decision to appraise (法发〔2006〕35号 第7条)."""
    if decided_on is None:
        return [
            Refusal(
                "appraisal.not_ordered",
                "须先决定委托评估，才能确定评估机构",
                SRC_APPRAISER,
                "agency",
            )
        ]
    refusals: list[Refusal] = []
    if already:
        refusals.append(
            Refusal("appraisal.agency_already", "已经确定评估机构", SRC_APPRAISER, "agency")
        )
    if not agency.strip():
        refusals.append(Refusal("appraisal.agency_required", "请填写评估机构名称", "", "agency"))
    if selected_on < decided_on:
        refusals.append(
            Refusal(
                "appraisal.selected_before_order",
                f"确定评估机构的日期不能早于决定委托评估的日期（{ymd(decided_on)}）",
                SRC_APPRAISER,
                "selected_on",
            )
        )
    return refusals


def check_report(
    *,
    basis: PriceBasis,
    price: Decimal,
    reported_on: date,
    agency_selected_on: date | None,
    rounds: Sequence[RoundFact],
) -> list[Refusal]:
    """网拍规定 第10条: the reference price is the appraisal price (from the chosen agency) or, with no
    appraisal, the market price; it is fixed before the first round is announced."""
    refusals = _money_refusal(price, "price", "参考价")
    if any(r.result is not RoundResult.WITHDRAWN for r in rounds):
        refusals.append(
            Refusal(
                "appraisal.after_auction",
                "该财产已经公告拍卖，参考价不能再变更",
                SRC_REFERENCE,
                "price",
            )
        )
    if basis is PriceBasis.APPRAISAL:
        if agency_selected_on is None:
            refusals.append(
                Refusal(
                    "appraisal.no_agency",
                    "尚未确定评估机构，不能登记评估价；未作评估的，请选择“市场价（询价）”",
                    SRC_APPRAISER,
                    "basis",
                )
            )
        elif reported_on < agency_selected_on:
            refusals.append(
                Refusal(
                    "appraisal.report_before_agency",
                    f"评估报告日期不能早于确定评估机构的日期（{ymd(agency_selected_on)}）",
                    SRC_APPRAISER,
                    "reported_on",
                )
            )
    return refusals


# --- auction rounds -------------------------------------------------------------------------


def counted(rounds: Sequence[RoundFact]) -> list[RoundFact]:
    """Rounds that count towards the two: withdrawn rounds do not (网拍规定 第26条)."""
    return [r for r in rounds if r.result is not RoundResult.WITHDRAWN]


def failed_rounds(rounds: Sequence[RoundFact]) -> list[RoundFact]:
    return [r for r in rounds if r.result is RoundResult.FAILED]


def next_round_number(rounds: Sequence[RoundFact]) -> int:
    """1 before any failure, 2 after the first failure (3 means no online round is left)."""
    return len(failed_rounds(rounds)) + 1


def check_can_announce(rounds: Sequence[RoundFact], outcome: Outcome | None) -> list[Refusal]:
    """Whether any round may be announced now (网拍规定 第26条)."""
    if outcome is not None:
        return [
            Refusal(
                "auction.disposed",
                f"该财产已处置完毕（{OUTCOME_LABELS[outcome]}），不能再拍卖",
                SRC_REAUCTION,
            )
        ]
    live = counted(rounds)
    if any(r.result is RoundResult.PENDING for r in live):
        return [
            Refusal(
                "auction.round_open",
                "上一轮拍卖尚未结束，请先登记其结果",
                SRC_REAUCTION,
            )
        ]
    if any(r.result is RoundResult.SOLD for r in live):
        return [Refusal("auction.already_sold", "该财产已拍卖成交", SRC_SOLD)]
    if len(failed_rounds(live)) >= MAX_ROUNDS:
        return [
            Refusal(
                "auction.no_third_round",
                "网络司法拍卖第二次流拍后不再进行第三次拍卖；可以依法变卖，"
                "或经申请执行人同意以物抵债",
                SRC_NO_THIRD_ROUND,
            )
        ]
    return []


@dataclass(frozen=True)
class RoundLimits:
    """The limits of the next round, to show beside the inputs before the officer types."""

    number: int
    announce_days: int
    announce_source: str
    min_start_price: Decimal | None  # rounded up to the fen; None when no reference price yet
    min_start_source: str
    min_start_basis: str  # how the minimum was computed, in words
    failed_on: date | None  # the failure day that opens round 2
    latest_start_on: date | None  # round 2: the last day bidding may start
    platform: str | None  # round 2: the platform of round 1 (art. 26: the same platform)

    def earliest_start_on(self, announced_on: date) -> date:
        """The first day bidding may start for an announcement on `announced_on` (reading 2)."""
        return announced_on + timedelta(days=self.announce_days)

    @staticmethod
    def deposit_range(start_price: Decimal) -> tuple[Decimal, Decimal]:
        """网拍规定 第17条: 5 %–20 % of the start price, rounded towards the inside."""
        return (
            ceil_cents(start_price * DEPOSIT_MIN_RATIO),
            floor_cents(start_price * DEPOSIT_MAX_RATIO),
        )


def round_limits(
    *,
    property_kind: PropertyKind,
    reference_price: Decimal | None,
    basis: PriceBasis | None,
    rounds: Sequence[RoundFact],
) -> RoundLimits:
    """The limits of the next round (1 or 2). Call `check_can_announce` first for whether any."""
    live = counted(rounds)
    failed = failed_rounds(live)
    number = min(next_round_number(live), MAX_ROUNDS)
    if number == 1:
        label = PRICE_BASIS_LABELS[basis] if basis is not None else "评估价"
        return RoundLimits(
            number=1,
            announce_days=ANNOUNCE_DAYS[property_kind],
            announce_source=SRC_ANNOUNCE,
            min_start_price=(
                ceil_cents(reference_price * START_PRICE_MIN_RATIO)
                if reference_price is not None
                else None
            ),
            min_start_source=SRC_START_PRICE,
            min_start_basis=(
                f"{label} {m(reference_price)} 元 × 70%"
                if reference_price is not None
                else "尚未确定评估价或市场价"
            ),
            failed_on=None,
            latest_start_on=None,
            platform=None,
        )
    first = failed[-1]
    return RoundLimits(
        number=2,
        announce_days=REANNOUNCE_DAYS[property_kind],
        announce_source=SRC_REAUCTION,
        min_start_price=ceil_cents(first.start_price * (1 - MAX_REDUCTION_RATIO)),
        min_start_source=SRC_REAUCTION,
        min_start_basis=f"第一次起拍价 {m(first.start_price)} 元 × 80%（降价不超过20%）",
        failed_on=first.ended_on,
        latest_start_on=first.ended_on + timedelta(days=REAUCTION_WITHIN_DAYS),
        platform=first.platform,
    )


def latest_notice_on(announced_on: date) -> date:
    """网拍规定 第16条: the last day the parties may be notified for an announcement that day."""
    return announced_on - timedelta(days=NOTICE_DAYS)


def check_notice(notified_on: date | None, announced_on: date) -> list[Refusal]:
    """网拍规定 第16条: the parties and known pre-emption holders are notified at least 3 days
    before the announcement (reading 2 of the module docstring); one who cannot be reached is
    told on the platform, which counts as notice 5 days after it is published."""
    if notified_on is None:
        return [
            Refusal(
                "auction.notice_missing",
                "请填写通知当事人和已知优先购买权人的日期（应在公告发布三日前通知）",
                SRC_NOTICE,
                "notified_on",
            )
        ]
    latest = latest_notice_on(announced_on)
    if notified_on > latest:
        return [
            Refusal(
                "auction.notice_too_late",
                f"应当在拍卖公告发布三日前通知当事人和已知优先购买权人：公告日为 "
                f"{ymd(announced_on)}，最晚应于 {ymd(latest)} 通知",
                SRC_NOTICE,
                "notified_on",
            )
        ]
    return []


def about_auction(decision: PanelDecision) -> bool:
    """A 合议庭 decision whose subject names the auction (起拍价、降价、保证金 …, 第27条)."""
    return decision.panel and any(word in decision.subject for word in AUCTION_SUBJECT_WORDS)


def panel_basis(decisions: Sequence[PanelDecision], announced_on: date) -> PanelDecision | None:
    """The collegial decision an announcement on `announced_on` rests on: the latest 合议庭
    decision about the auction made on or before that day (第27条)."""
    lawful = [d for d in decisions if about_auction(d) and d.decided_on <= announced_on]
    return max(lawful, key=lambda d: (d.decided_on, d.key), default=None)


def check_collegial(decisions: Sequence[PanelDecision], announced_on: date) -> list[Refusal]:
    """网拍规定 第27条: the start price and its reduction, the deposit … are decided by the collegial
    panel; the round is announced only on such a decision made by the announcement day."""
    if panel_basis(decisions, announced_on) is not None:
        return []
    later = [d for d in decisions if about_auction(d)]
    if later:
        first = min(d.decided_on for d in later)
        return [
            Refusal(
                "auction.collegial_after_announcement",
                f"合议庭于 {ymd(first)} 评议拍卖事项，晚于公告日期 {ymd(announced_on)}；"
                "起拍价、保证金应在公告前经合议庭评议确定",
                SRC_COLLEGIAL,
                "announced_on",
            )
        ]
    return [
        Refusal(
            "auction.collegial_missing",
            "起拍价及其降价幅度、保证金等应当由合议庭评议确定：本案尚无合议庭就拍卖事项的评议记录，"
            "请先在案件页记录合议评议（评议事项写明拍卖、起拍价或保证金）",
            SRC_COLLEGIAL,
        )
    ]


def check_round(
    plan: PlannedRound,
    *,
    property_kind: PropertyKind,
    reference_price: Decimal | None,
    decisions: Sequence[PanelDecision],
    basis: PriceBasis | None = None,
    rounds: Sequence[RoundFact] = (),
    outcome: Outcome | None = None,
) -> list[Refusal]:
    """Every rule the planned round breaks (empty = it may be announced).

    Round 1: start price ≥ 70 % of the reference price (第10条); announced 15 / 30 days before
    (第12条). Round 2 (after a failed round 1 only): the same platform, bidding starting within 30
    days of the failure (reading 1 in the module docstring), announced after the failure and 7 / 15
    days before, start price at most 20 % below round 1's (第26条). Every round: deposit 5 %–20 %
    of the start price (第17条), bidding at least 24 hours (第20条), the parties notified 3 days
    before the announcement (第16条), start price and deposit decided by the collegial panel
    (第27条, `decisions`: the case's collegial decisions)."""
    if property_kind is PropertyKind.DEPOSIT:
        return check_disposable(property_kind, True)
    blocked = check_can_announce(rounds, outcome)
    if blocked:
        return blocked
    refusals = _money_refusal(plan.start_price, "start_price", "起拍价")
    refusals += _money_refusal(plan.deposit, "deposit", "保证金")
    limits = round_limits(
        property_kind=property_kind, reference_price=reference_price, basis=basis, rounds=rounds
    )
    kind_label = PROPERTY_LABELS[property_kind]
    start_on = plan.starts_at.date()
    if plan.platform not in {p.value for p in Platform}:
        refusals.append(
            Refusal(
                "auction.platform_unknown",
                "请选择最高人民法院网络司法拍卖平台名单库中的平台",
                f"{WP} 第3条、第5条",
                "platform",
            )
        )
    if limits.number == 1:
        if reference_price is None:
            refusals.append(
                Refusal(
                    "auction.no_reference_price",
                    "尚未确定评估价或市场价，不能确定起拍价",
                    SRC_START_PRICE,
                    "start_price",
                )
            )
        elif plan.start_price > 0 and plan.start_price < reference_price * START_PRICE_MIN_RATIO:
            refusals.append(
                Refusal(
                    "auction.start_price_below_70",
                    f"起拍价 {m(plan.start_price)} 元低于{limits.min_start_basis}"
                    f"（{m(limits.min_start_price or ZERO)} 元）；起拍价不得低于评估价或者市价的70%",
                    SRC_START_PRICE,
                    "start_price",
                )
            )
    else:
        assert limits.failed_on is not None and limits.latest_start_on is not None
        if limits.platform is not None and plan.platform != limits.platform:
            refusals.append(
                Refusal(
                    "auction.platform_changed",
                    f"流拍后应当在同一网络司法拍卖平台再次拍卖"
                    f"（第一次拍卖平台：{_platform_label(limits.platform)}）",
                    SRC_REAUCTION,
                    "platform",
                )
            )
        if plan.announced_on < limits.failed_on:
            refusals.append(
                Refusal(
                    "auction.reannounced_before_failure",
                    f"再次拍卖的公告不能早于第一次拍卖流拍之日（{ymd(limits.failed_on)}）",
                    SRC_REAUCTION,
                    "announced_on",
                )
            )
        if start_on > limits.latest_start_on:
            refusals.append(
                Refusal(
                    "auction.reauction_too_late",
                    f"第一次拍卖于 {ymd(limits.failed_on)} 流拍，应当在三十日内再次拍卖，"
                    f"最晚于 {ymd(limits.latest_start_on)} 开拍",
                    SRC_REAUCTION,
                    "starts_at",
                )
            )
        floor = limits.min_start_price or ZERO
        if plan.start_price > 0 and plan.start_price < floor:
            refusals.append(
                Refusal(
                    "auction.reduction_over_20",
                    f"起拍价 {m(plan.start_price)} 元比第一次起拍价降低超过20%，"
                    f"最低为 {m(floor)} 元",
                    SRC_REAUCTION,
                    "start_price",
                )
            )
    earliest = limits.earliest_start_on(plan.announced_on)
    if start_on < earliest:
        what = "再次拍卖" if limits.number == 2 else "拍卖"
        refusals.append(
            Refusal(
                "auction.announcement_too_short",
                f"{kind_label}{what}应当在拍卖{limits.announce_days}日前公告："
                f"公告日为 {ymd(plan.announced_on)}，最早于 {ymd(earliest)} 开拍",
                limits.announce_source,
                "starts_at",
            )
        )
    if plan.start_price > 0 and plan.deposit > 0:
        low = plan.start_price * DEPOSIT_MIN_RATIO
        high = plan.start_price * DEPOSIT_MAX_RATIO
        if not (low <= plan.deposit <= high):
            lo, hi = RoundLimits.deposit_range(plan.start_price)
            refusals.append(
                Refusal(
                    "auction.deposit_out_of_range",
                    f"保证金 {m(plan.deposit)} 元不在起拍价的5%至20%之间（{m(lo)}—{m(hi)} 元）",
                    SRC_DEPOSIT,
                    "deposit",
                )
            )
    if plan.ends_at - plan.starts_at < MIN_BIDDING:
        refusals.append(
            Refusal(
                "auction.bidding_too_short",
                "竞价时间不得少于二十四小时",
                SRC_BIDDING,
                "ends_at",
            )
        )
    refusals += check_notice(plan.notified_on, plan.announced_on)
    refusals += check_collegial(decisions, plan.announced_on)
    return refusals


def _platform_label(value: str) -> str:
    try:
        return PLATFORM_LABELS[Platform(value)]
    except ValueError:
        return value


def check_result(
    result: RoundResult,
    *,
    start_price: Decimal,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
    winning_price: Decimal | None,
    buyer: str,
    current: RoundResult,
) -> list[Refusal]:
    """A round ends sold (a bid at or above the start price, 第11条、第20条), failed (no bid,
    第26条), or withdrawn (before its end). Sold or failed is known only once bidding has closed."""
    if current is not RoundResult.PENDING:
        return [
            Refusal(
                "auction.result_recorded",
                f"该轮拍卖已登记结果（{RESULT_LABELS[current]}）",
                SRC_BIDDING,
                "result",
            )
        ]
    if result is RoundResult.PENDING:
        return [Refusal("auction.result_required", "请选择拍卖结果", "", "result")]
    refusals: list[Refusal] = []
    if result is RoundResult.WITHDRAWN:
        if now >= ends_at:
            refusals.append(
                Refusal(
                    "auction.withdraw_after_end",
                    "竞价已经结束，不能撤回，请登记成交或流拍",
                    SRC_BIDDING,
                    "result",
                )
            )
        return refusals
    if now < ends_at:
        refusals.append(
            Refusal(
                "auction.not_ended",
                "竞价尚未结束，不能登记成交或流拍",
                SRC_BIDDING,
                "result",
            )
        )
    if result is RoundResult.SOLD:
        if winning_price is None:
            refusals.append(
                Refusal("auction.price_required", "请填写成交价", SRC_SOLD, "winning_price")
            )
        else:
            refusals += _money_refusal(winning_price, "winning_price", "成交价")
            if winning_price < start_price:
                refusals.append(
                    Refusal(
                        "auction.below_start_price",
                        f"成交价不能低于起拍价 {m(start_price)} 元（竞价从起拍价起）",
                        SRC_SOLD,
                        "winning_price",
                    )
                )
        if not buyer.strip():
            refusals.append(Refusal("auction.buyer_required", "请填写买受人", SRC_SOLD, "buyer"))
    return refusals


# --- after the online rounds ----------------------------------------------------------------


def sale_floor(rounds: Sequence[RoundFact], ratio: Decimal = SALE_FLOOR_RATIO) -> Decimal | None:
    """变卖 price floor: the second round's start price × `ratio` (2017 SPC notice, UNVERIFIED)."""
    failed = failed_rounds(counted(rounds))
    if len(failed) < MAX_ROUNDS:
        return None
    return ceil_cents(failed[MAX_ROUNDS - 1].start_price * ratio)


def _not_disposed(outcome: Outcome | None, field: str) -> list[Refusal]:
    if outcome is None:
        return []
    return [
        Refusal(
            "disposal.already_disposed",
            f"该财产已处置完毕（{OUTCOME_LABELS[outcome]}）",
            SRC_REAUCTION,
            field,
        )
    ]


def check_sale(
    rounds: Sequence[RoundFact],
    outcome: Outcome | None,
    *,
    price: Decimal,
    buyer: str,
    floor_ratio: Decimal = SALE_FLOOR_RATIO,
) -> list[Refusal]:
    """网拍规定 第26条第2款: 变卖 only after the second online auction failed, at no less than the
    floor (by default the second round's start price)."""
    refusals = _not_disposed(outcome, "mode")
    if refusals:
        return refusals
    floor = sale_floor(rounds, floor_ratio)
    if floor is None or any(r.result is RoundResult.PENDING for r in rounds):
        return [
            Refusal(
                "sale.before_second_failure",
                "网络司法拍卖第二次流拍后才能变卖",
                SRC_NO_THIRD_ROUND,
                "mode",
            )
        ]
    refusals += _money_refusal(price, "price", "变卖价")
    if price > 0 and price < floor:
        refusals.append(
            Refusal(
                "sale.below_floor",
                f"变卖价 {m(price)} 元低于第二次拍卖的起拍价 {m(floor)} 元",
                SRC_SALE,
                "price",
            )
        )
    if not buyer.strip():
        refusals.append(Refusal("sale.buyer_required", "请填写买受人", SRC_SALE, "buyer"))
    return refusals


def in_kind_price(rounds: Sequence[RoundFact]) -> Decimal | None:
    """拍卖变卖规定 第16条: the failed round's reserve, which online is its start price (第10条);
    None unless the last counted round failed."""
    live = counted(rounds)
    if not live or live[-1].result is not RoundResult.FAILED:
        return None
    return live[-1].start_price


def in_kind_excess(price: Decimal, claim: Decimal) -> Decimal:
    """拍卖变卖规定 第16条: the taker pays in what the price exceeds its claim — the claim still
    outstanding (the case's claim less what has been realized), never the figure someone typed."""
    return max(price - claim, ZERO)


def check_in_kind(
    rounds: Sequence[RoundFact],
    outcome: Outcome | None,
    *,
    taker_is_applicant: bool,
    consent_on: date | None,
    claim: Decimal | None,
    decided_on: date,
) -> list[Refusal]:
    """以物抵债 after a failed round at that round's reserve, to an applicant who consented in a
    record, in satisfaction of a money claim still outstanding (`claim`: the case's claim less
    what has been realized; None for a case without a money claim) (拍卖变卖规定 第16条;
    民诉法解释 第489条、第490条)."""
    refusals = _not_disposed(outcome, "mode")
    if refusals:
        return refusals
    if in_kind_price(rounds) is None:
        return [
            Refusal(
                "in_kind.no_failed_round",
                "拍卖流拍后才能以该次拍卖的保留价以物抵债",
                SRC_IN_KIND,
                "mode",
            )
        ]
    if not taker_is_applicant:
        refusals.append(
            Refusal(
                "in_kind.not_applicant",
                "以物抵债的接受人须为本案申请执行人",
                SRC_IN_KIND,
                "party",
            )
        )
    if consent_on is None:
        refusals.append(
            Refusal(
                "in_kind.consent_required",
                "以物抵债须经申请执行人同意，请登记其同意的日期",
                SRC_IN_KIND,
                "consent_on",
            )
        )
    elif consent_on > decided_on:
        refusals.append(
            Refusal(
                "in_kind.consent_after_decision",
                "申请执行人同意的日期不能晚于以物抵债的日期",
                SRC_IN_KIND,
                "consent_on",
            )
        )
    if claim is None:
        refusals.append(
            Refusal(
                "in_kind.no_money_claim",
                "本案没有金钱给付的执行标的，不能以物抵债",
                SRC_IN_KIND,
                "mode",
            )
        )
    elif claim <= 0:
        refusals.append(
            Refusal(
                "in_kind.nothing_owed",
                "申请执行人的债权已全部实现，不能再以物抵债",
                SRC_IN_KIND,
                "mode",
            )
        )
    return refusals


def check_release(rounds: Sequence[RoundFact], outcome: Outcome | None) -> list[Refusal]:
    """Property that cannot be sold, and that the applicant will not take, is returned to the
    debtor (民诉法解释 第490条); never while a round is open."""
    refusals = _not_disposed(outcome, "reason")
    if not refusals and any(r.result is RoundResult.PENDING for r in rounds):
        refusals.append(
            Refusal(
                "release.round_open",
                "拍卖正在进行，不能解除处置；请先登记拍卖结果或撤回拍卖",
                SRC_RELEASE,
                "reason",
            )
        )
    return refusals


def check_handover(
    outcome: Outcome | None, outcome_on: date | None, delivered_on: date, delivered: bool
) -> list[Refusal]:
    """交付: the property is handed to the buyer or taker once disposed of (法发〔2006〕35号 第8条)."""
    if outcome is None or outcome not in PRICED_OUTCOMES or outcome_on is None:
        return [
            Refusal(
                "handover.not_disposed",
                "财产尚未拍卖成交、变卖成交或以物抵债，不能交付",
                SRC_HANDOVER,
                "delivered_on",
            )
        ]
    if delivered:
        return [Refusal("handover.already", "已经交付", SRC_HANDOVER, "delivered_on")]
    if delivered_on < outcome_on:
        return [
            Refusal(
                "handover.before_outcome",
                f"交付日期不能早于{OUTCOME_LABELS[outcome]}的日期（{ymd(outcome_on)}）",
                SRC_HANDOVER,
                "delivered_on",
            )
        ]
    return []


# --- the next step --------------------------------------------------------------------------


class Step(StrEnum):
    ORDER_APPRAISAL = "appraisal_order"  # 决定委托评估
    SELECT_AGENCY = "appraiser_select"  # 确定评估机构
    REPORT = "appraisal_report"  # 登记评估价或市场价
    ANNOUNCE = "auction_announce"  # 发布拍卖公告
    RESULT = "auction_result"  # 登记拍卖结果
    SETTLE = "settle"  # 变卖或以物抵债
    RELEASE = "release"  # 解除处置
    HANDOVER = "handover"  # 交付
    DONE = "done"  # 处置完毕


STEP_LABELS: dict[Step, str] = {
    Step.ORDER_APPRAISAL: "决定委托评估",
    Step.SELECT_AGENCY: "确定评估机构",
    Step.REPORT: "登记参考价（评估价或市场价）",
    Step.ANNOUNCE: "发布拍卖公告",
    Step.RESULT: "登记拍卖结果",
    Step.SETTLE: "变卖或以物抵债",
    Step.RELEASE: "解除处置",
    Step.HANDOVER: "交付财产",
    Step.DONE: "处置完毕",
}


@dataclass(frozen=True)
class Facts:
    """One property's disposal file as the rules need it."""

    property_kind: PropertyKind
    appraisal_ordered: bool = False
    agency_selected: bool = False
    reference_price: Decimal | None = None
    rounds: tuple[RoundFact, ...] = ()
    outcome: Outcome | None = None
    delivered: bool = False


def next_steps(facts: Facts) -> list[Step]:
    """The steps the file allows now, most usual first (the page offers their forms)."""
    if facts.outcome is not None:
        if facts.outcome in PRICED_OUTCOMES and not facts.delivered:
            return [Step.HANDOVER]
        return [Step.DONE]
    live = counted(facts.rounds)
    if any(r.result is RoundResult.PENDING for r in live):
        return [Step.RESULT]
    if any(r.result is RoundResult.SOLD for r in live):
        return [Step.HANDOVER]
    failed = len(failed_rounds(live))
    if failed >= MAX_ROUNDS:
        return [Step.SETTLE, Step.RELEASE]
    if failed == 1:
        return [Step.ANNOUNCE, Step.SETTLE, Step.RELEASE]
    steps: list[Step] = []
    if facts.reference_price is not None:
        steps.append(Step.ANNOUNCE)
    elif not facts.appraisal_ordered:
        steps += [Step.ORDER_APPRAISAL, Step.REPORT]
    elif not facts.agency_selected:
        steps.append(Step.SELECT_AGENCY)
    else:
        steps.append(Step.REPORT)
    steps.append(Step.RELEASE)
    return steps
