"""参与分配 rules (民诉法解释 第506—510条、第514条; 执行工作规定 第55条): eligibility, the plan, the
windows, the outcome. Table-driven, with hypothesis properties for the plan."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhixing.core.rules.calendar import LegalCalendar
from zhixing.measures.rules import distribution as rules
from zhixing.measures.rules.distribution import (
    Application,
    Claim,
    ClaimKind,
    DebtorKind,
    Objection,
    OrderRule,
    Resolution,
    WindowKind,
)

D = Decimal
CAL = LegalCalendar()
CITIZEN, OTHER, LEGAL = DebtorKind.CITIZEN, DebtorKind.OTHER_ORG, DebtorKind.LEGAL_PERSON
COST, PRIORITY, ORDINARY = ClaimKind.COST, ClaimKind.PRIORITY, ClaimKind.ORDINARY


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 10, day, hour, tzinfo=UTC)


# --- eligibility ---------------------------------------------------------------------------


def app(**kw):
    values = dict(
        kind=ORDINARY,
        amount=D("1000.00"),
        filed_on=date(2026, 10, 10),
        debtor_kind=CITIZEN,
        enforcement_started_on=date(2026, 9, 22),
        property_ended_on=None,
        title_number="（2026）京0105民初1号",
    )
    values.update(kw)
    return Application(**values)


@pytest.mark.parametrize(
    "overrides, codes",
    [
        ({}, []),
        ({"debtor_kind": OTHER}, []),
        ({"title_number": ""}, ["distribution.title_required"]),
        ({"title_number": "  "}, ["distribution.title_required"]),
        # a priority holder joins without a title (第506条第2款)
        ({"kind": PRIORITY, "title_number": "", "created_on": date(2024, 3, 1)}, []),
        ({"kind": PRIORITY, "title_number": ""}, ["distribution.created_on_required"]),
        # legal person: no 参与分配; an ordinary creditor needs its own seizure (第514条)
        ({"debtor_kind": LEGAL}, ["distribution.legal_person_debtor"]),
        ({"debtor_kind": LEGAL, "controlled_at": at(1)}, []),
        ({"debtor_kind": LEGAL, "kind": PRIORITY, "created_on": date(2024, 3, 1)}, []),
        # time: after enforcement started, before the property's enforcement ended (第507条)
        ({"filed_on": date(2026, 9, 21)}, ["distribution.before_start"]),
        ({"filed_on": date(2026, 9, 22)}, []),
        ({"enforcement_started_on": None}, ["distribution.before_start"]),
        ({"property_ended_on": date(2026, 10, 11)}, []),
        ({"property_ended_on": date(2026, 10, 10)}, ["distribution.after_end"]),
        ({"amount": D("0")}, ["distribution.amount_not_positive"]),
        ({"amount": D("1.005")}, ["distribution.amount_precision"]),
        (
            {"title_number": "", "filed_on": date(2026, 9, 1)},
            ["distribution.before_start", "distribution.title_required"],
        ),
        # costs are the court's own: no application, no title, no window
        ({"kind": COST, "title_number": "", "filed_on": date(2026, 1, 1)}, []),
    ],
)
def test_check_application(overrides, codes):
    refusals = rules.check_application(app(**overrides))
    assert [r.code for r in refusals] == codes
    assert all(
        r.message and (r.source or r.code.startswith("distribution.amount")) for r in refusals
    )


def test_refusals_cite_the_article():
    by_code = {
        r.code: r
        for r in rules.check_application(
            app(title_number="", filed_on=date(2026, 9, 1), debtor_kind=LEGAL)
        )
    }
    assert "第507条" in by_code["distribution.before_start"].source
    assert "第506条第1款" in by_code["distribution.title_required"].source
    assert "第514条" in by_code["distribution.legal_person_debtor"].source
    assert "不适用参与分配" in by_code["distribution.legal_person_debtor"].message


@pytest.mark.parametrize(
    "party_kind, debtor_kind",
    [("person", CITIZEN), ("other_org", OTHER), ("legal_entity", LEGAL)],
)
def test_debtor_kind_of_party_kind(party_kind, debtor_kind):
    assert rules.debtor_kind_of(party_kind) is debtor_kind


# --- the plan ------------------------------------------------------------------------------

THREE = [
    Claim("cost", "拍卖辅助费用", COST, D("20000.00")),
    Claim("bank", "某银行（抵押权人）", PRIORITY, D("500000.00"), created_on=date(2024, 3, 1)),
    Claim("a", "甲公司", ORDINARY, D("400000.00"), controlled_at=at(10)),
    Claim("b", "乙", ORDINARY, D("200000.00"), controlled_at=at(2)),
]


def shares(plan):
    return {line.key: line.share for line in plan.lines}


@pytest.mark.parametrize(
    "available, kind, expected",
    [
        # citizen: costs, the mortgagee, then 480,000 pro rata 2 : 1
        ("1000000", CITIZEN, {"cost": "20000", "bank": "500000", "a": "320000", "b": "160000"}),
        ("1000000", OTHER, {"cost": "20000", "bank": "500000", "a": "320000", "b": "160000"}),
        # legal person: 乙 sealed first (10-02) and is paid in full before 甲 (10-10)
        ("1000000", LEGAL, {"cost": "20000", "bank": "500000", "a": "280000", "b": "200000"}),
        # enough for everyone: everyone in full, the rest is surplus
        ("1200000", CITIZEN, {"cost": "20000", "bank": "500000", "a": "400000", "b": "200000"}),
        # not even the mortgagee in full: ordinary claims get nothing
        ("300000", CITIZEN, {"cost": "20000", "bank": "280000", "a": "0", "b": "0"}),
        ("10000", LEGAL, {"cost": "10000", "bank": "0", "a": "0", "b": "0"}),
        ("0", CITIZEN, {"cost": "0", "bank": "0", "a": "0", "b": "0"}),
    ],
)
def test_three_creditor_plans(available, kind, expected):
    plan = rules.compute_plan(D(available), kind, THREE)
    assert shares(plan) == {k: D(v) for k, v in expected.items()}
    assert plan.distributed == min(D(available), plan.claimed)


def test_lines_come_in_payment_order_with_their_rule():
    citizen = rules.compute_plan(D("1000000"), CITIZEN, THREE)
    assert [(line.key, line.rank, line.rule) for line in citizen.lines] == [
        ("cost", 1, OrderRule.COST),
        ("bank", 2, OrderRule.PRIORITY_TIME),
        ("a", 3, OrderRule.PRO_RATA),
        ("b", 3, OrderRule.PRO_RATA),
    ]
    legal = rules.compute_plan(D("1000000"), LEGAL, THREE)
    assert [(line.key, line.rank, line.rule_label) for line in legal.lines] == [
        ("cost", 1, "费用"),
        ("bank", 2, "优先受偿 按设立先后"),
        ("b", 3, "普通债权 按查封先后"),
        ("a", 4, "普通债权 按查封先后"),
    ]
    assert citizen.line("a").rule_label == "普通债权 按比例"
    assert citizen.line("a").unpaid == D("80000.00")


def test_priority_claims_rank_by_creation_and_share_a_date():
    claims = [
        Claim("late", "二顺位抵押", PRIORITY, D("100"), created_on=date(2025, 1, 1)),
        Claim("early", "一顺位抵押", PRIORITY, D("100"), created_on=date(2024, 1, 1)),
        Claim("same1", "同日甲", PRIORITY, D("300"), created_on=date(2025, 6, 1)),
        Claim("same2", "同日乙", PRIORITY, D("100"), created_on=date(2025, 6, 1)),
    ]
    plan = rules.compute_plan(D("250"), CITIZEN, claims)
    assert shares(plan) == {
        "early": D("100"),
        "late": D("100"),
        "same1": D("37.50"),
        "same2": D("12.50"),
    }
    assert [line.rank for line in plan.lines] == [1, 2, 3, 3]


@pytest.mark.parametrize(
    "pool, weights, expected",
    [
        (100, [1, 1, 1], [1, 1, 1]),  # enough for all
        (100, [100, 100, 100], [34, 33, 33]),  # a tie: the earliest gets the extra fen
        (200, [100, 100, 100], [67, 67, 66]),
        (100, [100, 200, 100], [25, 50, 25]),  # exact
        (10, [3, 3, 4], [3, 3, 4]),
        (5, [300, 301, 299], [2, 2, 1]),  # larger remainder first, then the larger claim
        (1, [5, 5], [1, 0]),
        (0, [5, 5], [0, 0]),
        (7, [10**12, 1], [7, 0]),
    ],
)
def test_allocate_largest_remainder(pool, weights, expected):
    assert rules.allocate(pool, weights) == expected


def test_pro_rata_rounding_sums_exactly():
    claims = [Claim(str(i), f"债权人{i}", ORDINARY, D("100.00")) for i in range(3)]
    plan = rules.compute_plan(D("100.00"), CITIZEN, claims)
    assert [line.share for line in plan.lines] == [D("33.34"), D("33.33"), D("33.33")]
    assert plan.distributed == D("100.00")


@pytest.mark.parametrize(
    "available, claims, code",
    [
        ("-1", THREE, "distribution.available_invalid"),
        ("1.001", THREE, "distribution.available_invalid"),
        ("10", [THREE[0], THREE[0]], "distribution.duplicate_claim"),
        ("10", [Claim("x", "甲", PRIORITY, D("10"))], "distribution.created_on_required"),
        ("10", [Claim("x", "甲", ORDINARY, D("0"))], "distribution.amount_not_positive"),
    ],
)
def test_plan_errors(available, claims, code):
    with pytest.raises(rules.PlanError) as error:
        rules.compute_plan(D(available), CITIZEN, claims)
    assert error.value.code == code


def test_legal_person_ordinary_claim_needs_a_seizure_time():
    with pytest.raises(rules.PlanError) as error:
        rules.compute_plan(D("10"), LEGAL, [Claim("x", "甲", ORDINARY, D("10"))])
    assert error.value.code == "distribution.legal_person_debtor"


# --- properties ----------------------------------------------------------------------------

amounts = st.integers(min_value=1, max_value=10**9).map(lambda fen: D(fen) / 100)
claim_kinds = st.sampled_from([COST, PRIORITY, ORDINARY])


@st.composite
def plans(draw):
    kind = draw(st.sampled_from(list(DebtorKind)))
    n = draw(st.integers(min_value=1, max_value=8))
    claims = []
    for i in range(n):
        claim_kind = draw(claim_kinds)
        claims.append(
            Claim(
                key=str(i),
                name=f"债权人{i}",
                kind=claim_kind,
                amount=draw(amounts),
                created_on=date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 5))),
                controlled_at=at(1) + timedelta(hours=draw(st.integers(0, 5))),
            )
        )
    available = draw(st.integers(min_value=0, max_value=5 * 10**9).map(lambda f: D(f) / 100))
    return available, kind, claims


@settings(max_examples=300, deadline=None)
@given(plans())
def test_shares_never_negative_never_above_the_claim_and_sum_to_what_is_available(case):
    available, kind, claims = case
    plan = rules.compute_plan(available, kind, claims)
    assert len(plan.lines) == len(claims)
    for line in plan.lines:
        assert D("0") <= line.share <= line.claimed
        assert line.share == line.share.quantize(D("0.01"))
    assert plan.distributed == min(available, plan.claimed)


@settings(max_examples=300, deadline=None)
@given(plans())
def test_an_earlier_rank_is_paid_in_full_before_a_later_rank_gets_anything(case):
    available, kind, claims = case
    plan = rules.compute_plan(available, kind, claims)
    order = {COST: 0, PRIORITY: 1, ORDINARY: 2}
    for later in plan.lines:
        if later.share > 0:
            for earlier in plan.lines:
                if earlier.rank < later.rank:
                    assert earlier.share == earlier.claimed
                    assert order[earlier.kind] <= order[later.kind]
    # costs and priority always before ordinary
    if any(line.share > 0 for line in plan.lines if line.kind is ORDINARY):
        assert all(line.unpaid == 0 for line in plan.lines if line.kind is not ORDINARY)


@settings(max_examples=300, deadline=None)
@given(plans())
def test_pro_rata_within_a_fen_for_citizens_and_other_organisations(case):
    available, kind, claims = case
    if kind is LEGAL:
        kind = CITIZEN
    plan = rules.compute_plan(available, kind, claims)
    ordinary = [line for line in plan.lines if line.kind is ORDINARY]
    if not ordinary:
        return
    pool = sum((line.share for line in ordinary), D("0"))
    total = sum((line.claimed for line in ordinary), D("0"))
    assert len({line.rank for line in ordinary}) == 1
    for line in ordinary:
        exact = pool * line.claimed / total
        assert abs(line.share - exact) < D("0.01")


@settings(max_examples=300, deadline=None)
@given(plans())
def test_seizure_order_respected_for_legal_persons(case):
    available, _, claims = case
    plan = rules.compute_plan(available, LEGAL, claims)
    by_key = {c.key: c for c in claims}
    ordinary = [line for line in plan.lines if line.kind is ORDINARY]
    for later in ordinary:
        for earlier in ordinary:
            if by_key[earlier.key].controlled_at < by_key[later.key].controlled_at:
                assert earlier.rank < later.rank
                if later.share > 0:
                    assert earlier.share == earlier.claimed


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=10**7),
    st.lists(st.integers(min_value=1, max_value=10**7), min_size=1, max_size=10),
)
def test_allocate_is_exact_and_proportional(pool, weights):
    out = rules.allocate(pool, weights)
    total = sum(weights)
    assert sum(out) == min(pool, total)
    for share, weight in zip(out, weights, strict=True):
        assert 0 <= share <= weight
        if pool < total:
            assert abs(share * total - pool * weight) < total  # within one fen


# --- the windows ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, starts, due, moved",
    [
        # served Thu 2026-09-17 → day 15 is Fri 10-02, in the National Day holiday (10-01..10-07) → Thu 10-08
        (WindowKind.OBJECTION, date(2026, 9, 17), date(2026, 10, 8), date(2026, 10, 2)),
        (WindowKind.OBJECTION, date(2026, 11, 2), date(2026, 11, 17), None),
        # 11-06 + 15 = Sat 11-21 → Mon 11-23
        (WindowKind.COUNTER_OBJECTION, date(2026, 11, 6), date(2026, 11, 23), date(2026, 11, 21)),
        (WindowKind.SUIT, date(2026, 11, 10), date(2026, 11, 25), None),
    ],
)
def test_windows_are_15_days_moved_past_holidays(kind, starts, due, moved):
    win = rules.window(kind, starts, CAL)
    assert win.due.due == due
    assert win.due.moved_from == moved
    assert "执行程序解释 第17条" in win.source
    assert win.open_on(due) and not win.open_on(due + timedelta(days=1))


@pytest.mark.parametrize(
    "filed_on, code",
    [
        (date(2026, 11, 1), "distribution.objection_too_early"),
        (date(2026, 11, 2), None),
        (date(2026, 11, 17), None),
        (date(2026, 11, 18), "distribution.objection_late"),
    ],
)
def test_check_within(filed_on, code):
    win = rules.window(WindowKind.OBJECTION, date(2026, 11, 2), CAL)
    refusals = rules.check_within(win, filed_on)
    assert [r.code for r in refusals] == ([code] if code else [])
    if code:
        assert "第509条" in refusals[0].source


# --- objections and the outcome ------------------------------------------------------------

PLAN = rules.compute_plan(D("1000000"), CITIZEN, THREE)  # a 320,000 / b 160,000
SERVED = date(2026, 11, 2)  # objection window to 11-17


def objection(**kw):
    values = dict(
        key="1",
        objector_key="b",
        target_key="a",
        disputed=D("10000.00"),
        notified_on=date(2026, 11, 6),
    )
    values.update(kw)
    return Objection(**values)


@pytest.mark.parametrize(
    "new, existing, codes",
    [
        (objection(), [], []),
        (objection(disputed=D("40000.00")), [], []),  # 乙 is owed 40,000 more
        (objection(disputed=D("40000.01")), [], ["distribution.disputed_exceeds_claim"]),
        (objection(objector_key=None, disputed=D("320000")), [], []),  # the debtor
        (
            objection(objector_key=None, disputed=D("320000.01")),
            [],
            ["distribution.disputed_exceeds_share"],
        ),
        (
            objection(objector_key="bank", disputed=D("1")),
            [],
            ["distribution.disputed_exceeds_claim"],  # paid in full: nothing to claim
        ),
        (objection(objector_key="a"), [], ["distribution.self_objection"]),
        (objection(target_key="nobody"), [], ["distribution.line_unknown"]),
        (objection(disputed=D("0")), [], ["distribution.amount_not_positive"]),
        (
            objection(disputed=D("30000.00")),
            [objection(key="0", disputed=D("20000.00"))],
            ["distribution.disputed_exceeds_claim"],
        ),
    ],
)
def test_check_objection(new, existing, codes):
    assert [r.code for r in rules.check_objection(PLAN, existing, new)] == codes


@pytest.mark.parametrize(
    "facts, today, resolution",
    [
        # counter-objection window: notified 11-06 → due Mon 11-23
        ({}, date(2026, 11, 23), Resolution.AWAITING_COUNTER),
        ({}, date(2026, 11, 24), Resolution.CORRECTED),
        # counter-objection told to the objector 11-10 → suit window to 11-25
        ({"counter_notified_on": date(2026, 11, 10)}, date(2026, 11, 25), Resolution.AWAITING_SUIT),
        ({"counter_notified_on": date(2026, 11, 10)}, date(2026, 11, 26), Resolution.ORIGINAL),
        (
            {"counter_notified_on": date(2026, 11, 10), "suit_filed_on": date(2026, 11, 20)},
            date(2026, 11, 21),
            Resolution.SUIT,
        ),
    ],
)
def test_resolve(facts, today, resolution):
    assert rules.resolve(objection(**facts), today, CAL) is resolution


def settled(objections, today):
    out = rules.settle(PLAN, objections, served_on=SERVED, today=today, calendar=CAL)
    return out, {line.key: (line.pay, line.held) for line in out.lines}


def test_no_objection_the_plan_is_final_after_the_window():
    early, _ = settled([], date(2026, 11, 17))
    assert not early.ready
    assert [r.code for r in early.refusals] == ["distribution.objection_window_open"]
    assert "2026年11月17日" in early.refusals[0].message
    out, lines = settled([], date(2026, 11, 18))
    assert out.ready and out.held == 0
    assert lines == {k: (v, D("0")) for k, v in shares(PLAN).items()}


def test_objection_without_counter_objection_corrects_the_plan():
    out, lines = settled([objection()], date(2026, 11, 24))
    assert out.resolutions == {"1": Resolution.CORRECTED}
    assert lines["a"] == (D("310000.00"), D("0"))
    assert lines["b"] == (D("170000.00"), D("0"))
    assert sum(pay for pay, _ in lines.values()) == PLAN.distributed


def test_debtor_objection_without_counter_leaves_the_amount_undistributed():
    out, lines = settled([objection(objector_key=None)], date(2026, 11, 24))
    assert lines["a"] == (D("310000.00"), D("0"))
    assert out.undistributed == D("10000.00")


def test_counter_objection_and_no_suit_carries_out_the_original_plan():
    out, lines = settled([objection(counter_notified_on=date(2026, 11, 10))], date(2026, 11, 26))
    assert out.resolutions == {"1": Resolution.ORIGINAL}
    assert lines["a"] == (D("320000.00"), D("0")) and lines["b"] == (D("160000.00"), D("0"))


def test_suit_holds_the_disputed_amount_and_pays_the_rest():
    facts = objection(counter_notified_on=date(2026, 11, 10), suit_filed_on=date(2026, 11, 20))
    out, lines = settled([facts], date(2026, 11, 21))
    assert out.ready and out.resolutions == {"1": Resolution.SUIT}
    assert lines["a"] == (D("310000.00"), D("10000.00"))
    assert lines["b"] == (D("160000.00"), D("0"))
    assert out.held == D("10000.00")


def test_not_ready_while_a_window_is_open_lists_every_reason():
    out, _ = settled(
        [objection(), objection(key="2", counter_notified_on=date(2026, 11, 10))],
        date(2026, 11, 18),
    )
    assert not out.ready
    assert [r.code for r in out.refusals] == [
        "distribution.counter_objection_window_open",
        "distribution.suit_window_open",
    ]
    assert all("第510条" in r.source for r in out.refusals)


@pytest.mark.parametrize(
    "awarded, ok",
    [
        (D("0"), True),
        (D("10000"), True),
        (D("10000.01"), False),
        (D("-1"), False),
        (D("1.001"), False),
    ],
)
def test_check_award(awarded, ok):
    assert (rules.check_award(D("10000"), awarded) == []) is ok
