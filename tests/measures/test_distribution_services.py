"""参与分配 services on the database: three creditors against a citizen debtor (pro rata) and against
a legal-person debtor (seizure order), eligibility and windows refused with nothing changed, the
audit records and node events, scope and roles."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.cases.conftest import file_case, parties, people  # noqa: F401 (fixtures)
from zhixing.cases.models import NodeEvent
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role
from zhixing.measures.models import (
    CounterObjection,
    Distribution,
    DistributionClaim,
    DistributionObjection,
    DistributionPlan,
    PlanLine,
)
from zhixing.measures.selectors import distribution as selectors
from zhixing.measures.services import distribution as services

pytestmark = pytest.mark.django_db
D = Decimal
S = Distribution.Status
SERVED = date(2026, 11, 2)  # objection window runs to 11-17


@pytest.fixture
def officer(people):  # noqa: F811
    return people["officer"].user


@pytest.fixture
def case(file_case):  # noqa: F811
    return file_case(docket_on=date(2026, 9, 22))


@pytest.fixture
def company_case(file_case):  # noqa: F811
    return file_case(
        docket_on=date(2026, 9, 22),
        parties=parties(
            kind="legal_entity",
            name="北京某科技有限公司",
            id_number="",
            credit_code="91110000600037341L",
            legal_representative="赵总",
        ),
    )


def respondent(case):
    return case.parties.get(role="respondent")


def open_(officer, case, amount="1000000.00"):
    return services.distribution_open(
        actor=officer,
        case=case,
        debtor=respondent(case),
        amount=amount,
        property_description="朝阳区某房屋拍卖价款",
        opened_on=date(2026, 10, 12),
    )


def add(officer, row, creditor, kind, amount, **kw):
    kw.setdefault("filed_on", date(2026, 10, 15))
    if kind == "ordinary":
        kw.setdefault("title_number", f"（2026）京0105民初{len(creditor)}号")
    return services.claim_add(
        actor=officer, distribution=row, creditor=creditor, kind=kind, amount=amount, **kw
    )


def three_creditors(officer, row, legal_person=False):
    """Costs 20,000; a mortgagee 500,000 (2024-03-01); 甲 400,000 sealed 10-10; 乙 200,000 sealed
    10-02 (earlier)."""
    seized = (
        {
            "甲": {"controlled_at": datetime(2026, 10, 10, 9, tzinfo=UTC)},
            "乙": {"controlled_at": datetime(2026, 10, 2, 9, tzinfo=UTC)},
        }
        if legal_person
        else {"甲": {}, "乙": {}}
    )
    return {
        "cost": add(officer, row, "本院（评估拍卖费用）", "cost", "20000.00"),
        "bank": add(
            officer, row, "某银行（抵押权人）", "priority", "500000.00", created_on=date(2024, 3, 1)
        ),
        "甲": add(officer, row, "甲", "ordinary", "400000.00", **seized["甲"]),
        "乙": add(officer, row, "乙", "ordinary", "200000.00", **seized["乙"]),
    }


def lines_of(plan):
    return {line.claim.creditor: line for line in plan.lines.select_related("claim")}


def served(officer, case, legal_person=False):
    row = open_(officer, case)
    claims = three_creditors(officer, row, legal_person)
    plan = services.plan_serve(actor=officer, distribution=row, served_on=SERVED)
    return row, claims, plan


def snapshot():
    return (
        Distribution.objects.values_list("status", "version").first(),
        DistributionClaim.objects.count(),
        DistributionPlan.objects.count(),
        DistributionObjection.objects.count(),
        CounterObjection.objects.count(),
        NodeEvent.objects.count(),
        AuditRecord.objects.count(),
    )


# --- the three-creditor plans --------------------------------------------------------------


def test_citizen_debtor_costs_then_mortgagee_then_ordinary_pro_rata(officer, case):
    row, claims, plan = served(officer, case)
    lines = lines_of(plan)
    assert {name: line.share for name, line in lines.items()} == {
        "本院（评估拍卖费用）": D("20000.00"),
        "某银行（抵押权人）": D("500000.00"),
        "甲": D("320000.00"),
        "乙": D("160000.00"),
    }
    assert lines["甲"].rule == "pro_rata" and lines["甲"].rank == lines["乙"].rank == 3
    assert lines["甲"].unpaid == D("80000.00")
    row.refresh_from_db()
    assert row.status == S.SERVED and row.version == 1 and plan.served_on == SERVED
    event = NodeEvent.objects.get(case=case, code="distribution_plan_made")
    assert event.occurred_on == SERVED and event.data["plan"] == 1
    assert ["甲", "320000.00"] in event.data["lines"]
    assert AuditRecord.objects.filter(
        action="measures.distribution_plan_serve", object_id=plan.pk
    ).exists()


def test_legal_person_debtor_ordinary_claims_in_seizure_order(officer, company_case):
    row, _, plan = served(officer, company_case, legal_person=True)
    assert row.debtor_kind == "legal_person"
    lines = lines_of(plan)
    assert lines["乙"].share == D("200000.00")  # sealed first, paid in full
    assert lines["甲"].share == D("280000.00")
    assert lines["乙"].rank == 3 and lines["甲"].rank == 4
    assert lines["甲"].rule == "seizure_order"
    assert [line.claim.creditor for line in plan.lines.order_by("position")] == [
        "本院（评估拍卖费用）",
        "某银行（抵押权人）",
        "乙",
        "甲",
    ]


def test_served_plan_stays_fixed_and_a_new_claim_withdraws_it(officer, case):
    row, _, plan = served(officer, case)
    add(officer, row, "丙", "ordinary", "100000.00", filed_on=date(2026, 11, 3))
    row.refresh_from_db()
    assert row.status == S.DRAFTING and row.version == 1
    assert lines_of(plan)["甲"].share == D("320000.00")  # what was served is unchanged
    second = services.plan_serve(actor=officer, distribution=row, served_on=date(2026, 11, 4))
    assert second.version == 2
    assert lines_of(second)["甲"].share == D("274285.71")
    assert sum(line.share for line in second.lines.all()) == D("1000000.00")
    assert NodeEvent.objects.filter(case=case, code="distribution_plan_made").count() == 2


def test_refused_claim_is_left_out_of_the_next_plan(officer, case):
    row, claims, _ = served(officer, case)
    services.claim_refuse(actor=officer, claim=claims["乙"], reason="执行依据已被撤销")
    claims["乙"].refresh_from_db()
    assert not claims["乙"].accepted and claims["乙"].refusal_reason == "执行依据已被撤销"
    plan = services.plan_serve(actor=officer, distribution=row, served_on=date(2026, 11, 3))
    assert "乙" not in lines_of(plan)
    assert lines_of(plan)["甲"].share == D("400000.00")


# --- eligibility refused, nothing changed --------------------------------------------------


@pytest.mark.parametrize(
    "kind, kw, code, source",
    [
        ("ordinary", {"title_number": ""}, "distribution.title_required", "第506条第1款"),
        ("ordinary", {"filed_on": date(2026, 9, 21)}, "distribution.before_start", "第507条"),
        ("priority", {}, "distribution.created_on_required", "第55条"),
    ],
)
def test_ineligible_application_refused_with_its_article(officer, case, kind, kw, code, source):
    row = open_(officer, case)
    before = snapshot()
    with pytest.raises(DomainError) as error:
        add(officer, row, "丁", kind, "1000.00", **kw)
    assert error.value.code == code and source in error.value.source
    assert snapshot() == before


def test_legal_person_debtor_refuses_an_ordinary_creditor_without_a_seizure(officer, company_case):
    row = open_(officer, company_case)
    before = snapshot()
    with pytest.raises(DomainError) as error:
        add(officer, row, "丁", "ordinary", "1000.00")
    assert error.value.code == "distribution.legal_person_debtor"
    assert "不适用参与分配" in error.value.message and "第514条" in error.value.source
    assert snapshot() == before


def test_no_application_after_the_plan_is_final(officer, case):
    row, _, _ = served(officer, case)
    services.distribution_finalize(actor=officer, distribution=row, on=date(2026, 11, 18))
    before = snapshot()
    with pytest.raises(DomainError) as error:
        add(officer, row, "丁", "ordinary", "1000.00", filed_on=date(2026, 11, 19))
    assert error.value.code == "distribution.after_end" and "第507条" in error.value.source
    assert snapshot() == before


def test_opening_needs_a_docketed_case_and_its_respondent(officer, file_case):  # noqa: F811
    received = file_case()
    with pytest.raises(DomainError) as error:
        open_(officer, received)
    assert error.value.code == "distribution.case_not_docketed"
    docketed = file_case(docket_on=date(2026, 9, 22))
    with pytest.raises(InputError) as error:
        services.distribution_open(
            actor=officer,
            case=docketed,
            debtor=docketed.parties.get(role="applicant"),
            amount="100.00",
            property_description="存款",
            opened_on=date(2026, 10, 12),
        )
    assert error.value.code == "distribution.not_respondent"
    assert not Distribution.objects.exists()


# --- objections and windows ----------------------------------------------------------------


def line(plan, name):
    return lines_of(plan)[name]


def object_(
    officer, row, plan, filed_on=date(2026, 11, 5), objector="乙", target="甲", amount="10000.00"
):
    return services.objection_record(
        actor=officer,
        distribution=row,
        target_line=line(plan, target),
        objector_line=line(plan, objector) if objector else None,
        disputed=amount,
        reason="甲的债权中含已清偿部分",
        filed_on=filed_on,
        notified_on=max(filed_on, date(2026, 11, 6)),
    )


def test_objection_after_15_days_is_refused_and_changes_nothing(officer, case):
    row, _, plan = served(officer, case)
    before = snapshot()
    with pytest.raises(DomainError) as error:
        object_(officer, row, plan, filed_on=date(2026, 11, 18))
    assert error.value.code == "distribution.objection_late"
    assert "2026年11月17日" in error.value.message and "第509条" in error.value.source
    assert snapshot() == before
    object_(officer, row, plan, filed_on=date(2026, 11, 17))
    row.refresh_from_db()
    assert row.status == S.OBJECTION


def test_objection_cannot_claim_more_than_the_objector_is_owed(officer, case):
    row, _, plan = served(officer, case)
    with pytest.raises(DomainError) as error:
        object_(officer, row, plan, amount="40000.01")
    assert error.value.code == "distribution.disputed_exceeds_claim"
    assert not DistributionObjection.objects.exists()


def test_no_objection_plan_final_after_the_window(officer, case):
    row, _, plan = served(officer, case)
    with pytest.raises(DomainError) as error:
        services.distribution_finalize(actor=officer, distribution=row, on=date(2026, 11, 17))
    assert error.value.code == "distribution.objection_window_open"
    assert not NodeEvent.objects.filter(code="distribution_plan_final").exists()
    services.distribution_finalize(actor=officer, distribution=row, on=date(2026, 11, 18))
    row.refresh_from_db()
    assert row.status == S.FINAL and row.final_on == date(2026, 11, 18)
    assert {n: (li.pay, li.held) for n, li in lines_of(plan).items()}["甲"] == (
        D("320000.00"),
        D("0.00"),
    )
    event = NodeEvent.objects.get(case=case, code="distribution_plan_final")
    assert event.data["held"] == "0.00"
    assert AuditRecord.objects.filter(action="measures.distribution_finalize").exists()


def test_objection_without_counter_objection_corrects_the_plan(officer, case):
    row, _, plan = served(officer, case)
    objection = object_(officer, row, plan)
    with pytest.raises(DomainError) as error:  # counter-objection window to 11-23
        services.distribution_finalize(actor=officer, distribution=row, on=date(2026, 11, 23))
    assert error.value.code == "distribution.counter_objection_window_open"
    services.distribution_finalize(actor=officer, distribution=row, on=date(2026, 11, 24))
    lines = lines_of(plan)
    assert lines["甲"].pay == D("310000.00") and lines["乙"].pay == D("170000.00")
    objection.refresh_from_db()
    assert objection.resolution == "corrected"


def test_counter_objection_late_is_refused(officer, case):
    row, _, plan = served(officer, case)
    objection = object_(officer, row, plan)
    before = snapshot()
    with pytest.raises(DomainError) as error:
        services.counter_objection_record(
            actor=officer,
            objection=objection,
            by_name="甲",
            filed_on=date(2026, 11, 24),
            notified_on=date(2026, 11, 24),
        )
    assert error.value.code == "distribution.counter_objection_late"
    assert "第510条" in error.value.source
    assert snapshot() == before


def counter(officer, objection):
    return services.counter_objection_record(
        actor=officer,
        objection=objection,
        by_name="甲",
        filed_on=date(2026, 11, 9),
        notified_on=date(2026, 11, 10),
    )


def test_counter_objection_and_no_suit_carries_out_the_original_plan(officer, case):
    row, _, plan = served(officer, case)
    objection = object_(officer, row, plan)
    counter(officer, objection)
    with pytest.raises(DomainError) as error:  # suit window to 11-25
        services.distribution_finalize(actor=officer, distribution=row, on=date(2026, 11, 25))
    assert error.value.code == "distribution.suit_window_open"
    with pytest.raises(DomainError) as error:
        services.suit_record(actor=officer, objection=objection, filed_on=date(2026, 11, 26))
    assert error.value.code == "distribution.suit_late"
    services.distribution_finalize(actor=officer, distribution=row, on=date(2026, 11, 26))
    lines = lines_of(plan)
    assert lines["甲"].pay == D("320000.00") and lines["乙"].pay == D("160000.00")
    objection.refresh_from_db()
    assert objection.resolution == "original"


def test_suit_holds_the_disputed_amount_and_the_judgment_releases_it(officer, case):
    row, _, plan = served(officer, case)
    objection = object_(officer, row, plan)
    counter(officer, objection)
    services.suit_record(actor=officer, objection=objection, filed_on=date(2026, 11, 20))
    done = services.distribution_finalize(actor=officer, distribution=row, on=date(2026, 11, 21))
    assert done.status == S.SUIT_PENDING
    lines = lines_of(plan)
    assert (lines["甲"].pay, lines["甲"].held) == (D("310000.00"), D("10000.00"))
    assert (lines["乙"].pay, lines["乙"].held) == (D("160000.00"), D("0.00"))
    event = NodeEvent.objects.get(case=case, code="distribution_plan_final")
    assert event.data["held"] == "10000.00"
    services.suit_decide(
        actor=officer, objection=objection, awarded="4000.00", decided_on=date(2026, 11, 26)
    )
    lines = lines_of(plan)
    assert (lines["甲"].pay, lines["甲"].held) == (D("316000.00"), D("0.00"))
    assert lines["乙"].pay == D("164000.00")
    row.refresh_from_db()
    assert row.status == S.DONE
    assert sum(li.pay for li in lines.values()) == D("1000000.00")


def test_suit_without_counter_objection_is_refused(officer, case):
    row, _, plan = served(officer, case)
    objection = object_(officer, row, plan)
    with pytest.raises(DomainError) as error:
        services.suit_record(actor=officer, objection=objection, filed_on=date(2026, 11, 10))
    assert error.value.code == "distribution.no_counter"


def test_view_shows_windows_and_what_blocks_finalising(officer, case):
    row, _, plan = served(officer, case)
    object_(officer, row, plan)
    view = selectors.distribution_view(
        actor=officer, distribution=Distribution.objects.get(pk=row.pk), today=date(2026, 11, 20)
    )
    assert view.objection_window.due.due == date(2026, 11, 17)
    assert view.objections[0].counter_window.due.due == date(2026, 11, 23)
    assert not view.may_finalize
    assert [r.code for r in view.settlement.refusals] == [
        "distribution.counter_objection_window_open"
    ]


# --- scope, roles, audit -------------------------------------------------------------------


def test_another_courts_staff_is_refused(officer, case, tree, make_staff):
    row = open_(officer, case)
    haidian = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER]).user
    with pytest.raises(NotFound):
        add(haidian, row, "丁", "cost", "10.00")
    with pytest.raises(NotFound):
        selectors.distribution_get(actor=haidian, pk=row.pk)
    upper = make_staff(tree.bj3, "bj3_officer", roles=[Role.OFFICER]).user
    with pytest.raises(AccessDenied) as error:
        add(upper, row, "丁", "cost", "10.00")
    assert error.value.code == "distribution.other_court"
    assert not DistributionClaim.objects.exists()


def test_clerk_and_chief_may_not_distribute(case, people, officer):  # noqa: F811
    row = open_(officer, case)
    for who in ("clerk", "chief"):
        with pytest.raises(AccessDenied) as error:
            add(people[who].user, row, "丁", "cost", "10.00")
        assert error.value.code == "distribution.role"
    judge = people["judge"].user
    assert add(judge, row, "丁", "cost", "10.00").accepted


def test_each_write_is_audited(officer, case):
    row, claims, plan = served(officer, case)
    actions = set(
        AuditRecord.objects.filter(action__startswith="measures.distribution").values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "measures.distribution_open",
        "measures.distribution_claim_add",
        "measures.distribution_plan_serve",
    }
    assert AuditRecord.objects.filter(
        action="measures.distribution_claim_add", object_id=claims["甲"].pk
    ).exists()


def test_database_refuses_a_second_plan_of_the_same_version(officer, case):
    from django.db import IntegrityError, transaction

    row, _, plan = served(officer, case)
    with pytest.raises(IntegrityError), transaction.atomic():
        DistributionPlan.objects.create(
            distribution=row,
            court_id=row.court_id,
            version=1,
            amount=D("1.00"),
            debtor_kind="citizen",
            served_on=SERVED,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanLine.objects.filter(plan=plan).update(share=D("-1.00"))


def test_claim_links_a_creditor_case_by_number_and_refuses_an_unknown_one(
    officer,
    case,
    file_case,  # noqa: F811
):
    other = file_case(docket_on=date(2026, 9, 23))
    row = open_(officer, case)
    claim = add(
        officer, row, "丙", "ordinary", "1000.00", creditor_case_number=f" {other.case_number} "
    )
    assert claim.creditor_case == other
    with pytest.raises(DomainError) as error:
        add(officer, row, "丙", "ordinary", "1000.00", creditor_case_number=other.case_number)
    assert error.value.code == "distribution.duplicate_claim"
    with pytest.raises(InputError) as error:
        add(officer, row, "丁", "ordinary", "1000.00", creditor_case_number="（2026）京0105执999号")
    assert error.value.code == "distribution.case_unknown"
    assert error.value.field == "creditor_case_number"
    assert DistributionClaim.objects.count() == 1


# --- nothing of another court's cases is revealed -----------------------------------------


def _move_to(case, court):
    """The case as if another court had filed it (only its court changes)."""
    from zhixing.cases.models import EnforcementCase

    EnforcementCase.objects.filter(pk=case.pk).update(court=court)
    case.refresh_from_db()
    return case


def test_another_courts_case_number_is_answered_as_one_no_court_has_used(
    officer,
    case,
    file_case,  # noqa: F811
    tree,
):
    """Typing case numbers tells a Chaoyang officer nothing about Haidian's cases: an existing one
    and an unused one get the same refusal, and the claim is not linked to it."""
    haidian = _move_to(file_case(docket_on=date(2026, 9, 23)), tree.haidian)
    row = open_(officer, case)
    unused = "（2026）京0108执999号"
    errors = []
    for number in (haidian.case_number, unused):
        with pytest.raises(InputError) as error:
            add(officer, row, "丁", "ordinary", "1000.00", creditor_case_number=number)
        errors.append(error.value)
    assert [e.code for e in errors] == ["distribution.case_unknown"] * 2
    assert [e.field for e in errors] == ["creditor_case_number"] * 2
    assert errors[0].message.replace(haidian.case_number, "N") == errors[1].message.replace(
        unused, "N"
    )
    assert "未找到" not in errors[0].message
    assert not DistributionClaim.objects.exists()


def test_a_court_above_links_the_cases_of_its_courts(case, file_case, tree, make_staff):  # noqa: F811
    """The lookup is the actor's scope: 北京三中院 sees 朝阳's cases (and 朝阳 does not see 海淀's)."""
    other = file_case(docket_on=date(2026, 9, 23))
    upper = make_staff(tree.bj3, "bj3_officer", roles=[Role.OFFICER])
    host = _move_to(case, tree.bj3)
    row = open_(upper.user, host)
    claim = add(
        upper.user, row, "丙", "ordinary", "1000.00", creditor_case_number=other.case_number
    )
    assert claim.creditor_case == other


def _control(case, court, took_effect_at):
    from zhixing.measures.models import ControlMeasure

    return ControlMeasure.objects.create(
        case=case,
        court=court,
        party=case.parties.get(role="respondent"),
        kind="seal",
        property_kind="real_estate",
        description="朝阳区某房屋",
        identifier="京(2020)朝阳区不动产权第0001号",
        status="in_effect",
        started_on=date(2026, 10, 1),
        expires_on=date(2029, 9, 30),
        took_effect_at=took_effect_at,
        ruling="（2026）京0105执1号之一",
    )


@pytest.mark.parametrize("elsewhere", [True, False])
def test_not_first_control_names_no_other_court_or_case(
    officer,
    case,
    file_case,  # noqa: F811
    tree,
    elsewhere,
):
    """法释〔2016〕6号 第1条: the court that sealed first hosts. The refusal says so in one neutral
    sentence, whether the earlier seal is another court's or this court's other case."""
    mine = _control(case, tree.chaoyang, datetime(2026, 10, 2, 9, tzinfo=UTC))
    other = file_case(docket_on=date(2026, 9, 23))
    court = tree.haidian if elsewhere else tree.chaoyang
    if elsewhere:
        _move_to(other, court)
    _control(other, court, datetime(2026, 10, 1, 9, tzinfo=UTC))
    before = snapshot()
    with pytest.raises(DomainError) as error:
        services.distribution_open(
            actor=officer,
            case=case,
            debtor=respondent(case),
            amount="1000000.00",
            property_description="朝阳区某房屋拍卖价款",
            opened_on=date(2026, 10, 12),
            control=mine,
        )
    assert error.value.code == "distribution.not_first_control"
    assert error.value.message == (
        "该财产另有更早生效的查封、扣押、冻结措施，本案不是首先查封的案件，"
        "应由首先查封的法院处分并主持分配"
    )
    assert tree.haidian.name not in error.value.message
    assert other.case_number not in error.value.message
    assert snapshot() == before
