"""`seed_after_round_termination()`: the 朝阳 case closed by 终本 over a year ago gets round 1 (nothing found,
told) and round 2 (a flat found → an open flag), each as of its due date; a second run changes
nothing; without such a case it is a no-op that says so."""

import pytest

from tests.closure.after.conftest import ROUND1, ROUND2
from zhixing.closure.models import ReInquiry, ResumptionFlag
from zhixing.demo.after_round_termination import seed_after_round_termination
from zhixing.linkage.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_without_the_closure_demo_it_is_a_clear_no_op(pinned_today):
    assert "已跳过" in seed_after_round_termination()


def test_two_rounds_as_of_their_due_dates_and_idempotent(round_termination):
    case = round_termination()
    line = seed_after_round_termination()
    assert (
        line
        == f"演示终本后定期查询：{case.case_number} 已查询并告知 2 次，待恢复执行提示 1 条（/resumptions/）。"
    )
    first, second = ReInquiry.objects.filter(case=case).order_by("round")[:2]
    assert (first.sent_on, first.told_on, first.found) == (ROUND1, ROUND1, False)
    assert (second.sent_on, second.told_on, second.found) == (ROUND2, ROUND2, True)
    flag = ResumptionFlag.objects.get(case=case)
    assert flag.status == "open" and "北京市朝阳区住宅一套" in flag.detail
    messages = OutboxMessage.objects.count()
    assert seed_after_round_termination() == line
    assert OutboxMessage.objects.count() == messages and ResumptionFlag.objects.count() == 1
