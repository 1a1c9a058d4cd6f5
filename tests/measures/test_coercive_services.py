"""Coercive-measure services on the database: 民事诉讼法 第118条 limits, 第119条 院长 approval and
one reconsideration by the next-higher court (民诉法解释 第185条、第186条)."""

from datetime import date
from decimal import Decimal

import pytest

from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from zhixing.cases.models import CaseNumberSequence, NodeEvent
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role
from zhixing.measures.models import CoerciveMeasure, CoerciveReconsideration
from zhixing.measures.services import coercive as services
from zhixing.organization.models import StaffRole

pytestmark = pytest.mark.django_db
D = Decimal
PROPOSED, APPROVED, SERVED = date(2026, 10, 9), date(2026, 10, 12), date(2026, 10, 12)


@pytest.fixture
def case(file_case):  # noqa: F811
    return file_case(docket_on=date(2026, 9, 22))


@pytest.fixture
def upper(tree, make_staff):
    """A judge of 京03, the next-higher court of 朝阳 (京0105)."""
    return make_staff(tree.bj3, "bj3_judge", roles=[Role.JUDGE], unit_kind="review", name="高复议")


def propose(actor, case, **kw):
    values = dict(
        measure="fine",
        subject="individual",
        person_name="王被执",
        id_number="11010519491231002X",
        amount="50000",
        conduct="report_refused",
        facts="被执行人收到报告财产令后拒不报告财产情况",
        proposed_on=PROPOSED,
    )
    values.update(kw)
    return services.coercive_propose(actor=actor, case=case, **values)


def approved(people, case, **kw):  # noqa: F811
    row = propose(people["officer"].user, case, **kw)
    return services.coercive_approve(actor=people["president"].user, measure=row, on=APPROVED)


def audits(action):
    return AuditRecord.objects.filter(action=f"measures.{action}").count()


# --- proposal: 第118条 limits --------------------------------------------------------------


def test_propose_writes_the_measure_and_its_audit_but_no_node(people, case):  # noqa: F811
    row = propose(people["officer"].user, case)
    assert row.status == CoerciveMeasure.Status.PROPOSED
    assert row.amount == D("50000.00") and row.days is None
    assert row.conduct_article == "民事诉讼法 第252条"
    assert row.proposed_by == people["officer"].user
    assert audits("coercive_propose") == 1
    assert not NodeEvent.objects.filter(code="coercive_decided").exists()


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        (dict(amount="100000.01"), "fine.individual_max"),
        (
            dict(
                subject="unit",
                person_name="北京某公司",
                credit_code="91350100M000100Y43",
                responsible_person="赵经理",
                amount="49999.99",
            ),
            "fine.unit_range",
        ),
        (dict(measure="detention", amount=None, days=16), "detention.max"),
        (dict(measure="detention", amount=None, days=None), "detention.days"),
    ],
)
def test_limits_refused_and_nothing_written(people, case, kw, code):  # noqa: F811
    with pytest.raises(DomainError) as error:
        propose(people["officer"].user, case, **kw)
    assert error.value.code == code
    assert error.value.source == "民事诉讼法 第118条"
    assert not CoerciveMeasure.objects.exists()
    assert audits("coercive_propose") == 0


def test_unit_fine_inside_the_range_and_needs_its_responsible_person(people, case):  # noqa: F811
    unit = dict(
        subject="unit",
        person_name="北京某银行朝阳支行",
        credit_code="91350100M000100Y43",
        amount="50000",
        conduct="assistance_refused",
    )
    with pytest.raises(InputError) as error:
        propose(people["officer"].user, case, **unit)
    assert error.value.field == "responsible_person"
    row = propose(people["officer"].user, case, responsible_person="赵行长", **unit)
    assert row.credit_code == "91350100M000100Y43" and row.id_number == ""


def test_conduct_must_fit_the_measure_and_other_needs_an_article(people, case):  # noqa: F811
    with pytest.raises(InputError) as error:
        propose(people["officer"].user, case, measure="summons", amount=None)
    assert error.value.code == "conduct.measure"
    with pytest.raises(InputError) as error:
        propose(people["officer"].user, case, conduct="other")
    assert error.value.field == "conduct_article"
    row = propose(
        people["officer"].user,
        case,
        conduct="other",
        conduct_article="民事诉讼法 第114条第1款第1项",
    )
    assert row.conduct_article == "民事诉讼法 第114条第1款第1项"


def test_bad_id_number_refused(people, case):  # noqa: F811
    with pytest.raises(InputError) as error:
        propose(people["officer"].user, case, id_number="110105194912310021")
    assert error.value.field == "id_number"


def test_propose_needs_an_officer_or_judge_of_the_court(people, case, tree, make_staff):  # noqa: F811
    with pytest.raises(AccessDenied) as error:
        propose(people["clerk"].user, case)
    assert error.value.code == "coercive.role"
    other = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    with pytest.raises(NotFound):
        propose(other.user, case)
    assert not CoerciveMeasure.objects.exists()


def test_propose_on_a_case_not_docketed_refused(people, file_case):  # noqa: F811
    received = file_case()
    with pytest.raises(DomainError) as error:
        propose(people["officer"].user, received)
    assert error.value.code == "coercive.case_not_open"


# --- approval: 第119条 ---------------------------------------------------------------------


def test_president_approves_number_allocated_and_node_recorded(people, case):  # noqa: F811
    row = propose(people["officer"].user, case)
    president = people["president"].user
    row = services.coercive_approve(actor=president, measure=row, on=APPROVED, note="同意")
    assert row.status == CoerciveMeasure.Status.APPROVED
    assert row.document_number == "（2026）京0105司惩1号"
    assert (row.number_year, row.number_serial) == (2026, 1)
    assert row.decided_by == president and row.decided_on == APPROVED
    node = NodeEvent.objects.get(case=case, code="coercive_decided")
    assert node.actor == president and node.occurred_on == APPROVED
    assert node.data["measure"] == "罚款" and node.data["document_number"] == row.document_number
    assert audits("coercive_approve") == 1
    second = approved(people, case, measure="detention", amount=None, days=5)
    assert second.document_number == "（2026）京0105司惩2号"
    assert CaseNumberSequence.objects.get(court=case.court, type_code="司惩", year=2026).last == 2


def test_summons_is_approved_without_a_decision_number(people, case):  # noqa: F811
    row = approved(people, case, measure="summons", amount=None, conduct="summons_refused")
    assert row.status == CoerciveMeasure.Status.APPROVED and row.document_number is None
    assert NodeEvent.objects.filter(case=case, code="coercive_decided").count() == 1


def test_officer_approving_refused_and_nothing_changed(people, case):  # noqa: F811
    row = propose(people["officer"].user, case)
    for who in ("officer2", "chief"):
        with pytest.raises(AccessDenied) as error:
            services.coercive_approve(actor=people[who].user, measure=row, on=APPROVED)
        assert error.value.code == "coercive.approval"
        assert error.value.source == "民事诉讼法 第119条"
    row.refresh_from_db()
    assert row.status == CoerciveMeasure.Status.PROPOSED and row.document_number is None
    assert not NodeEvent.objects.filter(code="coercive_decided").exists()
    assert not CaseNumberSequence.objects.filter(type_code="司惩").exists()
    assert audits("coercive_approve") == 0


def test_other_courts_presidents_refused(people, case, tree, make_staff):  # noqa: F811
    row = propose(people["officer"].user, case)
    haidian = make_staff(tree.haidian, "hd_president", roles=[Role.PRESIDENT], unit_kind=None)
    with pytest.raises(NotFound):
        services.coercive_approve(actor=haidian.user, measure=row, on=APPROVED)
    upper = make_staff(tree.bj3, "bj3_president", roles=[Role.PRESIDENT], unit_kind=None)
    with pytest.raises(AccessDenied) as error:
        services.coercive_approve(actor=upper.user, measure=row, on=APPROVED)
    assert error.value.code == "coercive.other_court"
    row.refresh_from_db()
    assert row.status == CoerciveMeasure.Status.PROPOSED


def test_proposer_cannot_approve_own_proposal(people, case):  # noqa: F811
    """The placement rules keep 院长 out of the implementation units; a row that still holds both
    roles (imported data) is caught by the service: an approval is a second person's act."""
    both = people["president"]
    StaffRole.objects.create(staff=both, role=Role.JUDGE.value)
    row = propose(both.user, case)
    with pytest.raises(DomainError) as error:
        services.coercive_approve(actor=both.user, measure=row, on=APPROVED)
    assert error.value.code == "coercive.same_person"
    row.refresh_from_db()
    assert row.status == CoerciveMeasure.Status.PROPOSED


def test_refusal_by_the_president_records_reason_and_no_node(people, case):  # noqa: F811
    row = propose(people["officer"].user, case)
    president = people["president"].user
    with pytest.raises(InputError):
        services.coercive_refuse(actor=president, measure=row, reason=" ", on=APPROVED)
    row = services.coercive_refuse(actor=president, measure=row, reason="情节轻微", on=APPROVED)
    assert row.status == CoerciveMeasure.Status.REFUSED and row.decision_note == "情节轻微"
    assert not NodeEvent.objects.filter(code="coercive_decided").exists()
    assert audits("coercive_refuse") == 1
    with pytest.raises(DomainError) as error:
        services.coercive_approve(actor=president, measure=row, on=APPROVED)
    assert error.value.code == "coercive.already_decided"


# --- service, execution, reconsideration ---------------------------------------------------


def apply(actor, row, on=date(2026, 10, 14), reason="罚款过重"):
    return services.reconsideration_apply(actor=actor, measure=row, applied_on=on, reason=reason)


def test_reconsideration_goes_to_the_upper_court_once(people, case, tree):  # noqa: F811
    row = approved(people, case)
    services.coercive_execute(actor=people["officer"].user, measure=row, served_on=SERVED)
    recon = apply(people["clerk"].user, row)
    assert recon.court == tree.bj3 and recon.outcome == ""
    assert audits("coercive_reconsideration_apply") == 1
    with pytest.raises(DomainError) as error:
        apply(people["clerk"].user, row)
    assert error.value.code == "reconsideration.once"
    assert CoerciveReconsideration.objects.count() == 1


def test_reconsideration_late_after_three_days_of_service(people, case):  # noqa: F811
    row = approved(people, case)
    row = services.coercive_execute(actor=people["officer"].user, measure=row, served_on=SERVED)
    assert services.reconsideration_due(row) == date(2026, 10, 15)
    with pytest.raises(DomainError) as error:
        apply(people["clerk"].user, row, on=date(2026, 10, 16))
    assert error.value.code == "reconsideration.late"
    assert error.value.source == "民诉法解释 第185条"
    assert not CoerciveReconsideration.objects.exists()


def test_summons_and_unapproved_measures_cannot_be_reconsidered(people, case):  # noqa: F811
    summons = approved(people, case, measure="summons", amount=None, conduct="summons_refused")
    with pytest.raises(DomainError) as error:
        apply(people["clerk"].user, summons)
    assert error.value.code == "reconsideration.summons"
    proposed = propose(people["officer"].user, case)
    with pytest.raises(DomainError) as error:
        apply(people["clerk"].user, proposed)
    assert error.value.code == "reconsideration.no_decision"


def test_reconsideration_by_the_same_court_refused(people, case, upper):  # noqa: F811
    row = approved(people, case)
    recon = apply(people["clerk"].user, row)
    for who in ("judge", "president"):
        with pytest.raises(AccessDenied) as error:
            services.reconsideration_decide(
                actor=people[who].user, reconsideration=recon, outcome="revoked", note="不当"
            )
        assert error.value.code == "reconsideration.not_upper_court"
    recon.refresh_from_db()
    assert recon.outcome == "" and recon.document_number is None
    assert not NodeEvent.objects.filter(code="coercive_reconsidered").exists()


def test_upper_court_changes_the_fine_within_the_limits(people, case, upper):  # noqa: F811
    row = approved(people, case)
    recon = apply(people["clerk"].user, row)
    decide = services.reconsideration_decide
    with pytest.raises(DomainError) as error:
        decide(
            actor=upper.user,
            reconsideration=recon,
            outcome="changed",
            amount="100000.01",
            note="x",
            on=date(2026, 10, 16),
        )
    assert error.value.code == "fine.individual_max"
    with pytest.raises(DomainError) as error:
        decide(
            actor=upper.user,
            reconsideration=recon,
            outcome="changed",
            amount="50000",
            note="x",
            on=date(2026, 10, 16),
        )
    assert error.value.code == "outcome.unchanged"
    assert not NodeEvent.objects.filter(code="coercive_reconsidered").exists()
    recon = decide(
        actor=upper.user,
        reconsideration=recon,
        outcome="changed",
        amount="30000",
        note="被执行人已部分报告财产，酌情减为三万元",
        on=date(2026, 10, 16),
    )
    assert recon.outcome == "changed" and recon.amount == D("30000.00")
    assert recon.document_number == "（2026）京03司惩复1号"
    node = NodeEvent.objects.get(case=case, code="coercive_reconsidered")
    assert node.actor == upper.user and node.data["outcome"] == "变更"
    assert audits("coercive_reconsideration_decide") == 1
    with pytest.raises(DomainError) as error:
        decide(actor=upper.user, reconsideration=recon, outcome="upheld", note="x")
    assert error.value.code == "reconsideration.already_decided"


def test_reconsideration_does_not_stay_the_measure_but_revoking_does(people, case, upper):  # noqa: F811
    row = approved(people, case, measure="detention", amount=None, days=10)
    recon = apply(people["clerk"].user, row)
    row = services.coercive_execute(
        actor=people["officer"].user, measure=row, executed_on=date(2026, 10, 14)
    )
    assert row.executed_on == date(2026, 10, 14)  # pending reconsideration: carried out anyway
    assert row.detention_ends_on == date(2026, 10, 23)
    services.reconsideration_decide(
        actor=upper.user,
        reconsideration=recon,
        outcome="revoked",
        note="不当",
        on=date(2026, 10, 16),
    )
    with pytest.raises(DomainError) as error:
        services.coercive_execute(actor=people["officer"].user, measure=row, served_on=SERVED)
    assert error.value.code == "coercive.revoked"


def test_execution_needs_approval(people, case):  # noqa: F811
    row = propose(people["officer"].user, case)
    with pytest.raises(DomainError) as error:
        services.coercive_execute(actor=people["officer"].user, measure=row, served_on=SERVED)
    assert error.value.code == "coercive.not_approved"
