"""Disposal rules (法释〔2016〕18号 网络司法拍卖若干规定; 拍卖变卖规定 第16条; 民诉法解释 第489—490条):
table-driven cases at every boundary, and hypothesis properties over prices and day counts."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.measures.rules import disposal as r
from zhixing.measures.rules.control import PropertyKind
from zhixing.measures.rules.disposal import (
    Facts,
    Outcome,
    PanelDecision,
    PlannedRound,
    RoundFact,
    RoundLimits,
    RoundResult,
    Step,
)

D = Decimal
TZ = ZoneInfo("Asia/Shanghai")
RE = PropertyKind.REAL_ESTATE
MOV = PropertyKind.MOVABLE
APPRAISED = D("1000000.00")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def plan(**kw) -> PlannedRound:
    """A lawful first round for real estate appraised at 1,000,000: announced 30 days ahead, the
    parties notified 3 days before the announcement."""
    values = dict(
        platform="taobao",
        announced_on=date(2026, 3, 1),
        starts_at=at(date(2026, 3, 31)),
        ends_at=at(date(2026, 4, 1)),
        start_price=D("700000.00"),
        deposit=D("70000.00"),
    )
    values.update(kw)
    values.setdefault("notified_on", values["announced_on"] - timedelta(days=3))
    return PlannedRound(**values)


# 网拍规定 第27条: a collegial panel decided the auction long before any announcement below
PANEL = (PanelDecision(date(2000, 1, 3), "关于房屋网络司法拍卖起拍价、保证金的评议", True, 7),)


FAILED_1 = RoundFact(1, "taobao", D("700000.00"), RoundResult.FAILED, date(2026, 4, 1))


def plan2(**kw) -> PlannedRound:
    """A lawful second round after FAILED_1: announced the day after, 15 days ahead, −20 %."""
    values = dict(
        platform="taobao",
        announced_on=date(2026, 4, 2),
        starts_at=at(date(2026, 4, 17)),
        ends_at=at(date(2026, 4, 18)),
        start_price=D("560000.00"),
        deposit=D("56000.00"),
    )
    values.update(kw)
    values.setdefault("notified_on", values["announced_on"] - timedelta(days=3))
    return PlannedRound(**values)


def codes(refusals) -> list[str]:
    return [x.code for x in refusals]


def check1(p: PlannedRound, kind=RE, price=APPRAISED, decisions=PANEL, **kw):
    return r.check_round(p, property_kind=kind, reference_price=price, decisions=decisions, **kw)


def check2(p: PlannedRound, kind=RE, rounds=(FAILED_1,)):
    return r.check_round(
        p, property_kind=kind, reference_price=APPRAISED, decisions=PANEL, rounds=rounds
    )


# --- round 1 -------------------------------------------------------------------------------


def test_lawful_first_round_passes():
    assert check1(plan()) == []


@pytest.mark.parametrize(
    "start_price, ok",
    [
        ("700000.00", True),  # exactly 70 %
        ("699999.99", False),  # one fen below
        ("1000000.00", True),
        ("1200000.00", True),  # above the appraisal is lawful
    ],
)
def test_start_price_at_least_70_percent(start_price, ok):
    refusals = check1(plan(start_price=D(start_price), deposit=D("70000.00")))
    price_refusals = [x for x in refusals if x.code == "auction.start_price_below_70"]
    assert (price_refusals == []) is ok
    if not ok:
        assert price_refusals[0].source == "法释〔2016〕18号 第10条"
        assert price_refusals[0].field == "start_price"
        assert "700,000.00" in price_refusals[0].message


def test_70_percent_of_an_odd_price_is_not_rounded_down():
    # 70 % of 100.01 is 70.007: 70.00 is below it, 70.01 is the lowest lawful price in fen
    assert codes(check1(plan(start_price=D("70.00"), deposit=D("7")), price=D("100.01"))) == [
        "auction.start_price_below_70"
    ]
    assert check1(plan(start_price=D("70.01"), deposit=D("7")), price=D("100.01")) == []
    limits = r.round_limits(property_kind=RE, reference_price=D("100.01"), basis=None, rounds=())
    assert limits.min_start_price == D("70.01")


def test_no_reference_price_no_first_round():
    refusals = check1(plan(), price=None)
    assert codes(refusals) == ["auction.no_reference_price"]
    assert refusals[0].source == "法释〔2016〕18号 第10条"


@pytest.mark.parametrize(
    "kind, days, ok",
    [
        (RE, 30, True),
        (RE, 29, False),
        (PropertyKind.OTHER_RIGHTS, 30, True),
        (PropertyKind.OTHER_RIGHTS, 29, False),
        (MOV, 15, True),
        (MOV, 14, False),
    ],
)
def test_announcement_lead_time(kind, days, ok):
    start = date(2026, 3, 1) + timedelta(days=days)
    p = plan(starts_at=at(start), ends_at=at(start + timedelta(days=1)))
    refusals = check1(p, kind=kind)
    assert (refusals == []) is ok
    if not ok:
        assert codes(refusals) == ["auction.announcement_too_short"]
        assert refusals[0].source == "法释〔2016〕18号 第12条"
        assert refusals[0].field == "starts_at"
        expected = date(2026, 3, 1) + timedelta(days=r.ANNOUNCE_DAYS[kind])
        assert f"{expected.year}年{expected.month}月{expected.day}日" in refusals[0].message


@pytest.mark.parametrize(
    "deposit, ok",
    [
        ("35000.00", True),  # exactly 5 %
        ("34999.99", False),
        ("140000.00", True),  # exactly 20 %
        ("140000.01", False),
    ],
)
def test_deposit_between_5_and_20_percent(deposit, ok):
    refusals = check1(plan(deposit=D(deposit)))
    assert (refusals == []) is ok
    if not ok:
        assert codes(refusals) == ["auction.deposit_out_of_range"]
        assert refusals[0].source == "法释〔2016〕18号 第17条"
        assert "35,000.00—140,000.00" in refusals[0].message


@pytest.mark.parametrize(
    "hours, minutes, ok", [(24, 0, True), (23, 59, False), (72, 0, True), (0, 0, False)]
)
def test_bidding_at_least_24_hours(hours, minutes, ok):
    start = at(date(2026, 3, 31))
    refusals = check1(
        plan(starts_at=start, ends_at=start + timedelta(hours=hours, minutes=minutes))
    )
    assert (refusals == []) is ok
    if not ok:
        assert codes(refusals) == ["auction.bidding_too_short"]
        assert refusals[0].source == "法释〔2016〕18号 第20条"


def test_every_broken_rule_is_reported_at_once():
    p = plan(
        starts_at=at(date(2026, 3, 10)),
        ends_at=at(date(2026, 3, 10), 20),
        start_price=D("600000.00"),
        deposit=D("1000.00"),
    )
    assert codes(check1(p)) == [
        "auction.start_price_below_70",
        "auction.announcement_too_short",
        "auction.deposit_out_of_range",
        "auction.bidding_too_short",
    ]


def test_unknown_platform_refused():
    assert codes(check1(plan(platform="ebay"))) == ["auction.platform_unknown"]


def test_deposit_account_is_not_auctioned():
    refusals = check1(plan(), kind=PropertyKind.DEPOSIT)
    assert codes(refusals) == ["disposal.deposit_account"]


# --- round 2 -------------------------------------------------------------------------------


def test_lawful_second_round_passes():
    assert check2(plan2()) == []


@pytest.mark.parametrize(
    "start_price, ok",
    [("560000.00", True), ("559999.99", False), ("700000.00", True), ("600000.00", True)],
)
def test_second_round_at_most_20_percent_lower(start_price, ok):
    refusals = check2(plan2(start_price=D(start_price), deposit=D("56000.00")))
    assert (refusals == []) is ok
    if not ok:
        assert codes(refusals) == ["auction.reduction_over_20"]
        assert refusals[0].source == "法释〔2016〕18号 第26条"


def test_second_round_needs_no_70_percent():
    # 560,000 is 56 % of the appraisal: lawful in round 2
    assert "auction.start_price_below_70" not in codes(check2(plan2()))


@pytest.mark.parametrize(
    "start, ok",
    [
        (date(2026, 5, 1), True),  # failed 1 April + 30 days
        (date(2026, 5, 2), False),
    ],
)
def test_second_round_starts_within_30_days_of_failure(start, ok):
    p = plan2(
        announced_on=date(2026, 4, 10),
        starts_at=at(start),
        ends_at=at(start, 23) + timedelta(hours=11),
    )
    refusals = check2(p)
    assert (refusals == []) is ok
    if not ok:
        assert codes(refusals) == ["auction.reauction_too_late"]
        assert refusals[0].source == "法释〔2016〕18号 第26条"
        assert "最晚于 2026年5月1日 开拍" in refusals[0].message


@pytest.mark.parametrize(
    "kind, days, ok", [(RE, 15, True), (RE, 14, False), (MOV, 7, True), (MOV, 6, False)]
)
def test_second_round_announcement_lead_time(kind, days, ok):
    start = date(2026, 4, 2) + timedelta(days=days)
    refusals = check2(plan2(starts_at=at(start), ends_at=at(start + timedelta(days=1))), kind=kind)
    assert (refusals == []) is ok
    if not ok:
        assert codes(refusals) == ["auction.announcement_too_short"]
        assert refusals[0].source == "法释〔2016〕18号 第26条"


def test_second_round_on_the_same_platform_announced_after_the_failure():
    refusals = check2(plan2(platform="jd", announced_on=date(2026, 3, 31)))
    assert codes(refusals) == ["auction.platform_changed", "auction.reannounced_before_failure"]


@pytest.mark.parametrize(
    "rounds, outcome, code",
    [
        (
            (RoundFact(1, "taobao", D("7"), RoundResult.PENDING, date(2026, 4, 1)),),
            None,
            "auction.round_open",
        ),
        (
            (RoundFact(1, "taobao", D("7"), RoundResult.SOLD, date(2026, 4, 1)),),
            None,
            "auction.already_sold",
        ),
        (
            (FAILED_1, RoundFact(2, "taobao", D("560000"), RoundResult.FAILED, date(2026, 4, 18))),
            None,
            "auction.no_third_round",
        ),
        ((FAILED_1,), Outcome.IN_KIND, "auction.disposed"),
    ],
)
def test_when_no_round_may_be_announced(rounds, outcome, code):
    refusals = r.check_round(
        plan2(),
        property_kind=RE,
        reference_price=APPRAISED,
        decisions=PANEL,
        rounds=rounds,
        outcome=outcome,
    )
    assert codes(refusals) == [code]


def test_no_third_round_cites_article_26_2():
    rounds = (FAILED_1, RoundFact(2, "taobao", D("560000"), RoundResult.FAILED, date(2026, 4, 18)))
    [refusal] = r.check_can_announce(rounds, None)
    assert refusal.source == "法释〔2016〕18号 第26条第2款"
    assert "变卖" in refusal.message and "以物抵债" in refusal.message


def test_a_withdrawn_round_does_not_count():
    withdrawn = RoundFact(1, "taobao", D("700000"), RoundResult.WITHDRAWN, date(2026, 3, 20))
    assert r.next_round_number((withdrawn,)) == 1
    assert check1(plan(), rounds=(withdrawn,)) == []


# --- results -------------------------------------------------------------------------------


def result(res, now, price=None, buyer="", current=RoundResult.PENDING):
    return r.check_result(
        res,
        start_price=D("700000.00"),
        starts_at=at(date(2026, 3, 31)),
        ends_at=at(date(2026, 4, 1)),
        now=now,
        winning_price=price,
        buyer=buyer,
        current=current,
    )


@pytest.mark.parametrize(
    "res, now, price, buyer, expected",
    [
        (RoundResult.SOLD, at(date(2026, 4, 1)), D("700000.00"), "张三", []),
        (
            RoundResult.SOLD,
            at(date(2026, 4, 1)),
            D("699999.99"),
            "张三",
            ["auction.below_start_price"],
        ),
        (
            RoundResult.SOLD,
            at(date(2026, 4, 1)),
            None,
            "",
            ["auction.price_required", "auction.buyer_required"],
        ),
        (RoundResult.FAILED, at(date(2026, 4, 1), 9), None, "", ["auction.not_ended"]),
        (RoundResult.FAILED, at(date(2026, 4, 1)), None, "", []),
        (RoundResult.WITHDRAWN, at(date(2026, 4, 1), 9), None, "", []),
        (RoundResult.WITHDRAWN, at(date(2026, 4, 1)), None, "", ["auction.withdraw_after_end"]),
    ],
)
def test_round_result(res, now, price, buyer, expected):
    assert codes(result(res, now, price, buyer)) == expected


def test_a_result_is_recorded_once():
    assert codes(result(RoundResult.FAILED, at(date(2026, 4, 2)), current=RoundResult.FAILED)) == [
        "auction.result_recorded"
    ]


# --- sale and in-kind settlement -----------------------------------------------------------

FAILED_2 = RoundFact(2, "taobao", D("560000.00"), RoundResult.FAILED, date(2026, 4, 18))


@pytest.mark.parametrize(
    "rounds, price, expected",
    [
        ((FAILED_1, FAILED_2), "560000.00", []),
        ((FAILED_1, FAILED_2), "559999.99", ["sale.below_floor"]),
        ((FAILED_1,), "560000.00", ["sale.before_second_failure"]),
        ((), "560000.00", ["sale.before_second_failure"]),
    ],
)
def test_sale_only_after_second_failure_at_the_floor(rounds, price, expected):
    assert codes(r.check_sale(rounds, None, price=D(price), buyer="赵买")) == expected


def test_sale_floor_is_a_parameter():
    rounds = (FAILED_1, FAILED_2)
    assert r.sale_floor(rounds) == D("560000.00")
    assert r.sale_floor(rounds, D("0.90")) == D("504000.00")
    assert (
        r.check_sale(rounds, None, price=D("504000.00"), buyer="赵买", floor_ratio=D("0.9")) == []
    )
    [refusal] = r.check_sale(rounds, None, price=D("1"), buyer="赵买")
    assert "未核实" in refusal.source


@pytest.mark.parametrize(
    "rounds, applicant, consent, expected",
    [
        ((FAILED_1, FAILED_2), True, date(2026, 4, 20), []),
        ((FAILED_1,), True, date(2026, 4, 20), []),  # 拍卖变卖规定 第16条: after any failed round
        ((FAILED_1, FAILED_2), True, None, ["in_kind.consent_required"]),
        ((FAILED_1, FAILED_2), False, date(2026, 4, 20), ["in_kind.not_applicant"]),
        ((FAILED_1, FAILED_2), True, date(2026, 4, 22), ["in_kind.consent_after_decision"]),
        ((), True, date(2026, 4, 20), ["in_kind.no_failed_round"]),
    ],
)
def test_in_kind_settlement(rounds, applicant, consent, expected):
    refusals = r.check_in_kind(
        rounds,
        None,
        taker_is_applicant=applicant,
        consent_on=consent,
        claim=D("100000.00"),
        decided_on=date(2026, 4, 21),
    )
    assert codes(refusals) == expected
    for refusal in refusals:
        assert "民诉法解释 第489条、第490条" in refusal.source


def test_in_kind_price_is_the_failed_rounds_reserve_and_the_taker_pays_the_excess():
    assert r.in_kind_price((FAILED_1,)) == D("700000.00")
    assert r.in_kind_price((FAILED_1, FAILED_2)) == D("560000.00")
    assert r.in_kind_excess(D("560000.00"), D("100000.00")) == D("460000.00")
    assert r.in_kind_excess(D("560000.00"), D("600000.00")) == D("0.00")


def test_nothing_after_disposal():
    assert codes(r.check_sale((FAILED_1, FAILED_2), Outcome.IN_KIND, price=D("1"), buyer="x")) == [
        "disposal.already_disposed"
    ]


# --- appraisal, handover, next steps -------------------------------------------------------


def test_appraiser_chosen_after_the_decision_within_ten_days():
    ok = r.check_appraiser(
        decided_on=date(2026, 1, 12),
        selected_on=date(2026, 1, 12),
        agency="某评估公司",
        already=False,
    )
    assert ok == []
    early = r.check_appraiser(
        decided_on=date(2026, 1, 12), selected_on=date(2026, 1, 11), agency="x", already=False
    )
    assert codes(early) == ["appraisal.selected_before_order"]
    assert early[0].source == "法发〔2006〕35号 第7条"
    assert codes(
        r.check_appraiser(decided_on=None, selected_on=date(2026, 1, 12), agency="x", already=False)
    ) == ["appraisal.not_ordered"]


def test_appraisal_price_needs_the_agency_market_price_does_not():
    common = dict(price=D("1000000"), reported_on=date(2026, 2, 1), rounds=())
    assert codes(
        r.check_report(basis=r.PriceBasis.APPRAISAL, agency_selected_on=None, **common)
    ) == ["appraisal.no_agency"]
    assert r.check_report(basis=r.PriceBasis.MARKET, agency_selected_on=None, **common) == []


def test_handover_after_outcome():
    assert codes(r.check_handover(None, None, date(2026, 5, 1), False)) == ["handover.not_disposed"]
    assert codes(r.check_handover(Outcome.RELEASED, date(2026, 5, 1), date(2026, 5, 1), False)) == [
        "handover.not_disposed"
    ]
    assert codes(r.check_handover(Outcome.SALE, date(2026, 5, 2), date(2026, 5, 1), False)) == [
        "handover.before_outcome"
    ]
    assert r.check_handover(Outcome.SALE, date(2026, 5, 1), date(2026, 5, 1), False) == []


@pytest.mark.parametrize(
    "facts, steps",
    [
        (Facts(RE), [Step.ORDER_APPRAISAL, Step.REPORT, Step.RELEASE]),
        (Facts(RE, appraisal_ordered=True), [Step.SELECT_AGENCY, Step.RELEASE]),
        (Facts(RE, True, True), [Step.REPORT, Step.RELEASE]),
        (Facts(RE, True, True, APPRAISED), [Step.ANNOUNCE, Step.RELEASE]),
        (
            Facts(RE, True, True, APPRAISED, (FAILED_1,)),
            [Step.ANNOUNCE, Step.SETTLE, Step.RELEASE],
        ),
        (Facts(RE, True, True, APPRAISED, (FAILED_1, FAILED_2)), [Step.SETTLE, Step.RELEASE]),
        (
            Facts(
                RE, rounds=(RoundFact(1, "taobao", D("1"), RoundResult.PENDING, date(2026, 4, 1)),)
            ),
            [Step.RESULT],
        ),
        (Facts(RE, outcome=Outcome.AUCTION), [Step.HANDOVER]),
        (Facts(RE, outcome=Outcome.AUCTION, delivered=True), [Step.DONE]),
        (Facts(RE, outcome=Outcome.RELEASED), [Step.DONE]),
    ],
)
def test_next_steps(facts, steps):
    assert r.next_steps(facts) == steps


# --- notice to the parties (第16条), the collegial panel (第27条), the first seal --------------


@pytest.mark.parametrize(
    "notified_on, expected",
    [
        (date(2026, 2, 26), []),  # 3 days before 1 March
        (date(2026, 2, 1), []),
        (date(2026, 2, 27), ["auction.notice_too_late"]),  # 2 days before
        (date(2026, 3, 1), ["auction.notice_too_late"]),  # the announcement day
        (None, ["auction.notice_missing"]),
    ],
)
def test_parties_notified_three_days_before_the_announcement(notified_on, expected):
    refusals = check1(plan(notified_on=notified_on))
    assert codes(refusals) == expected
    for refusal in refusals:
        assert refusal.source == "法释〔2016〕18号 第16条"
        assert refusal.field == "notified_on"
    if expected == ["auction.notice_too_late"]:
        assert "最晚应于 2026年2月26日 通知" in refusals[0].message


def test_second_round_needs_its_own_notice():
    assert codes(check2(plan2(notified_on=date(2026, 4, 1)))) == ["auction.notice_too_late"]
    assert check2(plan2(notified_on=date(2026, 3, 30))) == []


AUCTION = "房屋网络司法拍卖起拍价、保证金"


@pytest.mark.parametrize(
    "decisions, expected",
    [
        ([PanelDecision(date(2026, 2, 20), AUCTION, True)], []),
        ([PanelDecision(date(2026, 3, 1), AUCTION, True)], []),  # the announcement day itself
        ([PanelDecision(date(2026, 2, 20), "第二次拍卖降价幅度", True)], []),
        ([], ["auction.collegial_missing"]),
        (
            [PanelDecision(date(2026, 2, 20), "执行方案：先查控银行存款", True)],
            ["auction.collegial_missing"],
        ),
        (
            [PanelDecision(date(2026, 2, 20), AUCTION, False)],
            ["auction.collegial_missing"],
        ),  # 联席会议
        (
            [PanelDecision(date(2026, 3, 2), AUCTION, True)],
            ["auction.collegial_after_announcement"],
        ),
        (
            [
                PanelDecision(date(2026, 3, 2), AUCTION, True),
                PanelDecision(date(2026, 2, 1), AUCTION, True),
            ],
            [],
        ),
    ],
)
def test_start_price_and_deposit_rest_on_a_collegial_decision(decisions, expected):
    refusals = check1(plan(), decisions=decisions)
    assert codes(refusals) == expected
    for refusal in refusals:
        assert refusal.source == "法释〔2016〕18号 第27条"
    if expected == ["auction.collegial_after_announcement"]:
        assert refusals[0].field == "announced_on" and "2026年3月2日" in refusals[0].message


def test_the_round_rests_on_the_latest_decision_by_the_announcement_day():
    decisions = [
        PanelDecision(date(2026, 2, 1), AUCTION, True, 1),
        PanelDecision(date(2026, 2, 20), "第一次拍卖起拍价调整", True, 2),
        PanelDecision(date(2026, 2, 25), "执行方案", True, 3),  # not about the auction
        PanelDecision(date(2026, 2, 26), AUCTION, False, 4),  # a joint meeting advises only
        PanelDecision(date(2026, 3, 5), AUCTION, True, 5),  # after the announcement
    ]
    basis = r.panel_basis(decisions, date(2026, 3, 1))
    assert basis is not None and basis.key == 2
    assert r.panel_basis(decisions, date(2026, 1, 31)) is None


@pytest.mark.parametrize(
    "rank, label, expected",
    [
        (None, "", []),  # no rivals known
        (1, "首封", []),
        (2, "轮候查封（第2顺位）", ["disposal.not_first_control"]),
        (3, "轮候扣押（第3顺位）", ["disposal.not_first_control"]),
    ],
)
def test_only_the_first_seal_disposes(rank, label, expected):
    refusals = r.check_first_control(rank, label)
    assert codes(refusals) == expected
    for refusal in refusals:
        assert refusal.source == "法释〔2016〕6号 第1条"
        assert label in refusal.message and refusal.field == "measure"


@pytest.mark.parametrize(
    "claim, expected",
    [
        (D("100000.00"), []),
        (D("0.01"), []),
        (D("0.00"), ["in_kind.nothing_owed"]),
        (None, ["in_kind.no_money_claim"]),
    ],
)
def test_in_kind_needs_a_claim_still_outstanding(claim, expected):
    refusals = r.check_in_kind(
        (FAILED_1,),
        None,
        taker_is_applicant=True,
        consent_on=date(2026, 4, 20),
        claim=claim,
        decided_on=date(2026, 4, 21),
    )
    assert codes(refusals) == expected


def test_dates_in_messages():
    assert r.ymd(date(2026, 3, 1)) == "2026年3月1日"


# --- properties ----------------------------------------------------------------------------

cents = st.integers(min_value=1, max_value=10**12).map(lambda n: D(n) / 100)


@given(reference=cents, start=cents)
def test_property_price_rule_is_exactly_70_percent(reference, start):
    """Any start price ≥ 70 % of the reference passes the price rule; any below fails."""
    p = plan(start_price=start, deposit=max(D("0.01"), (start * D("0.1")).quantize(D("0.01"))))
    refusals = check1(p, price=reference)
    below = "auction.start_price_below_70" in codes(refusals)
    assert below is (start < reference * D("0.7"))


@given(reference=cents)
def test_property_shown_minimum_is_the_lowest_lawful_price(reference):
    low = r.round_limits(
        property_kind=RE, reference_price=reference, basis=None, rounds=()
    ).min_start_price
    assert low is not None
    assert "auction.start_price_below_70" not in codes(
        check1(plan(start_price=low), price=reference)
    )
    if low > D("0.01"):
        lower = low - D("0.01")
        assert "auction.start_price_below_70" in codes(
            check1(plan(start_price=lower), price=reference)
        )


@given(start=cents, deposit=cents)
def test_property_deposit_range(start, deposit):
    refusals = check1(plan(start_price=start, deposit=deposit), price=start)
    out = "auction.deposit_out_of_range" in codes(refusals)
    assert out is not (start * D("0.05") <= deposit <= start * D("0.2"))
    lo, hi = RoundLimits.deposit_range(start)
    if lo <= hi:
        assert (lo <= deposit <= hi) is not out


@given(
    kind=st.sampled_from([RE, MOV, PropertyKind.OTHER_RIGHTS]),
    announced=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    days=st.integers(min_value=0, max_value=60),
)
def test_property_announcement_days(kind, announced, days):
    start = announced + timedelta(days=days)
    p = plan(announced_on=announced, starts_at=at(start), ends_at=at(start + timedelta(days=1)))
    short = "auction.announcement_too_short" in codes(check1(p, kind=kind))
    assert short is (days < r.ANNOUNCE_DAYS[kind])


@given(
    failed_on=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    after=st.integers(min_value=15, max_value=45),
)
def test_property_second_round_within_30_days(failed_on, after):
    first = RoundFact(1, "taobao", D("700000.00"), RoundResult.FAILED, failed_on)
    start = failed_on + timedelta(days=after)
    p = plan2(announced_on=failed_on, starts_at=at(start), ends_at=at(start + timedelta(days=1)))
    late = "auction.reauction_too_late" in codes(check2(p, rounds=(first,)))
    assert late is (after > 30)


@given(first=cents, second=cents)
def test_property_second_round_reduction(first, second):
    failed = RoundFact(1, "taobao", first, RoundResult.FAILED, date(2026, 4, 1))
    p = plan2(start_price=second, deposit=max(D("0.01"), (second * D("0.1")).quantize(D("0.01"))))
    over = "auction.reduction_over_20" in codes(check2(p, rounds=(failed,)))
    assert over is (first - second > first * D("0.2"))


@given(
    announced=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    before=st.integers(min_value=-5, max_value=30),
)
def test_property_notice_days(announced, before):
    """Notified `before` days ahead of the announcement: lawful exactly when at least 3 (第16条)."""
    start = announced + timedelta(days=30)
    p = plan(
        announced_on=announced,
        notified_on=announced - timedelta(days=before),
        starts_at=at(start),
        ends_at=at(start + timedelta(days=1)),
    )
    late = "auction.notice_too_late" in codes(check1(p))
    assert late is (before < r.NOTICE_DAYS)


@given(
    announced=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    offsets=st.lists(st.integers(min_value=-60, max_value=60), max_size=5),
)
def test_property_collegial_decision_by_the_announcement_day(announced, offsets):
    """A round passes 第27条 exactly when a 合议庭 decision about the auction is dated on or
    before its announcement, and it rests on the latest such decision."""
    decisions = [
        PanelDecision(announced + timedelta(days=o), AUCTION, True, i)
        for i, o in enumerate(offsets)
    ]
    refused = bool(r.check_collegial(decisions, announced))
    assert refused is not any(o <= 0 for o in offsets)
    basis = r.panel_basis(decisions, announced)
    if basis is not None:
        assert basis.decided_on == announced + timedelta(days=max(o for o in offsets if o <= 0))
