"""measures.rules.coercive: 民事诉讼法 第118—119条 limits and approval (no database)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.core.rules.roles import Role
from zhixing.measures.rules.coercive import Measure, Subject, check_measure, check_reconsideration

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
