"""Review cases on the database: numbers, clocks on the enforcement case, the panel and 审执分离,
the 10-day window for 复议 (民事诉讼法 第236条、第85条), third-party objections (第238条; 民诉法解释
第462条), responsibility analysis after a revoking 复议 (法〔2021〕322号 第31条)."""

from datetime import date

import pytest

from tests.review.conftest import assign, decided, file
from zhixing.cases.models import CaseDeadline, CaseNumberSequence, NodeEvent
from zhixing.core.errors import AccessDenied, DomainError, InputError
from zhixing.core.models import AuditRecord
from zhixing.review.models import ResponsibilityAnalysis, ReviewCase
from zhixing.review.services import cases as services
from zhixing.review.services import responsibility

pytestmark = pytest.mark.django_db


def refusals():
    return AuditRecord.objects.filter(action="review.separation_refused")


# --- filing: numbers and the clock ------------------------------------------------------------


def test_an_objection_gets_its_own_number_and_a_15_day_clock_held_by_its_judge(
    people, judges, case
):
    review = file(people, case)
    assert review.case_number == "（2026）京0105执异1号"
    assert review.court == case.court and review.type_code == "执异"
    event = NodeEvent.objects.get(case=case, seq=review.node_seq)
    assert event.code == "objection_filed" and event.occurred_on == date(2026, 9, 10)
    row = CaseDeadline.objects.get(case=case, code="objection_ruling", instance=review.node_seq)
    assert row.due_on == date(2026, 9, 28)  # 15 days (第236条); 9-25 is 中秋节 (第85条)
    assert row.responsible_id == people["officer"].pk  # no judge yet: the 承办人 by default
    assign(people, review, judges.cy)
    row.refresh_from_db()
    assert row.responsible_id == judges.cy[0].pk  # the presiding judge answers for it
    assert AuditRecord.objects.filter(action="review.file").count() == 1


def test_numbers_run_per_court_type_and_year(people, judges, case):
    first = file(people, case)
    second = file(people, case, kind="third_party_objection", item="朝阳区某房产")
    assert [first.serial, second.serial] == [1, 2]  # both 执异 at 朝阳 in 2026
    assert second.case_number == "（2026）京0105执异2号"
    seq = CaseNumberSequence.objects.get(court=case.court, type_code="执异", year=2026)
    assert seq.last == 2
    assert ReviewCase.objects.values("case_number").distinct().count() == 2


def test_the_decision_stops_the_clock_it_names(people, judges, case):
    review = decided(people, judges, case, on=date(2026, 9, 20))
    row = CaseDeadline.objects.get(case=case, code="objection_ruling", instance=review.node_seq)
    assert row.met_on == date(2026, 9, 20)
    stop = NodeEvent.objects.get(case=case, code="review_decided")
    assert stop.data["for_seq"] == review.node_seq


def test_a_suspension_of_the_case_does_not_pause_the_review_clock(people, judges, case):
    review = file(people, case)
    from zhixing.cases import services as case_services

    case_services.node_record(
        actor=people["officer"].user, case=case, code="suspended", on=date(2026, 9, 12)
    )
    row = CaseDeadline.objects.get(case=case, code="objection_ruling", instance=review.node_seq)
    assert row.due_on == date(2026, 9, 28) and not row.paused


# --- the panel and separation of review from implementation -----------------------------------


def test_an_officer_without_a_judges_role_cannot_sit(people, judges, case):
    """陈执行 holds no judge's role: refused as such before separation is asked."""
    review = file(people, case)
    with pytest.raises(InputError) as refused:
        services.review_assign(
            actor=people["chief"].user,
            review=review,
            judge=judges.cy[0],
            panel=[judges.cy[0], judges.cy[1], people["officer"]],
        )
    assert refused.value.code == "panel.not_judge"


def test_a_judge_who_recorded_an_act_is_refused_with_name_date_and_act(
    people, judges, case, make_staff, tree
):
    from zhixing.cases import services as case_services
    from zhixing.core.rules.roles import Role

    both = make_staff(tree.chaoyang, "cy_both", roles=[Role.OFFICER, Role.JUDGE], name="张三")
    case_services.node_record(actor=both.user, case=case, code="measure_taken", on=date(2026, 9, 6))
    review = file(people, case)
    with pytest.raises(AccessDenied) as refused:
        services.review_assign(
            actor=people["chief"].user,
            review=review,
            judge=judges.cy[0],
            panel=[judges.cy[0], judges.cy[1], both],
        )
    assert refused.value.code == "review.separation"
    assert refused.value.message == (
        "张三曾在本案记录执行实施行为（2026年9月6日 采取查封、扣押、冻结、扣划措施），"
        "不能参与本案执行审查（审执分离）"
    )
    assert "第11条" in refused.value.source
    assert not review.panel.exists()  # nothing written
    audit = refusals().get()
    assert audit.object_id == str(review.pk) and "张三" in audit.summary


def test_the_case_officer_and_a_stage_holder_are_conflicted(people, judges, case):
    from zhixing.cases import services as case_services

    case_services.stage_assign(
        actor=people["chief"].user,
        cases=[case],
        stage="disposal",
        on=date(2026, 9, 6),
        staff=judges.cy[2],
    )
    review = file(people, case)
    with pytest.raises(AccessDenied) as refused:
        assign(people, review, judges.cy)
    assert "曾负责本案“财产处置”阶段" in refused.value.message


def test_an_implementation_officer_deciding_an_objection_on_their_own_case_is_refused(
    people, judges, case
):
    """Issue 5, done when: refused, nothing decided, the refusal audited."""
    review = file(people, case)
    assign(people, review, judges.cy)
    with pytest.raises(AccessDenied) as refused:
        services.review_decide(
            actor=people["officer"].user,
            review=review,
            outcome="rejected",
            reasoning="驳回",
            on=date(2026, 9, 20),
        )
    assert refused.value.code == "review.separation"
    assert refused.value.message == (
        "陈执行曾在本案记录执行实施行为（2026年9月5日 采取查封、扣押、冻结、扣划措施），"
        "不能参与本案执行审查（审执分离）"
    )
    review.refresh_from_db()
    assert review.status == ReviewCase.Status.FILED
    assert not NodeEvent.objects.filter(case=case, code="review_decided").exists()
    audit = refusals().get()
    assert audit.actor_id == people["officer"].user.pk
    assert audit.after["attempted"] == "作出审查裁定"


def test_a_judge_outside_the_panel_cannot_decide(people, judges, case, make_staff, tree):
    from zhixing.core.rules.roles import Role

    other = make_staff(tree.chaoyang, "cy_rj4", roles=[Role.JUDGE], unit_kind="review")
    review = file(people, case)
    assign(people, review, judges.cy)
    with pytest.raises(AccessDenied) as refused:
        services.review_decide(
            actor=other.user, review=review, outcome="rejected", reasoning="x", on=date(2026, 9, 20)
        )
    assert refused.value.code == "review.not_panel"
    assert not refusals().exists()


@pytest.mark.parametrize("size", [1, 2, 4])
def test_an_objection_needs_an_odd_panel_of_three_or_more(
    people, judges, case, make_staff, tree, size
):
    from zhixing.core.rules.roles import Role

    extra = make_staff(tree.chaoyang, "cy_rj5", roles=[Role.JUDGE], unit_kind="review")
    members = [*judges.cy, extra][:size]
    review = file(people, case)
    with pytest.raises(DomainError) as refused:
        assign(people, review, members)
    assert refused.value.code in ("panel.size", "panel.even")


def test_no_decision_without_a_panel(people, judges, case):
    review = file(people, case)
    with pytest.raises(DomainError) as refused:
        services.review_decide(
            actor=judges.cy[0].user,
            review=review,
            outcome="rejected",
            reasoning="x",
            on=date(2026, 9, 20),
        )
    assert refused.value.code == "review.no_judge"


def test_a_recused_judge_leaves_the_panel_and_is_refused_after(people, judges, case):
    review = file(people, case)
    assign(people, review, judges.cy)
    services.recusal_record(
        actor=people["president"].user,
        review=review,
        staff=judges.cy[1],
        reason="与异议人系近亲属",
        on=date(2026, 9, 12),
        applied_by_party=True,
    )
    assert not review.panel.filter(pk=judges.cy[1].pk).exists()
    with pytest.raises(AccessDenied) as refused:
        assign(people, review, judges.cy)
    assert refused.value.message == "审查二已决定回避（与异议人系近亲属），不能参与本案审查"


def test_only_the_president_decides_a_recusal(people, judges, case):
    review = file(people, case)
    with pytest.raises(AccessDenied):
        services.recusal_record(
            actor=people["chief"].user,
            review=review,
            staff=judges.cy[1],
            reason="x",
            on=date(2026, 9, 12),
        )


# --- reconsideration: 10 days from service, next-higher court ---------------------------------


def recon(people, judges, case, parent, on, actor=None):
    return services.review_file(
        actor=actor or judges.bj3[0].user,
        case=case,
        kind="reconsideration",
        applicant="王被执",
        subject="不服异议裁定",
        received_on=on,
        parent=parent,
    )


def test_a_reconsideration_is_docketed_at_the_upper_court(people, judges, case, tree):
    objection = decided(people, judges, case, served=date(2026, 10, 13))
    row = recon(people, judges, case, objection, date(2026, 10, 23))
    assert row.court == tree.bj3 and row.case_number == "（2026）京03执复1号"
    deadline = CaseDeadline.objects.get(case=case, code="reconsideration_decision")
    assert deadline.due_on == date(2026, 11, 23)  # 30 days: 11-22 is a Sunday (执行程序解释 第8条)


def test_a_reconsideration_may_be_lodged_through_the_enforcing_court(people, judges, case, tree):
    objection = decided(people, judges, case, served=date(2026, 10, 13))
    row = recon(people, judges, case, objection, date(2026, 10, 20), actor=people["clerk"].user)
    assert row.court == tree.bj3


def test_a_reconsideration_filed_on_day_11_is_refused(people, judges, case):
    """Issue 5, done when: served 2026-10-13 (Tue); day 10 = 10-23 (Fri) accepted, 10-24 refused."""
    objection = decided(people, judges, case, served=date(2026, 10, 13))
    with pytest.raises(DomainError) as refused:
        recon(people, judges, case, objection, date(2026, 10, 24))
    assert refused.value.code == "reconsideration.too_late"
    assert "2026年10月23日 届满" in refused.value.message
    assert not ReviewCase.objects.filter(kind="reconsideration").exists()
    assert not CaseNumberSequence.objects.filter(type_code="执复").exists()
    assert recon(people, judges, case, objection, date(2026, 10, 23)).pk


def test_a_last_day_in_the_national_day_holiday_moves_to_the_next_working_day(people, judges, case):
    """Served 2026-09-25: day 10 is 10-05 (国庆), so the window ends on 10-08 (第85条)."""
    objection = decided(people, judges, case, served=date(2026, 9, 25))
    with pytest.raises(DomainError) as refused:
        recon(people, judges, case, objection, date(2026, 10, 9))
    assert "顺延至 2026年10月8日" in refused.value.message
    assert recon(people, judges, case, objection, date(2026, 10, 8)).pk


def test_no_reconsideration_before_service_or_against_a_third_party_ruling(people, judges, case):
    objection = decided(people, judges, case)
    with pytest.raises(DomainError) as refused:
        recon(people, judges, case, objection, date(2026, 10, 1))
    assert refused.value.code == "reconsideration.not_served"
    third = file(people, case, kind="third_party_objection", item="房产", on=date(2026, 10, 1))
    assign(people, third, judges.cy)
    services.review_decide(
        actor=judges.cy[0].user,
        review=third,
        outcome="rejected",
        reasoning="x",
        on=date(2026, 10, 2),
    )
    services.review_serve(actor=people["clerk"].user, review=third, served_on=date(2026, 10, 3))
    with pytest.raises(DomainError) as refused:
        recon(people, judges, case, third, date(2026, 10, 5))
    assert refused.value.code == "reconsideration.third_party"
    assert "十五日内" in refused.value.message


def test_the_lower_court_cannot_decide_the_reconsideration(people, judges, case, bj3_chief):
    objection = decided(people, judges, case, served=date(2026, 10, 13))
    row = recon(people, judges, case, objection, date(2026, 10, 20))
    with pytest.raises(AccessDenied):
        services.review_assign(
            actor=people["chief"].user, review=row, judge=judges.cy[0], panel=judges.cy
        )


def test_a_revoking_reconsideration_opens_a_responsibility_analysis(
    people, judges, case, bj3_chief
):
    objection = decided(people, judges, case, served=date(2026, 10, 13))
    row = recon(people, judges, case, objection, date(2026, 10, 20))
    services.review_assign(actor=bj3_chief.user, review=row, judge=judges.bj3[0], panel=judges.bj3)
    services.review_decide(
        actor=judges.bj3[1].user,
        review=row,
        outcome="revoked",
        reasoning="查封超标的",
        on=date(2026, 10, 30),
    )
    analysis = ResponsibilityAnalysis.objects.get(review=row)
    assert analysis.court == case.court and analysis.closed_on is None
    named = set(analysis.people.values_list("pk", flat=True))
    assert {j.pk for j in judges.cy} <= named  # the lower court's panel
    assert people["officer"].pk in named  # the 承办人 answering for the act
    assert objection.node_seq in analysis.node_seqs
    decided_seq = NodeEvent.objects.get(
        case=case, code="review_decided", data__review_id=row.pk
    ).seq
    assert decided_seq in analysis.node_seqs
    closed = responsibility.responsibility_close(
        actor=people["president"].user,
        analysis=analysis,
        findings="查封超出标的额，属办案瑕疵",
        conclusion="error",
        on=date(2026, 11, 2),
    )
    assert closed.closed_on == date(2026, 11, 2)


def test_an_affirming_reconsideration_opens_no_analysis(people, judges, case, bj3_chief):
    objection = decided(people, judges, case, served=date(2026, 10, 13))
    row = recon(people, judges, case, objection, date(2026, 10, 20))
    services.review_assign(actor=bj3_chief.user, review=row, judge=judges.bj3[0], panel=judges.bj3)
    services.review_decide(
        actor=judges.bj3[0].user,
        review=row,
        outcome="affirmed",
        reasoning="x",
        on=date(2026, 10, 30),
    )
    assert not ResponsibilityAnalysis.objects.exists()


def test_only_the_quality_office_closes_an_analysis(people, judges, case, bj3_chief):
    objection = decided(people, judges, case, served=date(2026, 10, 13))
    row = recon(people, judges, case, objection, date(2026, 10, 20))
    services.review_assign(actor=bj3_chief.user, review=row, judge=judges.bj3[0], panel=judges.bj3)
    services.review_decide(
        actor=judges.bj3[0].user,
        review=row,
        outcome="changed",
        reasoning="x",
        on=date(2026, 10, 30),
    )
    analysis = ResponsibilityAnalysis.objects.get()
    with pytest.raises(AccessDenied):
        responsibility.responsibility_close(
            actor=people["officer"].user, analysis=analysis, findings="x", conclusion="no_fault"
        )
    with pytest.raises(InputError):
        responsibility.responsibility_close(
            actor=people["president"].user, analysis=analysis, findings="", conclusion="no_fault"
        )


# --- third-party objections ------------------------------------------------------------------


def test_an_upheld_third_party_objection_suspends_the_item(people, judges, case):
    review = file(people, case, kind="third_party_objection", item="朝阳区某房产")
    assert review.case_number.endswith("执异1号")
    assert CaseDeadline.objects.get(case=case, code="third_party_ruling").due_on == date(
        2026, 9, 28
    )
    assign(people, review, judges.cy)
    services.review_decide(
        actor=judges.cy[0].user,
        review=review,
        outcome="upheld",
        reasoning="案外人系所有权人",
        on=date(2026, 9, 20),
    )
    event = NodeEvent.objects.get(case=case, code="item_suspended")
    assert event.data["item"] == "朝阳区某房产"


def test_a_third_party_objection_after_the_case_ended_is_refused(people, judges, case):
    from zhixing.cases.models import EnforcementCase

    EnforcementCase.objects.filter(pk=case.pk).update(
        status="closed", closure_mode="fully_performed", closed_on=date(2026, 9, 8)
    )
    case.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        file(people, case, kind="third_party_objection", item="房产")
    assert refused.value.code == "third_party.item_ended"
    assert "民诉法解释 第462条" in refused.value.source


def test_a_third_party_objection_needs_its_item(people, case):
    with pytest.raises(DomainError) as refused:
        file(people, case, kind="third_party_objection", item="")
    assert refused.value.code == "third_party.item_required"


# --- 民事诉讼法 第237条 -------------------------------------------------------------------------


def test_court_change_is_refused_before_six_months(people, judges, case):
    with pytest.raises(DomainError) as refused:
        services.review_file(
            actor=judges.bj3[0].user,
            case=case,
            kind="court_change",
            applicant="北京某贸易有限公司",
            subject="逾期未执行",
            received_on=date(2026, 11, 20),
        )
    assert refused.value.code == "court_change.too_early"
    assert "2027年3月1日 届满" in refused.value.message  # received 2026-08-31 + 6 months (第85条)


def test_serving_twice_with_another_date_is_refused(people, judges, case):
    review = decided(people, judges, case, served=date(2026, 9, 25))
    with pytest.raises(DomainError):
        services.review_serve(
            actor=people["clerk"].user, review=review, served_on=date(2026, 9, 26)
        )
