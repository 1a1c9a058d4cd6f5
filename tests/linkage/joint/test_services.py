"""Joint-linkage services on the database: each refusal changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.cases.conftest import CHECKLIST, parties
from tests.linkage.conftest import DOCKETED
from zhixing.cases import services as case_services
from zhixing.core.audit import AuditRecord
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.linkage.joint import selectors, services
from zhixing.linkage.models import (
    Decision,
    DecisionProgress,
    JointConference,
    Minutes,
    SpecialEntityFlag,
    SupervisionListing,
)

from .conftest import HELD

pytestmark = pytest.mark.django_db
MODELS = (
    JointConference,
    Minutes,
    Decision,
    DecisionProgress,
    SupervisionListing,
    SpecialEntityFlag,
)


def snapshot():
    """Every row joint linkage writes, and the audit chain: a refusal must leave all unchanged."""
    state = {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}
    state["audit"] = AuditRecord.objects.count()
    return state


def refused(call, error=DomainError, code=None):
    before = snapshot()
    with pytest.raises(error) as caught:
        call()
    assert snapshot() == before
    if code:
        assert caught.value.code == code
    assert caught.value.message  # a Chinese message for a person
    return caught.value


# --- conferences, decisions, progress ----------------------------------------------------------


def test_convene_records_departments_and_audit(conference, deps):
    assert set(conference.departments.all()) == set(deps[:2])
    assert AuditRecord.objects.filter(action="linkage.conference_convene").count() == 1


def test_convene_refusals(people, deps, tree):
    officer = people["officer"]
    refused(
        lambda: services.conference_convene(
            actor=officer.user, court=officer.court, title="会", held_on=HELD, departments=deps
        ),
        AccessDenied,
        "conference.role",
    )
    chief = people["chief"]
    refused(
        lambda: services.conference_convene(
            actor=chief.user, court=chief.court, title="会", held_on=HELD, departments=[]
        ),
        InputError,
        "conference.no_departments",
    )
    refused(
        lambda: services.conference_convene(
            actor=chief.user, court=chief.court, title="  ", held_on=HELD, departments=deps
        ),
        InputError,
        "conference.required",
    )


def test_minutes_once_and_not_before_meeting(people, conference):
    chief = people["chief"].user
    refused(
        lambda: services.minutes_record(
            actor=chief, conference=conference, text="纪要", recorded_on=HELD - timedelta(days=1)
        ),
        InputError,
        "conference.date_order",
    )
    services.minutes_record(actor=chief, conference=conference, text="纪要一", recorded_on=HELD)
    refused(
        lambda: services.minutes_record(
            actor=chief, conference=conference, text="纪要二", recorded_on=HELD
        ),
        DomainError,
        "minutes.exists",
    )


def test_decision_deadline_and_department(people, conference, deps):
    chief = people["chief"].user
    error = refused(
        lambda: services.decision_assign(
            actor=chief, conference=conference, department=deps[0], task="任务", due_on=HELD
        ),
        InputError,
        "decision.due_before_meeting",
    )
    assert error.field == "due_on" and "法发〔2009〕43号" in error.source
    refused(
        lambda: services.decision_assign(
            actor=chief,
            conference=conference,
            department=deps[2],  # did not attend
            task="任务",
            due_on=HELD + timedelta(days=5),
        ),
        InputError,
        "decision.department_absent",
    )


def test_progress_by_department_account_completes(decision, deps, django_user_model):
    account = django_user_model.objects.create_user("dept_account", password="x")
    department = deps[0]
    department.system_user = account
    department.save()
    decision.department.refresh_from_db()
    services.progress_report(
        actor=account, decision=decision, reported_on=HELD + timedelta(days=3), text="已约谈"
    )
    decision.refresh_from_db()
    assert decision.status == Decision.Status.OPEN
    services.progress_report(
        actor=account,
        decision=decision,
        reported_on=HELD + timedelta(days=9),
        text="已履行完毕",
        completes=True,
    )
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DONE
    assert decision.done_on == HELD + timedelta(days=9)
    refused(
        lambda: services.progress_report(
            actor=account, decision=decision, reported_on=HELD + timedelta(days=10), text="再报"
        ),
        DomainError,
        "progress.decision_done",
    )


def test_progress_refused_for_others(decision, people, upper, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", password="x")
    refused(
        lambda: services.progress_report(
            actor=stranger, decision=decision, reported_on=HELD, text="x"
        ),
        NotFound,
    )
    refused(
        lambda: services.progress_report(
            actor=people["officer"].user, decision=decision, reported_on=HELD, text="x"
        ),
        AccessDenied,
        "progress.role",
    )
    refused(
        lambda: services.progress_report(
            actor=people["clerk"].user,
            decision=decision,
            reported_on=HELD - timedelta(days=1),
            text="x",
        ),
        InputError,
        "progress.before_meeting",
    )


def test_overdue_is_a_query(people, conference, deps):
    chief = people["chief"].user
    late = services.decision_assign(
        actor=chief,
        conference=conference,
        department=deps[1],
        task="迟",
        due_on=HELD + timedelta(days=1),
    )
    later = services.decision_assign(
        actor=chief,
        conference=conference,
        department=deps[0],
        task="未到期",
        due_on=HELD + timedelta(days=60),
    )
    today = HELD + timedelta(days=10)
    assert list(selectors.overdue_decisions(actor=chief, today=today)) == [late]
    assert [d.pk for d in selectors.decision_list(actor=chief, today=today)] == [late.pk, later.pk]


# --- supervision listings ----------------------------------------------------------------------


@pytest.fixture
def case(file_case):
    return file_case(docket_on=DOCKETED)


def due():
    return timezone.localdate() + timedelta(days=30)


def test_listing_by_upper_court_report_conclude(case, upper, people):
    listing = services.supervision_list(
        actor=upper["bj3_chief"].user, case=case, reason="重大执行积案", due_on=due()
    )
    assert listing.court_id == case.court_id
    assert listing.listed_by_court_id == upper["bj3_chief"].court_id
    refused(
        lambda: services.supervision_conclude(
            actor=upper["bj3_chief"].user, listing=listing, on=timezone.localdate()
        ),
        DomainError,
        "supervision.not_reported",
    )
    services.supervision_report(
        actor=people["officer"].user, listing=listing, report="已执行到位", on=timezone.localdate()
    )
    listing.refresh_from_db()
    assert listing.status == SupervisionListing.Status.REPORTED
    # Only the listing court concludes: not the case's own court, not the high court above.
    refused(
        lambda: services.supervision_conclude(
            actor=people["chief"].user, listing=listing, on=timezone.localdate()
        ),
        AccessDenied,
        "supervision.other_court",
    )
    services.supervision_conclude(
        actor=upper["bj3_judge"].user, listing=listing, on=timezone.localdate()
    )
    listing.refresh_from_db()
    assert listing.status == SupervisionListing.Status.CONCLUDED


@pytest.mark.parametrize(
    ("who", "error", "code"),
    [
        (
            "own_chief",
            AccessDenied,
            "supervision.not_upper_court",
        ),  # a court cannot list its own case
        ("bj1_chief", NotFound, None),  # a court beside it does not even see the case
        ("bj3_officer", AccessDenied, "supervision.role"),  # an officer of the upper court
    ],
)
def test_listing_refused_outside_strict_ancestors(case, upper, people, who, error, code):
    actor = people["chief"].user if who == "own_chief" else upper[who].user
    refused(
        lambda: services.supervision_list(actor=actor, case=case, reason="督办", due_on=due()),
        error,
        code,
    )


def test_listing_by_high_court_and_only_one_open(case, upper):
    president = upper["high_president"].user
    services.supervision_list(actor=president, case=case, reason="督办", due_on=due())
    refused(
        lambda: services.supervision_list(
            actor=upper["bj3_chief"].user, case=case, reason="再督办", due_on=due()
        ),
        DomainError,
        "supervision.already_listed",
    )


def test_listing_deadline_must_follow(case, upper):
    error = refused(
        lambda: services.supervision_list(
            actor=upper["bj3_chief"].user, case=case, reason="督办", due_on=timezone.localdate()
        ),
        InputError,
        "supervision.due_before_listing",
    )
    assert error.field == "due_on"


def test_report_refused_to_upper_court(case, upper):
    listing = services.supervision_list(
        actor=upper["bj3_chief"].user, case=case, reason="督办", due_on=due()
    )
    refused(
        lambda: services.supervision_report(
            actor=upper["bj3_chief"].user, listing=listing, report="x", on=timezone.localdate()
        ),
        AccessDenied,
    )


# --- special entities --------------------------------------------------------------------------


def _code(prefix):
    from zhixing.core.rules.identity import credit_check_char

    head = (prefix + "110105MB0000000")[:17]
    return head + credit_check_char(head)


def test_docketing_flags_a_government_respondent(file_case, people):
    received = file_case(
        parties=parties(
            kind="legal_entity",
            name="北京市某区人民政府",
            id_number="",
            credit_code=_code("11"),
            legal_representative="区长",
        )
    )
    assert not SpecialEntityFlag.objects.exists()  # recognised at docketing, not at receipt
    case = case_services.case_docket(
        actor=people["clerk"].user,
        case=received,
        on=DOCKETED,
        checklist=CHECKLIST,
    )
    flag = SpecialEntityFlag.objects.get(case=case)
    assert flag.kind == "government" and flag.automatic
    assert flag.party.name == "北京市某区人民政府"
    assert "11" in flag.basis and "GB 32100-2015" in flag.basis
    assert AuditRecord.objects.filter(action="linkage.special_entity_flag_auto").count() == 1


def test_docketing_leaves_a_private_company_unflagged(file_case):
    file_case(
        docket_on=DOCKETED,
        parties=parties(
            kind="legal_entity",
            name="北京某科技有限公司",
            id_number="",
            credit_code=_code("91"),
            legal_representative="张总",
        ),
    )
    assert not SpecialEntityFlag.objects.exists()


def _docket_a_government_respondent(file_case, people):
    received = file_case(
        parties=parties(
            kind="legal_entity",
            name="北京市朝阳区财政局",
            id_number="",
            credit_code="",
            legal_representative="局长",
        )
    )
    return case_services.case_docket(
        actor=people["clerk"].user, case=received, on=DOCKETED, checklist=CHECKLIST
    )


def test_a_failing_recognition_never_stops_docketing(file_case, people, monkeypatch, caplog):
    """The rule raises: the case is still docketed, nothing is flagged, the failure is logged and
    recorded in the audit chain (法发〔2009〕43号 二(一); docketing is not the flag's to refuse)."""

    def broken(*args, **kwargs):
        raise RuntimeError("规则出错")

    monkeypatch.setattr(services.rules, "special_entity_kind", broken)
    case = _docket_a_government_respondent(file_case, people)
    case.refresh_from_db()
    assert case.status == case.Status.DOCKETED
    assert not SpecialEntityFlag.objects.exists()
    failed = AuditRecord.objects.get(action="linkage.special_entity_flag_failed")
    assert failed.object_id == str(case.pk) and "规则出错" in str(failed.after)
    assert "特殊主体自动识别失败" in caplog.text


def test_a_database_error_in_flagging_rolls_back_only_the_flags(file_case, people, monkeypatch):
    """A flag written, then a database error: the savepoint drops the flag and its audit record,
    the docketing transaction goes on and commits."""
    from django.db import IntegrityError

    real = services.audit_record

    def audit_then_fail(**kwargs):
        real(**kwargs)
        if kwargs["action"] == "linkage.special_entity_flag_auto":
            raise IntegrityError("模拟数据库错误")

    monkeypatch.setattr(services, "audit_record", audit_then_fail)
    case = _docket_a_government_respondent(file_case, people)
    case.refresh_from_db()
    assert case.status == case.Status.DOCKETED
    assert not SpecialEntityFlag.objects.exists()
    assert not AuditRecord.objects.filter(action="linkage.special_entity_flag_auto").exists()
    assert AuditRecord.objects.filter(action="linkage.special_entity_flag_failed").count() == 1


def test_docketing_flags_an_organ_by_its_name(file_case, people):
    case = _docket_a_government_respondent(file_case, people)
    flag = SpecialEntityFlag.objects.get(case=case)
    assert flag.kind == "government" and "财政局" in flag.basis


def test_flag_by_hand_and_unflag(case, people):
    company = case.parties.get(role="applicant")  # an applicant cannot be flagged
    officer = people["officer"].user
    refused(
        lambda: services.special_entity_flag(
            actor=officer, case=case, party=company, kind="state_owned", basis="市属国企"
        ),
        InputError,
        "special_entity.not_respondent",
    )
    respondent = case.parties.get(role="respondent")
    refused(  # 王被执 is a person
        lambda: services.special_entity_flag(
            actor=officer, case=case, party=respondent, kind="state_owned", basis="x"
        ),
        InputError,
        "special_entity.person",
    )
    respondent.kind = "legal_entity"
    respondent.save()
    flag = services.special_entity_flag(
        actor=officer, case=case, party=respondent, kind="state_owned", basis="市国资委出资企业"
    )
    assert not flag.automatic
    refused(
        lambda: services.special_entity_unflag(actor=officer, flag=flag, reason=""),
        InputError,
        "special_entity.required",
    )
    services.special_entity_unflag(actor=officer, flag=flag, reason="已改制为民营企业")
    assert not SpecialEntityFlag.objects.exists()
    record = AuditRecord.objects.filter(action="linkage.special_entity_unflag").get()
    assert "已改制为民营企业" in str(record.after)
