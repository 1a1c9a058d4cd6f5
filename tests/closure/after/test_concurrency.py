"""Two `run-duties` at once send each due round exactly once (PostgreSQL: the second claim's
UPDATE waits for the first transaction's row lock, then finds sent_on set and matches nothing)."""

import pytest
from django.db import connection  # noqa: F401 (read by the skipif condition)

from tests.closure.after.conftest import ROUND1
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


def test_two_flags_of_one_case_resumed_at_once_make_one_resumed_case(round_termination, people):
    """Two officers resume two open flags of one 终本 case at the same moment: the case lock
    queues them; one new 执恢 case, the other officer refused (no deadlock, no second case)."""
    from tests.closure.after.conftest import CHECKLIST
    from zhixing.cases.models import EnforcementCase
    from zhixing.closure.services import after
    from zhixing.core.errors import DomainError

    original = round_termination()
    flags = [
        after.lead_after_round_termination(
            actor=people["officer"].user,
            case=original,
            description=f"线索{n}",
            provided_by="申请执行人",
            on=ROUND1,
        )
        for n in (1, 2)
    ]
    actors = [people["clerk"].user, people["officer2"].user]
    results = _race(
        lambda n: after.resume(actor=actors[n], flag=flags[n], on=ROUND1, checklist=CHECKLIST),
        [0, 1],
    )
    made = [r for r in results if isinstance(r, EnforcementCase)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(made) == 1 and len(refused) == 1
    assert refused[0].code in {"resumption.handled", "resumption.already_resumed"}
    assert EnforcementCase.objects.filter(previous_case=original).count() == 1
    assert NodeEvent.objects.filter(case=original, code="resumed_as").count() == 1
