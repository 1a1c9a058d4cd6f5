"""民事诉讼法 第237条 through review cases: the application is docketed at 京03 once six counted
months have passed (执行程序解释 第10条、第13条), and its decision is carried out by the supervision
services: a 督促执行令 with its time limit, or 提级执行 closing the 朝阳 case (第11条)."""

from datetime import date

import pytest

from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase, NodeEvent
from zhixing.core.errors import DomainError
from zhixing.review.models import SupervisionAction
from zhixing.review.services import cases as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_case(file_case, people):
    case = file_case(received_on=date(2026, 3, 2), docket_on=date(2026, 3, 3))
    case_services.officer_assign(
        actor=people["chief"].user, cases=[case], officer=people["officer"], on=date(2026, 3, 4)
    )
    return case


def apply(judges, case, on):
    return services.review_file(
        actor=judges.bj3[0].user,
        case=case,
        kind="court_change",
        applicant="北京某贸易有限公司",
        subject="执行法院收到申请执行书超过六个月未执行",
        received_on=on,
    )


def test_the_six_months_count_without_the_suspension(people, judges, old_case):
    case_services.node_record(
        actor=people["officer"].user, case=old_case, code="suspended", on=date(2026, 5, 1)
    )
    case_services.node_record(
        actor=people["officer"].user, case=old_case, code="resumed", on=date(2026, 5, 21)
    )
    with pytest.raises(DomainError) as refused:
        apply(judges, old_case, date(2026, 9, 10))  # 9-02 + 20 days of 中止 = 9-22
    assert refused.value.code == "court_change.too_early"
    assert "扣除不计入的期间 20 日" in refused.value.message
    row = apply(judges, old_case, date(2026, 9, 23))
    assert row.case_number == "（2026）京03执监1号" and row.court.code == "京03"


def test_an_order_to_enforce_within_a_time_limit(people, judges, old_case, bj3_chief):
    row = apply(judges, old_case, date(2026, 9, 10))
    services.review_assign(actor=bj3_chief.user, review=row, judge=judges.bj3[0])  # one judge
    services.review_decide(
        actor=judges.bj3[0].user,
        review=row,
        outcome="ordered",
        reasoning="有财产可供执行而逾期未执行",
        on=date(2026, 9, 15),
        until=date(2026, 10, 15),
    )
    action = SupervisionAction.objects.get(case=old_case)
    assert action.kind == "enforce_order" and action.until == date(2026, 10, 15)
    assert action.review_id == row.pk


def test_taking_the_case_closes_the_lower_courts_case(people, judges, old_case, bj3_chief):
    row = apply(judges, old_case, date(2026, 9, 10))
    services.review_assign(actor=bj3_chief.user, review=row, judge=judges.bj3[0])  # one judge
    services.review_decide(
        actor=judges.bj3[0].user,
        review=row,
        outcome="taken",
        reasoning="执行法院消极执行",
        on=date(2026, 9, 15),
    )
    old_case.refresh_from_db()
    assert old_case.status == EnforcementCase.Status.CLOSED
    assert NodeEvent.objects.filter(case=old_case, code="escalated").exists()
    assert SupervisionAction.objects.get(case=old_case).kind == "escalation"


def test_an_order_needs_its_time_limit(people, judges, old_case, bj3_chief):
    row = apply(judges, old_case, date(2026, 9, 10))
    services.review_assign(actor=bj3_chief.user, review=row, judge=judges.bj3[0])  # one judge
    with pytest.raises(DomainError) as refused:
        services.review_decide(
            actor=judges.bj3[0].user,
            review=row,
            outcome="ordered",
            reasoning="x",
            on=date(2026, 9, 15),
        )
    assert refused.value.code == "review.until_required"
    row.refresh_from_db()
    assert row.status == "filed"  # nothing written
