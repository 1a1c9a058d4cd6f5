"""Two `run-duties` at once send each due round exactly once (PostgreSQL: the second claim's
UPDATE waits for the first transaction's row lock, then finds sent_on set and matches nothing)."""

import pytest
from django.db import connection  # noqa: F401 (read by the skipif condition)

from tests.after_round_termination.conftest import ROUND1
from tests.measures.test_funds_concurrency import _race
from zhixing.cases.models import NodeEvent
from zhixing.closure import duties as closure_duties
from zhixing.closure.models import ReInquiry
from zhixing.core import duties
from zhixing.linkage.models import OutboxMessage

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL"),
]


def test_two_concurrent_runs_send_each_round_once(round_termination):
    cases = [round_termination() for _ in range(3)]
    duties.system_actor()  # created before the race (its creation is not what is tested)
    lines = _race(lambda _n: closure_duties.after_round_termination(ROUND1), [1, 2])
    assert len(lines) == 2
    for case in cases:
        assert ReInquiry.objects.filter(case=case, sent_on=ROUND1).count() == 1
        assert NodeEvent.objects.filter(case=case, code="re_inquiry_sent").count() == 1
        assert OutboxMessage.objects.filter(case=case, kind="inquiry").count() == 10
    sent = sum(int(line.split("发起 ")[1].split(" 次")[0]) for line in lines)
    assert sent == 3
