"""Fixtures of the closure tests: 朝阳 staff and cases (shared with the cases tests), departments
that answer a network inquiry with nothing found, and a case prepared for 终本 through the services
exactly as an officer would."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from tests.cases import conftest as cases_conftest
from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase
from zhixing.cases.rules.nodes import NodeCode
from zhixing.linkage import outbox, partners
from zhixing.linkage.models import SimulatedAnswer
from zhixing.linkage.services import network_inquiry_start, seed_departments
from zhixing.measures.services import leads

people = cases_conftest.people
file_case = cases_conftest.file_case

FILED = date(2026, 5, 7)  # the prepared case: docketed more than three months ago
YOUNG = date(2026, 9, 22)  # the 2-month-old case
YOUNG_CLOSING = date(2026, 11, 20)


class NothingFound:
    """A department that answers every inquiry with nothing found (the respondent has no property)."""

    def send(self, message) -> None:
        SimulatedAnswer.objects.get_or_create(
            message_key=message.idempotency_key,
            defaults=dict(
                department_code=message.department.code,
                answer_id=f"EMPTY-{message.idempotency_key[:12]}",
                payload={"items": [], "note": "未发现财产"},
                deliver_after=timezone.now(),
            ),
        )


@pytest.fixture(autouse=True)
def nothing_found():
    previous = partners.set_default(NothingFound())
    yield
    partners.set_default(previous)


@pytest.fixture
def departments(superuser):
    return {d.code: d for d in seed_departments(actor=superuser)}


def flush() -> None:
    """The sends that would run after commit, and the departments' answers."""
    while outbox.send_due()[0] or partners.deliver_simulated():
        pass


def record(people, case, code, on, who="officer", **data):
    return case_services.node_record(
        actor=people[who].user, case=case, code=code, on=on, data=data or None
    )


def prepare(people, case: EnforcementCase, *, confirm: bool = True) -> EnforcementCase:
    """Every condition of the 终本 gate recorded through the services; the interview and the
    applicant's confirmation are dated today (the departments' answers complete the investigation
    today, and no node may be dated before the last one)."""
    today = timezone.localdate()
    record(people, case, "notice_issued", date(2026, 5, 8))
    record(people, case, "notice_served", date(2026, 5, 12))
    record(
        people, case, "property_report_checked", date(2026, 5, 25), result="报告无财产，核查属实"
    )
    # the credit app's order service owns this node (it records it with the order)
    case_services.node_record_owned(
        actor=people["president"].user,
        case=case,
        code=NodeCode.CONSUMPTION_RESTRICTED,
        on=date(2026, 6, 1),
    )
    record(
        people,
        case,
        "dishonest_not_qualified",
        date(2026, 6, 2),
        reason="无履行能力，不属于有履行能力而拒不履行",
    )
    applicant = case.parties.get(role="applicant")
    lead = leads.lead_register(
        actor=people["clerk"].user,
        case=case,
        provided_by=applicant,
        received_on=date(2026, 6, 10),
        kind="vehicle",
        description="被执行人曾驾驶一辆黑色轿车",
    )
    leads.lead_verify(
        actor=people["officer"].user,
        lead=lead,
        verified_on=date(2026, 6, 12),
        result="not_found",
        note="车辆登记在他人名下",
    )
    record(people, case, "field_investigated", date(2026, 7, 1), result="住所地未发现财产")
    network_inquiry_start(actor=people["officer"].user, case=case, on=date(2026, 8, 3))
    flush()
    record(people, case, "applicant_interviewed", today, record="约谈笔录已入卷")
    if confirm:
        record(people, case, "applicant_confirmed", today, document="申请执行人确认书")
    case.refresh_from_db()
    return case


@pytest.fixture
def young_case(file_case, departments):
    """Docketed two months before YOUNG_CLOSING; nothing else done."""
    return file_case(received_on=YOUNG, docket_on=YOUNG)


@pytest.fixture
def ready_case(file_case, people, departments):
    return prepare(people, file_case(received_on=FILED, docket_on=FILED))
