"""Flags from people (a new lead from anyone, the applicant's application), resumption as a new 执恢
case linked to the original and not limited by the 2-year period, dismissal with a reason."""

from datetime import date

import pytest

from tests.cases.conftest import basis
from tests.closure.after.conftest import CHECKLIST
from zhixing.cases import selectors as case_selectors
from zhixing.cases.models import EnforcementCase, NodeEvent
from zhixing.closure import duties as closure_duties
from zhixing.closure.models import ReInquiry, ResumptionFlag
from zhixing.closure.services import after
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.models import AuditRecord

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 26)
OLD = dict(  # a judgment performable by 2021-01-15: more than 2 years before TODAY
    received_on=date(2021, 2, 1),
    docket_on=date(2021, 2, 3),
    closed_on=date(2021, 6, 1),
    effective_on=date(2021, 1, 1),
    performance_deadline=date(2021, 1, 15),
)


@pytest.fixture
def lead(round_termination, people):
    def make(case=None, on=TODAY):
        case = case or round_termination()
        return after.lead_after_round_termination(
            actor=people["officer2"].user,
            case=case,
            description="被执行人在某公司领取工资",
            provided_by="案外人张某",
            on=on,
        )

    return make


def test_a_lead_from_anyone_flags_the_case(lead):
    flag = lead()
    assert (flag.source, flag.status, flag.raised_on) == ("lead", "open", TODAY)
    assert flag.detail == "案外人张某提供财产线索：被执行人在某公司领取工资"
    event = NodeEvent.objects.filter(case=flag.case).order_by("-seq").first()
    assert (event.code, event.data["reason"]) == ("resumption_flagged", flag.detail)
    assert AuditRecord.objects.filter(action="closure.resumption_flag").count() == 1


def test_the_applicants_application_flags_the_case(round_termination, people):
    flag = after.resumption_apply(
        actor=people["clerk"].user,
        case=round_termination(),
        detail="发现被执行人新购车辆",
        on=TODAY,
    )
    assert flag.source == "applicant" and flag.detail.startswith("申请执行人申请恢复执行：")


def test_flags_are_refused_outside_round_termination_scope_or_roles(
    file_case, round_termination, people, make_staff, tree
):
    open_case = file_case(docket_on=date(2026, 9, 22))
    kw = dict(description="线索", provided_by="申请执行人", on=TODAY)
    with pytest.raises(DomainError) as not_round_termination:
        after.lead_after_round_termination(actor=people["officer"].user, case=open_case, **kw)
    assert not_round_termination.value.code == "resumption.not_round_termination"
    case = round_termination()
    haidian = make_staff(tree.haidian, "hd_officer")
    with pytest.raises(NotFound):
        after.lead_after_round_termination(actor=haidian.user, case=case, **kw)
    with pytest.raises(AccessDenied):
        after.lead_after_round_termination(actor=people["president"].user, case=case, **kw)
    with pytest.raises(InputError) as blank:
        after.lead_after_round_termination(
            actor=people["officer"].user, case=case, **{**kw, "description": " "}
        )
    assert blank.value.field == "description"
    assert not ResumptionFlag.objects.exists()


def test_resume_creates_a_new_zhihui_case_without_limitation_warning(
    round_termination, lead, people
):
    original = round_termination(**OLD)
    assert original.limitation_warning == ""
    flag = lead(original)
    second = lead(original)
    clerk = people["clerk"].user
    new = after.resume(actor=clerk, flag=flag, on=TODAY, checklist=CHECKLIST, note="经核查属实")
    assert new.type_code == "执恢" and new.status == "docketed"
    assert new.case_number.startswith("（2026）京0105执恢") and new.previous_case_id == original.pk
    assert new.limitation_warning == ""  # 民诉法解释 第517条
    assert sorted(new.parties.values_list("role", "name")) == sorted(
        original.parties.values_list("role", "name")
    )
    assert new.basis.document_number == original.basis.document_number
    last = NodeEvent.objects.filter(case=original).order_by("-seq").first()
    assert (last.code, last.data) == ("resumed_as", {"case_number": new.case_number})
    for row in (flag, second):
        row.refresh_from_db()
        assert (row.status, row.resumed_case_id, row.handled_on) == ("resumed", new.pk, TODAY)
    assert not ReInquiry.objects.filter(
        case=original, sent_on__isnull=True, cancelled=False
    ).exists()
    assert AuditRecord.objects.filter(action="closure.resume").count() == 1
    closure_duties.after_round_termination(TODAY)
    assert not ReInquiry.objects.filter(case=original, sent_on__isnull=False).exists()
    with pytest.raises(DomainError) as again:
        lead(original)
    assert again.value.code == "resumption.already_resumed"


def test_the_same_old_basis_warns_on_a_first_enforcement_case(file_case):
    """The exemption is the resumption's alone: a new 执 case on that basis is warned."""
    case = file_case(
        received_on=TODAY,
        basis=basis(
            effective_on=OLD["effective_on"], performance_deadline=OLD["performance_deadline"]
        ),
    )
    assert "二年" in case.limitation_warning


def test_a_bad_resume_changes_nothing(lead, people):
    flag = lead()
    before = (
        EnforcementCase.objects.count(),
        NodeEvent.objects.count(),
        AuditRecord.objects.count(),
    )
    with pytest.raises(InputError) as early:
        after.resume(
            actor=people["clerk"].user, flag=flag, on=date(2026, 1, 5), checklist=CHECKLIST
        )
    assert early.value.code == "resumption.date_order"
    with pytest.raises(AccessDenied):
        after.resume(actor=people["president"].user, flag=flag, on=TODAY, checklist=CHECKLIST)
    with pytest.raises(InputError):
        after.resume(actor=people["clerk"].user, flag=flag, on=TODAY, checklist={})
    after_ = (
        EnforcementCase.objects.count(),
        NodeEvent.objects.count(),
        AuditRecord.objects.count(),
    )
    assert after_ == before
    flag.refresh_from_db()
    assert flag.status == "open"
    assert ReInquiry.objects.filter(case=flag.case, cancelled=True).count() == 0


def test_dismissal_needs_a_reason_and_takes_the_flag_off_the_worklist(lead, people):
    flag = lead()
    officer = people["officer"].user
    with pytest.raises(InputError):
        after.flag_dismiss(actor=officer, flag=flag, on=TODAY, reason="")
    after.flag_dismiss(actor=officer, flag=flag, on=TODAY, reason="该公司已注销，线索不实")
    flag.refresh_from_db()
    assert (flag.status, flag.handling_note) == ("dismissed", "该公司已注销，线索不实")
    assert all(k != "resumptions" for k, *_ in case_selectors.worklist_sections(actor=officer))
    with pytest.raises(DomainError) as handled:
        after.resume(actor=people["clerk"].user, flag=flag, on=TODAY, checklist=CHECKLIST)
    assert handled.value.code == "resumption.handled"


def test_a_second_flag_of_a_resumed_case_cannot_resume_it_again(round_termination, lead, people):
    """Two officers, two open flags of one case: the first resumes it; the second — who saw their
    flag open before the first committed — is refused once the case lock is theirs, and nothing
    is written (one 执恢 case, one 恢复执行 node)."""
    original = round_termination()
    first, second = lead(original), lead(original)
    clerk = people["clerk"].user
    new = after.resume(actor=clerk, flag=first, on=TODAY, checklist=CHECKLIST)
    ResumptionFlag.objects.filter(pk=second.pk).update(status="open", resumed_case=None)
    before = (EnforcementCase.objects.count(), NodeEvent.objects.count())
    with pytest.raises(DomainError) as again:
        after.resume(actor=people["officer"].user, flag=second, on=TODAY, checklist=CHECKLIST)
    assert (
        again.value.code == "resumption.already_resumed" and new.case_number in again.value.message
    )
    assert (EnforcementCase.objects.count(), NodeEvent.objects.count()) == before
    assert EnforcementCase.objects.filter(previous_case=original).count() == 1
