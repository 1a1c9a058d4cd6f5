"""measures.rules.coercive: 民事诉讼法 第118—119条 limits and approval (no database)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.core.rules.roles import Role
from zhixing.measures.rules.coercive import (
    CONDUCTS,
    Measure,
    Outcome,
    Subject,
    check_limits,
    check_measure,
    check_outcome,
    check_reconsideration,
)

PRESIDENT = frozenset({Role.PRESIDENT})
M, S = Measure, Subject


@pytest.mark.parametrize(
    ("measure", "subject", "amount", "days", "roles", "codes"),
    [
        (M.FINE, S.INDIVIDUAL, "100000", None, PRESIDENT, []),
        (M.FINE, S.INDIVIDUAL, "100000.01", None, PRESIDENT, ["fine.individual_max"]),
        (M.FINE, S.UNIT, "50000", None, PRESIDENT, []),
        (M.FINE, S.UNIT, "49999.99", None, PRESIDENT, ["fine.unit_range"]),
        (M.FINE, S.UNIT, "1000000", None, PRESIDENT, []),
        (M.FINE, S.UNIT, "1000000.01", None, PRESIDENT, ["fine.unit_range"]),
        (M.FINE, S.INDIVIDUAL, "0", None, PRESIDENT, ["fine.amount"]),
        (M.DETENTION, S.INDIVIDUAL, None, 15, PRESIDENT, []),
        (M.DETENTION, S.INDIVIDUAL, None, 16, PRESIDENT, ["detention.max"]),
        (M.DETENTION, S.UNIT, None, 5, PRESIDENT, ["detention.unit"]),
        (M.SUMMONS, S.INDIVIDUAL, None, None, PRESIDENT, []),
        (
            M.SUMMONS,
            S.INDIVIDUAL,
            None,
            None,
            frozenset({Role.VICE_PRESIDENT}),
            ["coercive.approval"],
        ),
        (M.FINE, S.INDIVIDUAL, "1000", None, frozenset({Role.BUREAU_CHIEF}), ["coercive.approval"]),
    ],
)
def test_check_measure(measure, subject, amount, days, roles, codes):
    refusals = check_measure(
        measure=measure,
        subject=subject,
        amount=Decimal(amount) if amount else None,
        days=days,
        approver_roles=roles,
    )
    assert [r.code for r in refusals] == codes
    assert all(r.source.startswith("民事诉讼法") for r in refusals)


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2000000"), places=2))
def test_individual_fine_limit(amount):
    refused = check_measure(
        measure=M.FINE, subject=S.INDIVIDUAL, amount=amount, approver_roles=PRESIDENT
    )
    assert bool(refused) is (amount > Decimal("100000"))


@pytest.mark.parametrize(
    ("previous", "measure", "codes"),
    [
        (0, M.FINE, []),
        (1, M.FINE, ["reconsideration.once"]),
        (0, M.DETENTION, []),
        (0, M.SUMMONS, ["reconsideration.summons"]),
    ],
)
def test_one_reconsideration(previous, measure, codes):
    assert [
        r.code for r in check_reconsideration(previous_applications=previous, measure=measure)
    ] == codes


# --- proposal limits, reconsideration period, outcome (民诉法解释 第185条、第186条) ------------


@given(st.integers(min_value=-5, max_value=40))
def test_check_limits_is_check_measure_without_the_approval(days):
    """Proposing checks 第118条 only; the president's approval (第119条) comes after."""
    limits = check_limits(measure=M.DETENTION, subject=S.INDIVIDUAL, days=days)
    full = check_measure(measure=M.DETENTION, subject=S.INDIVIDUAL, days=days)
    assert [r.code for r in full] == [r.code for r in limits] + ["coercive.approval"]
    assert bool(limits) is not (1 <= days <= 15)


@pytest.mark.parametrize(
    ("applied_on", "due_on", "codes"),
    [
        (date(2026, 10, 15), date(2026, 10, 15), []),
        (date(2026, 10, 16), date(2026, 10, 15), ["reconsideration.late"]),
        (date(2026, 10, 30), None, []),  # service not recorded: no period to count
    ],
)
def test_reconsideration_within_three_days_of_receipt(applied_on, due_on, codes):
    refusals = check_reconsideration(
        previous_applications=0, measure=M.FINE, applied_on=applied_on, due_on=due_on
    )
    assert [r.code for r in refusals] == codes
    assert all(r.source == "民诉法解释 第185条" for r in refusals)


@pytest.mark.parametrize(
    ("measure", "subject", "outcome", "amount", "days", "codes"),
    [
        (M.FINE, S.INDIVIDUAL, Outcome.UPHELD, None, None, []),
        (M.FINE, S.INDIVIDUAL, Outcome.REVOKED, None, None, []),
        (M.FINE, S.INDIVIDUAL, Outcome.CHANGED, "30000", None, []),
        (M.FINE, S.INDIVIDUAL, Outcome.CHANGED, None, None, ["outcome.missing"]),
        (M.FINE, S.INDIVIDUAL, Outcome.CHANGED, "50000", None, ["outcome.unchanged"]),
        (M.FINE, S.INDIVIDUAL, Outcome.CHANGED, "100000.01", None, ["fine.individual_max"]),
        (M.FINE, S.UNIT, Outcome.CHANGED, "40000", None, ["fine.unit_range"]),
        (M.DETENTION, S.INDIVIDUAL, Outcome.CHANGED, None, 5, []),
        (M.DETENTION, S.INDIVIDUAL, Outcome.CHANGED, None, 16, ["detention.max"]),
        (M.DETENTION, S.INDIVIDUAL, Outcome.CHANGED, None, 10, ["outcome.unchanged"]),
    ],
)
def test_a_change_stays_within_the_limits(measure, subject, outcome, amount, days, codes):
    refusals = check_outcome(
        measure=measure,
        subject=subject,
        outcome=outcome,
        amount=Decimal(amount) if amount else None,
        days=days,
        original_amount=Decimal("50000"),
        original_days=10,
    )
    assert [r.code for r in refusals] == codes


def test_every_conduct_names_its_article_and_fits_some_measure():
    for conduct in CONDUCTS:
        assert conduct.article.startswith(("民事诉讼法 第", "民诉法解释 第"))
        assert conduct.measures
    assert {c.code for c in CONDUCTS if Measure.SUMMONS in c.measures} == {"summons_refused"}
