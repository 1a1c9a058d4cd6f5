"""Checks the review services make beyond the happy path: one 复议 per objection ruling (民事诉讼法
第236条), an upheld third-party objection holding its item in measures (第238条), the routing of a
执监 against an upper court's ruling, who may decide (a named panel member, the court before
separation), separation read from collegial panels and measure decisions, recusal within the
court, an analysis not closed by a person it names."""

import json
from datetime import date, datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from tests.review.conftest import assign, decided, file
from zhixing.closure.rules.modes import ENDING_MODES, Mode
from zhixing.core.errors import AccessDenied, DomainError, InputError
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role
from zhixing.review.models import Recusal, ResponsibilityAnalysis, ReviewCase
from zhixing.review.services import cases as services
from zhixing.review.services import responsibility

pytestmark = pytest.mark.django_db


def separation_audits():
    return AuditRecord.objects.filter(action="review.separation_refused")


def recon(judges, case, parent, on=date(2026, 10, 20)):
    return services.review_file(
        actor=judges.bj3[0].user,
        case=case,
        kind="reconsideration",
        applicant="王被执",
        subject="不服异议裁定",
        received_on=on,
        parent=parent,
    )


def decide(actor, review, outcome="rejected", on=date(2026, 9, 20)):
    return services.review_decide(
        actor=actor, review=review, outcome=outcome, reasoning="理由", on=on
    )


# --- 1. one reconsideration --------------------------------------------------------------------


def test_a_second_reconsideration_of_the_same_ruling_is_refused(people, judges, case):
    objection = decided(people, judges, case, served=date(2026, 10, 13))
    first = recon(judges, case, objection)
    with pytest.raises(DomainError) as refused:
        recon(judges, case, objection, on=date(2026, 10, 21))
    assert refused.value.code == "reconsideration.repeated"
    assert first.case_number in refused.value.message
    assert refused.value.source == "民事诉讼法 第236条"
    assert ReviewCase.objects.filter(kind="reconsideration").count() == 1


def test_the_database_refuses_a_second_reconsideration_row(people, judges, case):
    objection = decided(people, judges, case, served=date(2026, 10, 13))
    first = recon(judges, case, objection)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewCase.objects.create(
            court=first.court,
            kind="reconsideration",
            type_code=first.type_code,
            year=2026,
            serial=99,
            case_number="（2026）京03执复99号",
            case=case,
            case_court_id=case.court_id,
            parent=objection,
            applicant="x",
            subject="x",
            received_on=date(2026, 10, 21),
        )


def test_the_api_refuses_a_second_reconsideration(people, judges, case):
    objection = decided(people, judges, case, served=date(2026, 10, 13))
    client = Client()
    client.force_login(judges.bj3[0].user)
    body = {
        "kind": "reconsideration",
        "applicant": "王被执",
        "subject": "不服",
        "received_on": "2026-10-20",
        "parent_id": objection.pk,
    }
    url = f"/api/v1/cases/{case.pk}/reviews"
    post = lambda: client.post(url, json.dumps(body), content_type="application/json")  # noqa: E731
    assert post().status_code == 201
    again = post()
    assert again.status_code == 409
    assert again.json()["code"] == "reconsideration.repeated"
    assert again.json()["source"] == "民事诉讼法 第236条"


# --- 2. an upheld third-party objection holds its item -----------------------------------------


@pytest.fixture
def house(case, people):
    from zhixing.measures.models import ControlMeasure

    return ControlMeasure.objects.create(
        case=case,
        court=case.court,
        party=case.parties.filter(role="respondent").first(),
        kind="seal",
        property_kind="real_estate",
        description="朝阳区某房产",
        identifier="京（2026）朝阳区不动产权第0000001号",
        status=ControlMeasure.Status.IN_EFFECT,
        started_on=date(2026, 9, 5),
        expires_on=date(2029, 9, 4),
    )


def objection_on(people, judges, case, measure, outcome):
    review = file(people, case, kind="third_party_objection", item="朝阳区某房产")
    ReviewCase.objects.filter(pk=review.pk).update(control_id=measure.pk)
    review.refresh_from_db()
    assign(people, review, judges.cy)
    return decide(judges.cy[0].user, review, outcome)


def test_an_upheld_third_party_objection_holds_appraisal_auction_and_sale(
    people, judges, case, house
):
    from zhixing.measures.services import disposal

    review = objection_on(people, judges, case, house, "upheld")
    officer = people["officer"].user
    attempts = [
        lambda: disposal.appraisal_order(
            actor=officer, measure=house, decided_on=date(2026, 9, 21)
        ),
        lambda: disposal.auction_announce(
            actor=officer,
            measure=house,
            platform="taobao",
            announced_on=date(2026, 9, 21),
            starts_at=datetime(2026, 10, 22, 10, 0),
            ends_at=datetime(2026, 10, 23, 10, 0),
            start_price="1000000.00",
            deposit="100000.00",
            notified_on=date(2026, 9, 17),
        ),
        lambda: disposal.sale_or_in_kind(
            actor=officer,
            measure=house,
            mode="sale",
            on=date(2026, 9, 21),
            price="900000.00",
            buyer="买受人",
        ),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as refused:
            attempt()
        assert refused.value.code == "measures.item_suspended"
        assert refused.value.source == "民事诉讼法 第238条"
        assert review.case_number in refused.value.message


def test_a_rejected_third_party_objection_holds_nothing(people, judges, case, house):
    from zhixing.measures.services import disposal

    objection_on(people, judges, case, house, "rejected")
    row = disposal.appraisal_order(
        actor=people["officer"].user, measure=house, decided_on=date(2026, 9, 21)
    )
    assert row.appraisal_decided_on == date(2026, 9, 21)


def test_an_upheld_objection_to_a_freeze_holds_the_deduction_but_not_the_release(
    people, judges, case, house
):
    from zhixing.measures.models import ControlMeasure
    from zhixing.measures.services import control

    ControlMeasure.objects.filter(pk=house.pk).update(
        kind="freeze", property_kind="deposit", description="工商银行账户"
    )
    objection_on(people, judges, case, house, "upheld")
    with pytest.raises(DomainError) as refused:
        control.deduction_request(
            actor=people["officer"].user,
            freeze=house,
            amount="1000.00",
            on=date(2026, 9, 21),
            ruling="（2026）京0105执1号之二",
        )
    assert refused.value.code == "measures.item_suspended"
    from zhixing.measures.hooks import item_hold

    assert item_hold(house) is not None


# --- 3. the modes that end enforcement ---------------------------------------------------------

ENDS = {
    Mode.FULLY_PERFORMED: True,
    Mode.TERMINATED: True,
    Mode.WITHDRAWN_FILING: True,
    Mode.NOT_ENFORCED: True,
    Mode.APPLICATION_REJECTED: True,
    Mode.ROUND_TERMINATED: False,  # 终本: enforcement may resume, the seals stay
    Mode.PRESERVED: False,  # preservation seals stay in force
    Mode.PARTLY_PRESERVED: False,
    Mode.NOTHING_TO_PRESERVE: False,
}


def test_the_table_covers_every_mode():
    assert set(ENDS) == set(Mode)


@pytest.mark.parametrize("mode", list(Mode))
def test_which_closures_end_enforcement_for_a_third_party_objection(people, judges, case, mode):
    from zhixing.cases.models import EnforcementCase

    EnforcementCase.objects.filter(pk=case.pk).update(
        status="closed", closure_mode=mode.value, closed_on=date(2026, 9, 8)
    )
    case.refresh_from_db()
    assert (mode in ENDING_MODES) is ENDS[mode]
    if ENDS[mode]:
        with pytest.raises(DomainError) as refused:
            file(people, case, kind="third_party_objection", item="朝阳区某房产")
        assert refused.value.code == "third_party.item_ended"
    else:
        assert file(people, case, kind="third_party_objection", item="朝阳区某房产").pk


# --- 6. a 执监 against the upper court's ruling goes above that court --------------------------


def test_supervision_of_a_reconsideration_ruling_goes_above_the_court_that_made_it(
    people, judges, case, tree, make_staff, bj3_chief
):
    objection = decided(people, judges, case, served=date(2026, 10, 13))
    ruling = recon(judges, case, objection)
    services.review_assign(
        actor=bj3_chief.user, review=ruling, judge=judges.bj3[0], panel=judges.bj3
    )
    decide(judges.bj3[0].user, ruling, "affirmed", on=date(2026, 10, 30))
    high_clerk = make_staff(
        tree.high, "high_clerk", roles=[Role.JUDGE], unit_kind="reconsideration_supervision"
    )
    row = services.review_file(
        actor=high_clerk.user,
        case=case,
        kind="supervision",
        applicant="王被执",
        subject="不服复议裁定，申请执行监督",
        received_on=date(2026, 11, 5),
        parent=ruling,
    )
    assert row.court == tree.high and "京执监" in row.case_number
    plain = services.review_file(
        actor=judges.bj3[0].user,
        case=case,
        kind="supervision",
        applicant="王被执",
        subject="消极执行",
        received_on=date(2026, 11, 5),
    )
    assert plain.court == tree.bj3


# --- 7. who decides ----------------------------------------------------------------------------


def test_a_superuser_without_a_staff_record_cannot_decide(people, judges, case, superuser):
    review = file(people, case)
    assign(people, review, judges.cy)
    with pytest.raises(AccessDenied) as refused:
        decide(superuser, review)
    assert refused.value.code == "review.no_staff"
    review.refresh_from_db()
    assert review.status == ReviewCase.Status.FILED


def test_a_superuser_judge_off_the_panel_cannot_decide(people, judges, case, make_staff, tree):
    review = file(people, case)
    assign(people, review, judges.cy)
    admin = make_staff(tree.chaoyang, "cy_admin_judge", roles=[Role.JUDGE], unit_kind="review")
    admin.user.is_superuser = True
    admin.user.save(update_fields=["is_superuser"])
    with pytest.raises(AccessDenied) as refused:
        decide(admin.user, review)
    assert refused.value.code == "review.not_panel"
    assert services.may_decide(admin.user, review, [j.pk for j in judges.cy]) is False


def test_someone_of_another_court_gets_a_plain_refusal_not_a_separation_audit(people, judges, case):
    review = file(people, case)
    assign(people, review, judges.cy)
    outsider = judges.bj3[0]
    Recusal.objects.create(  # a conflict on record for the outsider (older data)
        review=review,
        court=review.court,
        staff=outsider,
        reason="亲属",
        decided_on=date(2026, 9, 11),
        decided_by=people["president"],
    )
    with pytest.raises(AccessDenied) as refused:
        decide(outsider.user, review)
    assert refused.value.code == "review.other_court"
    assert not separation_audits().exists()


# --- 8. separation: collegial panels and measure decisions -------------------------------------


def test_a_judge_who_sat_on_the_cases_collegial_panel_is_refused(people, judges, case):
    from zhixing.cases.models import CollegialDecision

    decision = CollegialDecision.objects.create(
        case=case,
        court=case.court,
        kind="panel",
        decided_on=date(2026, 9, 6),
        topic="plan",
        subject="执行方案",
        outcome="先查封后评估",
        presiding=people["judge"],
    )
    decision.members.set([people["judge"], judges.cy[1]])
    review = file(people, case)
    with pytest.raises(AccessDenied) as refused:
        assign(people, review, judges.cy)
    assert refused.value.code == "review.separation"
    assert (
        "审查二曾参加本案执行实施的合议（2026年9月6日 合议庭评议：执行方案）"
        in refused.value.message
    )
    assert people["judge"].name in refused.value.message  # the presiding judge too
    assert separation_audits().count() == 1


def test_a_judge_who_decided_a_measure_without_a_node_is_refused(people, judges, case, house):
    from zhixing.measures.models import ControlMeasure

    ControlMeasure.objects.filter(pk=house.pk).update(decided_by=judges.cy[2].user)
    review = file(people, case)
    with pytest.raises(AccessDenied) as refused:
        assign(people, review, judges.cy)
    assert "审查三曾决定或批准本案执行措施（2026年9月5日 决定查封、扣押、冻结或扣划）" in (
        refused.value.message
    )


# --- 9. an analysis is not closed by a person it names -----------------------------------------


def test_a_person_named_in_an_analysis_cannot_close_it(
    people, judges, case, bj3_chief, make_staff, tree
):
    objection = decided(people, judges, case, served=date(2026, 10, 13))
    row = recon(judges, case, objection)
    services.review_assign(actor=bj3_chief.user, review=row, judge=judges.bj3[0], panel=judges.bj3)
    decide(judges.bj3[0].user, row, "revoked", on=date(2026, 10, 30))
    analysis = ResponsibilityAnalysis.objects.get(review=row)
    named = make_staff(tree.chaoyang, "cy_vp", roles=[Role.VICE_PRESIDENT], unit_kind=None)
    analysis.people.add(named)
    assert responsibility.may_close(named.user, analysis) is False
    with pytest.raises(AccessDenied) as refused:
        responsibility.responsibility_close(
            actor=named.user, analysis=analysis, findings="无过错", conclusion="no_fault"
        )
    assert refused.value.code == "responsibility.named"
    analysis.refresh_from_db()
    assert analysis.closed_on is None
    assert responsibility.may_close(people["president"].user, analysis) is True


# --- 10. recusal within the hearing court ------------------------------------------------------


def test_recusal_of_someone_outside_the_court_and_panel_is_refused(people, judges, case):
    review = file(people, case)
    with pytest.raises(InputError) as refused:
        services.recusal_record(
            actor=people["president"].user,
            review=review,
            staff=judges.bj3[0],
            reason="亲属",
            on=date(2026, 9, 11),
        )
    assert refused.value.code == "recusal.other_court" and refused.value.field == "staff"
    assert not Recusal.objects.exists()


def test_the_list_shows_open_matters_first_whatever_the_other_statuses(people, judges, case):
    """Sorting by the status text put 已撤回 (withdrawn) before 审查中 (filed): open ones first."""
    from zhixing.review.selectors import cases as selectors

    done = decided(people, judges, case, served=date(2026, 9, 21))
    pending = file(people, case, on=date(2026, 9, 22))
    withdrawn = file(people, case, on=date(2026, 9, 22))
    ReviewCase.objects.filter(pk=withdrawn.pk).update(status=ReviewCase.Status.WITHDRAWN)
    rows = list(selectors.review_list(actor=people["clerk"].user))
    assert rows[0] == pending and {r.pk for r in rows[1:]} == {done.pk, withdrawn.pk}
    assert all(r.case_court_id == case.court_id for r in rows)
