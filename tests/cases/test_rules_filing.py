"""cases.rules.filing: acceptance checklist, limitation warning, basis checks, stage separation."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.cases.rules import filing

ALL = dict.fromkeys(filing.ACCEPTANCE_ITEMS, True)


def test_all_conditions_met():
    assert filing.check_acceptance(ALL) == []


@pytest.mark.parametrize("missing", list(filing.ACCEPTANCE_ITEMS))
def test_each_missing_condition_is_named(missing):
    refusals = filing.check_acceptance(ALL | {missing: False})
    assert [r.code for r in refusals] == [f"acceptance.{missing}"]
    assert refusals[0].source == "执行工作规定 第16条"


@pytest.mark.parametrize(
    ("effective", "deadline", "received", "warned"),
    [
        (
            date(2023, 1, 10),
            date(2023, 1, 20),
            date(2025, 1, 20),
            False,
        ),  # the last day of the 2 years
        (date(2023, 1, 10), date(2023, 1, 20), date(2025, 1, 21), True),
        (
            date(2023, 1, 10),
            None,
            date(2025, 1, 10),
            False,
        ),  # no performance period: from effectiveness
        (date(2023, 1, 10), None, date(2025, 1, 11), True),
        (date(2024, 2, 29), None, date(2026, 3, 1), True),  # leap day + 2 years clamps to 02-28
    ],
)
def test_limitation_warning(effective, deadline, received, warned):
    warning = filing.limitation_warning(
        effective_on=effective, performance_deadline=deadline, received_on=received
    )
    assert bool(warning) is warned
    if warned:
        assert "人民法院应予受理" in warning


@pytest.mark.parametrize(
    ("kwargs", "codes"),
    [
        ({}, []),
        ({"performance_deadline": date(2025, 11, 30)}, ["basis.deadline_before_effective"]),
        (
            {"effective_on": date(2026, 1, 6), "performance_deadline": None},
            ["basis.effective_after_receipt"],
        ),
        ({"amount": Decimal("-1")}, ["money.negative"]),
        ({"claim_amount": Decimal("-0.01")}, ["money.negative"]),
    ],
)
def test_check_basis(kwargs, codes):
    values = dict(
        effective_on=date(2025, 12, 1),
        performance_deadline=date(2025, 12, 15),
        amount=Decimal("10"),
        claim_amount=Decimal("10"),
        received_on=date(2026, 1, 5),
    )
    values.update(kwargs)
    assert [r.code for r in filing.check_basis(**values)] == codes


SEPARATED = filing.DEFAULT_SEPARATED_STAGES


@pytest.mark.parametrize(
    ("holdings", "ok"),
    [
        ([("inquiry_control", {1}), ("disposal", {2}), ("payout", {3})], True),
        ([("inquiry_control", {1}), ("disposal", {1})], False),
        ([("disposal", {2, 5}), ("payout", {5})], False),  # a team member also holds payout
        ([("notice", {1}), ("inquiry_control", {1})], True),  # notice is not kept apart
        ([("inquiry_control", {1})], True),
    ],
)
def test_stage_separation(holdings, ok):
    refusals = filing.check_separation(
        [filing.Holding(s, frozenset(p)) for s, p in holdings], SEPARATED
    )
    assert (not refusals) is ok
    assert all(r.code == "stage.separation" and "须由不同人员负责" in r.message for r in refusals)


@given(
    st.lists(
        st.tuples(st.sampled_from(SEPARATED), st.frozensets(st.integers(1, 6), min_size=1)),
        max_size=4,
    )
)
def test_separation_refuses_exactly_shared_people(pairs):
    holdings = [filing.Holding(s, p) for s, p in pairs]
    shared = any(
        a.stage != b.stage and a.people & b.people
        for i, a in enumerate(holdings)
        for b in holdings[i + 1 :]
    )
    assert bool(filing.check_separation(holdings, SEPARATED)) is shared


def test_preservation_cases_take_preservation_rulings_only():
    assert filing.ORIGINS_BY_TYPE[filing.CaseType.PRESERVATION] == {
        filing.Origin.PRESERVATION_RULING
    }
    assert filing.Origin.PRESERVATION_RULING not in filing.ORIGINS_BY_TYPE[filing.CaseType.FIRST]
