"""Pushing feed entries through the durable outbox (design.md decision 5): one message per pushed
department and entry, written with the entry, sent after commit, acknowledged by the department's
answer, which moves its acknowledged position forward only."""

import pytest
from django.db import transaction

from tests.credit.feed_fixtures import *  # noqa: F403  (fixtures)
from tests.credit.feed_fixtures import ID_NUMBER
from zhixing.credit.feed import feed_record
from zhixing.credit.models import FeedEntry, FeedSubscription
from zhixing.credit.outbox import push_key
from zhixing.linkage import outbox, partners
from zhixing.linkage.models import OutboxMessage, PartnerAnswer, SimulatedAnswer
from zhixing.linkage.partners import deliver_simulated
from zhixing.linkage.services import answer_receive

pytestmark = pytest.mark.django_db
S = OutboxMessage.Status


@pytest.fixture(autouse=True)
def simulated():
    previous = partners.set_default(partners.SimulatedPartner())
    yield
    partners.set_default(previous)


def test_entry_becomes_one_message_per_pushed_department(
    people, make_listing, department, django_capture_on_commit_callbacks
):
    pbc, _ = department("pbc", push=True)
    department("bank-reg", push=True, full_identity=False)
    department("finance", push=False)  # reads the feed itself
    department("housing", listings=False, restrictions=True, push=True)  # no listings
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        listing = make_listing()
        messages = OutboxMessage.objects.filter(kind="credit").order_by("department__code")
        assert [m.department.code for m in messages] == ["bank-reg", "pbc"]
        assert {m.status for m in messages} == {S.PENDING}
    assert len(callbacks) >= 1  # the send waits for the commit
    pushed = OutboxMessage.objects.get(department=pbc, kind="credit")
    assert pushed.idempotency_key == push_key("pbc", 1)
    assert (pushed.case_id, pushed.court_id, pushed.party_id) == (
        listing.case_id,
        listing.court_id,
        listing.party_id,
    )
    assert pushed.payload["seq"] == 1 and pushed.payload["data"]["id_number"] == ID_NUMBER
    masked = OutboxMessage.objects.get(department__code="bank-reg", kind="credit")
    assert masked.payload["data"]["id_number"] == "110105********002X"


def test_a_rolled_back_entry_leaves_no_message(people, listing, department):
    department("pbc", push=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        feed_record(FeedEntry.Change.CHANGED, listing=listing)
        assert OutboxMessage.objects.filter(kind="credit").count() == 1
        raise RuntimeError("the writer fails")
    assert not OutboxMessage.objects.filter(kind="credit").exists()


def test_simulated_answer_moves_the_acknowledged_seq(people, make_listing, department):
    pbc, _ = department("pbc", push=True)
    make_listing()
    make_listing()
    assert outbox.send_due() == (2, 0)
    assert SimulatedAnswer.objects.count() == 2
    assert FeedSubscription.objects.get(department=pbc).acknowledged_seq == 0
    assert deliver_simulated() == 2
    assert OutboxMessage.objects.filter(kind="credit", status=S.ANSWERED).count() == 2
    subscription = FeedSubscription.objects.get(department=pbc)
    assert subscription.acknowledged_seq == 2 and subscription.acknowledged_at is not None


def test_a_late_answer_for_an_older_entry_never_moves_back(people, make_listing, department):
    pbc, _ = department("pbc", push=True)
    make_listing()
    make_listing()
    first, second = OutboxMessage.objects.filter(kind="credit").order_by("pk")
    done = {"result": "done", "effective_at": "2026-11-27T10:00:00+08:00"}
    answer_receive(
        actor=None,
        department_code="pbc",
        answer_id="A2",
        message_key=second.idempotency_key,
        payload=done,
    )
    assert FeedSubscription.objects.get(department=pbc).acknowledged_seq == 2
    answer_receive(
        actor=None,
        department_code="pbc",
        answer_id="A1",
        message_key=first.idempotency_key,
        payload=done,
    )
    assert FeedSubscription.objects.get(department=pbc).acknowledged_seq == 2
    again, created = answer_receive(
        actor=None,
        department_code="pbc",
        answer_id="A1",
        message_key=first.idempotency_key,
        payload=done,
    )
    assert not created and PartnerAnswer.objects.count() == 2


def test_a_failed_answer_does_not_acknowledge(people, make_listing, department):
    pbc, _ = department("pbc", push=True)
    make_listing()
    message = OutboxMessage.objects.get(kind="credit")
    answer_receive(
        actor=None,
        department_code="pbc",
        answer_id="F1",
        message_key=message.idempotency_key,
        payload={"result": "failed", "reason": "接口维护中"},
    )
    assert FeedSubscription.objects.get(department=pbc).acknowledged_seq == 0
