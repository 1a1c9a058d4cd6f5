"""Officers deducting from one freeze at once never take more than it holds, and a bank's answer
delivered twice at once books the money once (PostgreSQL, real threads)."""

from decimal import Decimal

import pytest
from django.db import connection

from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from tests.linkage.conftest import (  # noqa: F401 (fixtures)
    RULING,
    TODAY,
    answer,
    case,
    departments,
    found_deposit,
    pinned_today,
    recording,
    simulated,
)
from tests.measures.test_funds_concurrency import _race
from zhixing.core.errors import DomainError
from zhixing.linkage.models import OutboxMessage
from zhixing.measures.models import CaseAccount, ControlMeasure, FundReceipt
from zhixing.measures.services import control as services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL"),
]
EFFECTIVE = f"{TODAY.isoformat()}T10:00:00+08:00"


@pytest.fixture
def freeze(people, found_deposit, answer):  # noqa: F811
    """A confirmed freeze of 50,000 yuan."""
    measure = services.control_take(
        actor=people["officer"].user,
        case=found_deposit().case,
        kind="freeze",
        found=found_deposit(),
        amount="50000.00",
        started_on=TODAY,
        expires_on=TODAY.replace(year=2027),
        ruling=RULING,
    )
    answer(
        "icbc", measure.message, {"result": "done", "amount": "50000.00", "effective_at": EFFECTIVE}
    )
    measure.refresh_from_db()
    assert measure.status == "in_effect"
    return measure


def test_concurrent_deductions_never_exceed_the_frozen_amount(freeze, people):  # noqa: F811
    """Three officers each ask the bank for 30,000 of the 50,000 frozen: the case lock lets one
    through; the others see its deduction in flight and are refused, nothing written."""
    officers = [people[name].user for name in ("officer", "officer2", "officer3")]
    results = _race(
        lambda who: services.deduction_request(
            actor=who, freeze=freeze, amount="30000.00", on=TODAY, ruling=RULING + "之二"
        ),
        officers,
    )
    made = [r for r in results if isinstance(r, ControlMeasure)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(made) == 1 and len(refused) == 2
    assert OutboxMessage.objects.filter(kind="deduct").count() == 1
    assert connection.vendor == "postgresql"


def test_one_answer_delivered_twice_at_once_books_the_money_once(freeze, people, answer):  # noqa: F811
    deduction = services.deduction_request(
        actor=people["officer"].user,
        freeze=freeze,
        amount="30000.00",
        on=TODAY,
        ruling=RULING + "之二",
    )
    payload = {
        "result": "done",
        "amount": "30000.00",
        "reference": "HK-0001",
        "effective_at": EFFECTIVE,
    }
    _race(lambda _: answer("icbc", deduction.message, payload, "A-1"), [0, 1])
    assert FundReceipt.objects.count() == 1
    account = CaseAccount.objects.get(case=freeze.case)
    assert account.received_total == Decimal("30000.00")
