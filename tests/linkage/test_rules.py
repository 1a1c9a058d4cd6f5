"""Pure rules: back-off and reading a partner's answer."""

from datetime import timedelta
from decimal import Decimal

import pytest

from zhixing.linkage.partners import simulated_items
from zhixing.linkage.rules.outbox import AnswerError, PropertyKind, backoff, parse_answer


@pytest.mark.parametrize(
    ("attempts", "minutes"), [(1, 1), (2, 2), (3, 4), (6, 32), (9, 256), (10, 360), (30, 360)]
)
def test_backoff_doubles_up_to_six_hours(attempts, minutes):
    assert backoff(attempts) == timedelta(minutes=minutes)


def test_answer_items_are_read_with_money_in_two_places():
    items = parse_answer(
        {
            "items": [
                {"kind": "deposit", "description": "活期", "identifier": "6222", "amount": "12.5"}
            ]
        }
    )
    assert items[0].kind is PropertyKind.DEPOSIT
    assert items[0].amount == Decimal("12.50")
    assert parse_answer({"note": "未发现财产"}) == []


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({"items": "x"}, "answer.items_invalid", "payload.items"),
        (
            {"items": [{"kind": "gold", "description": "x"}]},
            "answer.kind_invalid",
            "payload.items.0.kind",
        ),
        (
            {"items": [{"kind": "deposit"}]},
            "answer.description_required",
            "payload.items.0.description",
        ),
        (
            {"items": [{"kind": "deposit", "description": "x", "amount": "-1"}]},
            "answer.amount_negative",
            "payload.items.0.amount",
        ),
        (
            {"items": [{"kind": "deposit", "description": "x", "amount": "abc"}]},
            "money.format",
            "payload.items.0.amount",
        ),
    ],
)
def test_unreadable_answers_are_refused_with_their_field(payload, code, field):
    with pytest.raises(AnswerError) as caught:
        parse_answer(payload)
    assert (caught.value.code, caught.value.field) == (code, field)


def test_simulated_departments_answer_the_same_for_the_same_respondent():
    first = simulated_items("bank", "icbc", "11010519491231002X")
    assert first == simulated_items("bank", "icbc", "11010519491231002X")
    assert simulated_items("tax", "tax", "11010519491231002X") == []
    banks = [simulated_items("bank", "icbc", f"11010519800101{n:04d}") for n in range(40)]
    assert any(banks) and not all(banks)  # some respondents hold accounts, some do not
