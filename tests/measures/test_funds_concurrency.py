"""Officers paying out from one case account at once never overdraw it (PostgreSQL, real threads).

Each payout alone fits the balance, together they exceed it: the row lock on the account makes
exactly the ones that fit succeed, and the others are refused with nothing written.
"""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, connections

from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from zhixing.cases.models import NodeEvent
from zhixing.core.errors import DomainError
from zhixing.measures import services
from zhixing.measures.models import CaseAccount, Payout

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL"),
]

THREADS = 5


def _race(work, items):
    start = threading.Barrier(len(items))
    results: list[object] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(item):
        try:
            start.wait()
            outcome = work(item)
        except DomainError as error:
            outcome = error
        except BaseException as error:  # reported below
            with lock:
                errors.append(error)
            return
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.fixture
def funded(file_case, people):  # noqa: F811
    case = file_case(docket_on=date(2026, 9, 22))
    services.receipt_record(
        actor=people["officer"].user,
        case=case,
        amount="1000.00",
        received_on=date(2026, 10, 9),
        payer="王被执",
        channel="deduction",
        reference="K-1",
    )
    return case


def test_concurrent_payouts_never_overdraw_the_account(funded, people):  # noqa: F811
    """Five pending payouts of 300 against 1000 held (inserted directly: the services' reservation
    would not let them all be scheduled): exactly three are paid."""
    account = CaseAccount.objects.get(case=funded)
    party = funded.parties.get(role="applicant")
    payouts = [
        Payout.objects.create(
            account=account,
            court_id=account.court_id,
            party=party,
            amount=Decimal("300.00"),
            condition_met_on=date(2026, 11, 2),
            due_on=date(2026, 11, 23),
        )
        for _ in range(THREADS)
    ]
    officers = [people["officer"].user, people["officer2"].user, people["officer3"].user]
    results = _race(
        lambda i: services.payout_pay(
            actor=officers[i % len(officers)], payout=payouts[i], paid_on=date(2026, 11, 5)
        ),
        list(range(THREADS)),
    )
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(results) == THREADS
    assert len(refused) == 2
    assert {r.code for r in refused} == {"payout.exceeds_balance"}
    account.refresh_from_db()
    assert account.paid_total == Decimal("900.00")
    assert account.received_total - account.paid_total == Decimal("100.00")
    assert Payout.objects.filter(status=Payout.Status.PAID).count() == 3
    assert NodeEvent.objects.filter(case=funded, code="payout_made").count() == 3
    assert connection.vendor == "postgresql"


def test_concurrent_scheduling_reserves_no_more_than_held(funded, people):  # noqa: F811
    party = funded.parties.get(role="applicant")
    results = _race(
        lambda _: services.payout_schedule(
            actor=people["officer"].user,
            case=funded,
            party=party,
            amount="300.00",
            condition_met_on=date(2026, 11, 2),
        ),
        list(range(THREADS)),
    )
    assert sum(isinstance(r, Payout) for r in results) == 3
    assert {r.code for r in results if isinstance(r, DomainError)} == {"payout.exceeds_available"}
    assert Payout.objects.count() == 3


def test_the_same_payout_paid_twice_at_once_is_paid_once(funded, people):  # noqa: F811
    party = funded.parties.get(role="applicant")
    payout = services.payout_schedule(
        actor=people["officer"].user,
        case=funded,
        party=party,
        amount="400.00",
        condition_met_on=date(2026, 11, 2),
    )
    officers = [people["officer"].user, people["officer2"].user]
    results = _race(
        lambda who: services.payout_pay(actor=who, payout=payout, paid_on=date(2026, 11, 5)),
        officers,
    )
    assert sum(isinstance(r, Payout) for r in results) == 1
    assert [r.code for r in results if isinstance(r, DomainError)] == ["payout.already_paid"]
    assert CaseAccount.objects.get(case=funded).paid_total == Decimal("400.00")
