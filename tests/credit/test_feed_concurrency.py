"""Feed sequence numbers under concurrent writers (PostgreSQL, real threads): gapless, unique, and
committed in order, so a department reading "after seq N" never skips an entry."""

import threading
from datetime import date

import pytest
from django.db import connection, connections, transaction

from tests.cases.conftest import file_case, people  # noqa: F401  (fixtures)
from zhixing.credit.feed import feed_record
from zhixing.credit.models import DishonestDebtorListing, FeedEntry

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL"),
]

WRITERS, EACH = 6, 5


@pytest.fixture
def listing(file_case, people):  # noqa: F811
    case = file_case(docket_on=date(2026, 9, 22))
    party = case.parties.get(role="respondent")
    return DishonestDebtorListing.objects.create(
        case=case,
        court_id=case.court_id,
        party=party,
        ground="report_duty",
        conduct="违反财产报告制度",
        initiative="ex_officio",
        decided_on=date(2026, 9, 30),
        decided_by=people["officer"].user,
        status="published",
        published_on=date(2026, 9, 30),
        respondent_kind="person",
        name=party.name,
        court_name="北京市朝阳区人民法院",
        case_number=case.case_number,
    )


def test_concurrent_writers_get_gapless_unique_sequences(listing):
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def writer():
        try:
            start.wait()
            for _ in range(EACH):
                with transaction.atomic():
                    feed_record(FeedEntry.Change.CHANGED, listing=listing)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = list(FeedEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, WRITERS * EACH + 1))
    assert connection.vendor == "postgresql"


def test_a_later_writer_waits_until_the_earlier_entry_commits(listing):
    """While the first writer's transaction is open, the second cannot take the next number: it
    commits after the first, so entry 2 never becomes visible before entry 1."""
    first_recorded, release_first = threading.Event(), threading.Event()
    second_done = threading.Event()
    seqs: dict[str, int] = {}

    def first():
        try:
            with transaction.atomic():
                seqs["first"] = feed_record(FeedEntry.Change.CHANGED, listing=listing).seq
                first_recorded.set()
                release_first.wait(10)
        finally:
            connections.close_all()

    def second():
        try:
            first_recorded.wait(10)
            with transaction.atomic():
                seqs["second"] = feed_record(FeedEntry.Change.CHANGED, listing=listing).seq
            second_done.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_recorded.wait(10)
    assert not second_done.wait(1.0)  # blocked on the counter row
    assert not FeedEntry.objects.exists()  # nothing visible yet: the first has not committed
    release_first.set()
    for thread in threads:
        thread.join()
    assert seqs == {"first": 1, "second": 2}
