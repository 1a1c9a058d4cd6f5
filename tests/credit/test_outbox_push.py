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
    assert FeedSubscription.objects.get(department=pbc).acknowledged_seq == 0  # 1 unanswered
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


def _done(message, answer_id):
    return answer_receive(
        actor=None,
        department_code=message.department.code,
        answer_id=answer_id,
        message_key=message.idempotency_key,
        payload={"result": "done", "effective_at": "2026-11-27T10:00:00+08:00"},
    )


def test_an_answer_does_not_skip_an_earlier_unanswered_push(people, make_listing, department):
    """Review finding: the answer to seq 3 arrived while seq 1 and 2 were still unanswered (a
    retry out of order): the department has not got 1 and 2, so its position stays before 1."""
    pbc, _ = department("pbc", push=True)
    make_listing()
    make_listing()
    make_listing()
    first, second, third = OutboxMessage.objects.filter(kind="credit").order_by("pk")
    _done(third, "A3")
    assert FeedSubscription.objects.get(department=pbc).acknowledged_seq == 0
    _done(first, "A1")
    assert FeedSubscription.objects.get(department=pbc).acknowledged_seq == 1
    _done(second, "A2")
    assert FeedSubscription.objects.get(department=pbc).acknowledged_seq == 3


def test_another_departments_unanswered_push_does_not_hold_back(people, make_listing, department):
    pbc, _ = department("pbc", push=True)
    department("bank-reg", push=True)
    make_listing()
    _done(OutboxMessage.objects.get(kind="credit", department=pbc), "A1")
    assert FeedSubscription.objects.get(department=pbc).acknowledged_seq == 1


def test_unanswered_pushes_are_followed_on_the_feed_page_not_with_overdue_inquiries(
    client, people, make_listing, department, superuser
):
    """Review finding: credit pushes carry an answer date and so were listed on the linkage
    reconciliation page beside real inquiries. They are counted per department on /credit/feed/."""
    from datetime import date

    from tests.conftest import PASSWORD
    from zhixing.linkage.selectors import message_list, overdue_q

    pbc, _ = department("pbc", push=True)
    make_listing()
    make_listing()
    _done(OutboxMessage.objects.filter(kind="credit").order_by("pk").first(), "A1")
    later = date(2027, 6, 1)  # past every answer date
    assert not message_list(actor=superuser, overdue_on=later).filter(kind="credit").exists()
    assert not OutboxMessage.objects.filter(**overdue_q(later), kind="credit").exists()
    client.login(username="cy_chief", password=PASSWORD)
    response = client.get("/credit/feed/")
    row = next(r for r in response.context["rows"] if r.subscription.department_id == pbc.pk)
    assert (row.unanswered, row.overdue) == (1, 0)
    assert 'id="unanswered-pbc">1' in response.content.decode()


# --- subscription changes: the department catches up ---------------------------------------------


def test_turning_push_on_queues_the_entries_after_the_acknowledged_position(
    people, make_listing, department, superuser
):
    from zhixing.core.models import AuditRecord
    from zhixing.credit.services.feed import subscription_change

    pbc, _ = department("pbc", push=False)
    for _ in range(3):
        make_listing()
    FeedSubscription.objects.filter(department=pbc).update(acknowledged_seq=1)
    assert not OutboxMessage.objects.filter(kind="credit").exists()
    subscription_change(actor=superuser, department=pbc, push=True)
    queued = OutboxMessage.objects.filter(kind="credit", department=pbc).order_by("pk")
    assert [m.payload["seq"] for m in queued.all()] == [2, 3]
    assert queued[0].idempotency_key == push_key("pbc", 2)
    subscription_change(actor=superuser, department=pbc, push=True)  # nothing new, nothing twice
    assert queued.all().count() == 2
    record = AuditRecord.objects.filter(action="credit.subscription_change").first()
    assert record is not None and "补推 2 条" in record.summary
    make_listing()  # and the next entry is pushed as it is written
    assert queued.all().count() == 3


def test_adding_a_kind_resets_the_position_so_the_department_rereads_it(
    client, people, make_listing, make_restriction, department, superuser
):
    from tests.credit.feed_fixtures import bearer
    from zhixing.credit.services.feed import subscription_change

    housing, raw = department("housing", listings=True, restrictions=False)
    listing = make_listing()
    make_restriction(listing)
    FeedSubscription.objects.filter(department=housing).update(acknowledged_seq=2)
    subscription_change(actor=superuser, department=housing, restrictions=True)
    subscription = FeedSubscription.objects.get(department=housing)
    assert (subscription.restrictions, subscription.acknowledged_seq) == (True, 0)
    page = client.get("/api/v1/credit-feed?after=0", **bearer(raw)).json()
    assert page["acknowledged_seq"] == 0
    assert [e["subject"] for e in page["entries"]] == ["listing", "restriction"]
    assert not OutboxMessage.objects.filter(kind="credit").exists()  # no push: it pulls


def test_adding_a_kind_with_push_on_pushes_its_rows(
    people, make_listing, make_restriction, department, superuser
):
    from zhixing.credit.services.feed import subscription_change

    housing, _ = department("housing", listings=True, restrictions=False, push=True)
    listing = make_listing()
    make_restriction(listing)
    assert [m.payload["seq"] for m in OutboxMessage.objects.filter(kind="credit")] == [1]
    subscription_change(actor=superuser, department=housing, restrictions=True)
    pushed = OutboxMessage.objects.filter(kind="credit").order_by("payload__seq")
    assert [m.payload["subject"] for m in pushed] == ["listing", "restriction"]


def test_subscription_change_is_for_administrators_and_bounded(
    people, make_listing, department, superuser, monkeypatch
):
    from zhixing.core.errors import AccessDenied, DomainError
    from zhixing.credit import outbox as credit_outbox
    from zhixing.credit.services.feed import subscription_change

    pbc, _ = department("pbc", push=False)
    make_listing()
    make_listing()
    with pytest.raises(AccessDenied):
        subscription_change(actor=people["chief"].user, department=pbc, push=True)
    monkeypatch.setattr(credit_outbox, "CATCH_UP_MAX", 1)
    with pytest.raises(DomainError) as refused:
        subscription_change(actor=superuser, department=pbc, push=True)
    assert refused.value.code == "feed.catch_up_too_large"
    assert FeedSubscription.objects.get(department=pbc).push is False
    assert not OutboxMessage.objects.filter(kind="credit").exists()
