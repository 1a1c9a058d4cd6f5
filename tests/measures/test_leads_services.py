"""Property leads on the database (法发〔2006〕35号 第6条): registering starts the 5-day verification
deadline on the case, verifying meets it."""

from datetime import date

import pytest

from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from zhixing.cases import selectors as case_selectors
from zhixing.cases.models import CaseDeadline, NodeEvent
from zhixing.cases.rules.deadlines import Status
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role
from zhixing.measures.models import PropertyLead
from zhixing.measures.selectors import leads as selectors
from zhixing.measures.services import leads as services

pytestmark = pytest.mark.django_db
RECEIVED = date(2026, 10, 9)  # a Friday, the first workday after the National Day holiday
DUE = date(2026, 10, 14)  # five days later, a Wednesday


@pytest.fixture
def case(file_case):  # noqa: F811
    return file_case(docket_on=date(2026, 9, 22))


def applicant(case):
    return case.parties.get(role="applicant")


def register(actor, case, on=RECEIVED, **kw):
    values = dict(
        provided_by=applicant(case),
        received_on=on,
        kind="real_estate",
        description="被执行人名下朝阳区某小区房屋一套",
        how_to_verify="向不动产登记中心查询",
    )
    values.update(kw)
    return services.lead_register(actor=actor, case=case, **values)


def deadline(case, lead):
    return CaseDeadline.objects.get(case=case, code="lead_verification", instance=lead.received_seq)


def test_register_records_the_node_and_starts_the_five_day_deadline(case, people):  # noqa: F811
    clerk = people["clerk"].user
    lead = register(clerk, case)
    node = NodeEvent.objects.get(case=case, code="lead_received")
    assert node.seq == lead.received_seq and node.occurred_on == RECEIVED and node.actor == clerk
    row = deadline(case, lead)
    assert row.started_on == RECEIVED and row.due_on == DUE and row.met_on is None
    assert AuditRecord.objects.filter(action="measures.lead_register", object_id=lead.pk).exists()
    [state] = selectors.case_leads(actor=clerk, case=case, today=date(2026, 10, 12))
    assert state.due_on == DUE and state.status is Status.DUE_SOON
    [state] = selectors.case_leads(actor=clerk, case=case, today=date(2026, 10, 20))
    assert state.status is Status.OVERDUE and state.days_left(date(2026, 10, 20)) == -6


def test_verify_meets_the_deadline(case, people):  # noqa: F811
    officer = people["officer"].user
    lead = register(officer, case)
    lead = services.lead_verify(
        actor=officer, lead=lead, verified_on=date(2026, 10, 12), result="found", note="属实"
    )
    assert lead.result == "found" and lead.verified_by == officer
    assert deadline(case, lead).met_on == date(2026, 10, 12)
    node = NodeEvent.objects.get(case=case, code="lead_verified")
    assert node.data["result"] == "经核查属实，发现财产"
    [state] = selectors.case_leads(actor=officer, case=case, today=date(2026, 10, 20))
    assert state.status is Status.MET
    assert AuditRecord.objects.filter(action="measures.lead_verify").count() == 1
    with pytest.raises(DomainError) as error:
        services.lead_verify(
            actor=officer, lead=lead, verified_on=date(2026, 10, 13), result="found"
        )
    assert error.value.code == "leads.already_verified"


def test_late_verification_is_met_late(case, people):  # noqa: F811
    officer = people["officer"].user
    lead = register(officer, case)
    services.lead_verify(
        actor=officer, lead=lead, verified_on=date(2026, 10, 16), result="not_found", note="无此房"
    )
    [state] = selectors.case_leads(actor=officer, case=case)
    assert state.status is Status.MET_LATE and state.overdue


def test_each_lead_keeps_its_own_due_date(case, people):  # noqa: F811
    officer = people["officer"].user
    first = register(officer, case)
    second = register(
        officer, case, on=date(2026, 10, 12), kind="vehicle", description="小客车一辆"
    )
    due = {r.lead.pk: r.due_on for r in selectors.case_leads(actor=officer, case=case)}
    assert due == {first.pk: DUE, second.pk: date(2026, 10, 19)}  # 17th is a Saturday


def test_leads_verified_out_of_order_meet_their_own_deadlines(case, people):  # noqa: F811
    """Lead A (10-09) still open, lead B (10-12) verified on 10-13: the case's deadline rows (case
    page, worklist, overdue list) agree with the leads page — A overdue, B met — because the
    verification names B's receipt."""
    officer = people["officer"].user
    a = register(officer, case)
    b = register(officer, case, on=date(2026, 10, 12), kind="vehicle", description="小客车一辆")
    services.lead_verify(
        actor=officer, lead=b, verified_on=date(2026, 10, 13), result="found", note="属实"
    )
    assert NodeEvent.objects.get(case=case, code="lead_verified").data["for_seq"] == b.received_seq
    assert deadline(case, a).met_on is None
    assert deadline(case, b).met_on == date(2026, 10, 13)
    late = case_selectors.overdue(actor=officer, today=date(2026, 10, 20))
    leads_late = [d.instance for d in late if d.code == "lead_verification"]
    assert leads_late == [a.received_seq]
    status = {r.lead.pk: r.status for r in selectors.case_leads(actor=officer, case=case)}
    assert status == {a.pk: Status.OVERDUE, b.pk: Status.MET}
    services.lead_verify(
        actor=officer, lead=a, verified_on=date(2026, 10, 16), result="found", note="属实"
    )
    assert deadline(case, a).met_on == date(2026, 10, 16)
    assert deadline(case, b).met_on == date(2026, 10, 13)


def test_not_found_needs_a_note(case, people):  # noqa: F811
    lead = register(people["officer"].user, case)
    with pytest.raises(InputError) as error:
        services.lead_verify(
            actor=people["officer"].user,
            lead=lead,
            verified_on=date(2026, 10, 12),
            result="not_found",
        )
    assert error.value.field == "note"


def test_refusals_write_nothing(case, people, tree, make_staff):  # noqa: F811
    respondent = case.parties.get(role="respondent")
    with pytest.raises(InputError) as error:
        register(people["clerk"].user, case, provided_by=respondent)
    assert error.value.code == "leads.not_applicant"
    with pytest.raises(AccessDenied) as error:
        register(people["chief"].user, case)
    assert error.value.code == "leads.role"
    with pytest.raises(NotFound):
        register(make_staff(tree.haidian, "hd_clerk", roles=[Role.CLERK]).user, case)
    with pytest.raises(AccessDenied) as error:
        register(make_staff(tree.bj3, "bj3_officer", roles=[Role.OFFICER]).user, case)
    assert error.value.code == "leads.other_court"
    with pytest.raises(InputError) as error:
        register(people["clerk"].user, case, on=date(2026, 9, 1))  # before the docketing node
    assert error.value.field == "received_on"
    assert not PropertyLead.objects.exists()
    assert not NodeEvent.objects.filter(code="lead_received").exists()
    assert not CaseDeadline.objects.filter(code="lead_verification").exists()
