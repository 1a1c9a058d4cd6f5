"""Review pages (Django client): the case's review page and filing, the list, a matter's page
(panel with barred judges shown with the reason, decision, service and the 复议 window, the 复议
form), the quality office's responsibility list."""

from datetime import date

import pytest
from django.test import Client

from tests.review.conftest import assign, decided, file
from zhixing.cases import services as case_services
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role
from zhixing.review.models import ResponsibilityAnalysis, ReviewCase
from zhixing.review.services import cases as services

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_case_page_lists_matters_and_files_one(people, judges, case):
    clerk = login(people["clerk"].user)
    page = clerk.get(f"/cases/{case.pk}/review/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "本案没有执行审查事项" in text and 'id="file-form"' in text
    assert "申请上一级法院执行的六个月" in text
    posted = clerk.post(
        f"/cases/{case.pk}/review/file/",
        {
            "file-kind": "act_objection",
            "file-applicant": "王被执",
            "file-subject": "查封超标的",
            "file-received_on": "2026-09-10",
        },
    )
    assert posted.status_code == 302
    page = clerk.get(posted["Location"]).content.decode()
    assert "已受理 （2026）京0105执异1号" in page and "已超期（2026-09-28 届满）" in page


def test_a_third_party_objection_without_its_item_is_shown_beside_the_field(people, case):
    clerk = login(people["clerk"].user)
    posted = clerk.post(
        f"/cases/{case.pk}/review/file/",
        {
            "file-kind": "third_party_objection",
            "file-applicant": "李案外",
            "file-subject": "车辆归我",
            "file-received_on": "2026-09-10",
        },
    )
    assert posted.status_code == 422
    assert "案外人异议须写明异议指向的执行标的" in posted.content.decode()
    assert not ReviewCase.objects.exists()


def test_an_officer_sees_no_filing_form_and_cannot_post_one(people, case):
    officer = login(people["officer"].user)
    assert 'id="file-form"' not in officer.get(f"/cases/{case.pk}/review/").content.decode()
    posted = officer.post(f"/cases/{case.pk}/review/file/", {"file-kind": "act_objection"})
    assert posted.status_code == 403


def test_the_panel_form_shows_a_barred_judge_disabled_with_the_reason(
    people, judges, case, make_staff, tree
):
    both = make_staff(tree.chaoyang, "cy_both", roles=[Role.OFFICER, Role.JUDGE], name="张三")
    case_services.node_record(actor=both.user, case=case, code="measure_taken", on=date(2026, 9, 6))
    review = file(people, case)
    chief = login(people["chief"].user)
    text = chief.get(f"/reviews/{review.pk}/").content.decode()
    assert f'value="{both.pk}" id="panel-{both.pk}" disabled' in text
    assert "张三曾在本案记录执行实施行为（2026年9月6日 采取查封、扣押、冻结、扣划措施）" in text
    posted = chief.post(
        f"/reviews/{review.pk}/assign/",
        {
            "assign-judge": judges.cy[0].pk,
            "assign-panel": [judges.cy[0].pk, judges.cy[1].pk, both.pk],
        },
    )
    assert posted.status_code == 403
    assert "不能参与本案执行审查（审执分离）" in posted.content.decode()
    assert AuditRecord.objects.filter(action="review.separation_refused").count() == 1
    ok = chief.post(
        f"/reviews/{review.pk}/assign/",
        {"assign-judge": judges.cy[0].pk, "assign-panel": [j.pk for j in judges.cy]},
    )
    assert ok.status_code == 302


def test_the_case_officer_is_told_and_refused_when_deciding(people, judges, case):
    review = file(people, case)
    assign(people, review, judges.cy)
    officer = login(people["officer"].user)
    text = officer.get(f"/reviews/{review.pk}/").content.decode()
    assert 'id="my-conflict"' in text and 'id="decide-form"' not in text
    posted = officer.post(
        f"/reviews/{review.pk}/decide/",
        {"decide-outcome": "rejected", "decide-reasoning": "x", "decide-on": "2026-09-20"},
    )
    assert posted.status_code == 302  # refused: the message goes to the page's messages bar
    follow = officer.get(posted["Location"]).content.decode()
    assert "不能参与本案执行审查（审执分离）" in follow
    assert ReviewCase.objects.get().status == ReviewCase.Status.FILED
    assert AuditRecord.objects.filter(action="review.separation_refused").count() == 1


def test_decide_serve_and_the_reconsideration_window(people, judges, case):
    review = file(people, case)
    assign(people, review, judges.cy)
    judge = login(judges.cy[0].user)
    posted = judge.post(
        f"/reviews/{review.pk}/decide/",
        {"decide-outcome": "rejected", "decide-reasoning": "异议不成立", "decide-on": "2026-09-20"},
    )
    assert posted.status_code == 302
    clerk = login(people["clerk"].user)
    assert (
        clerk.post(f"/reviews/{review.pk}/serve/", {"serve-served_on": "2026-10-21"}).status_code
        == 302
    )
    text = clerk.get(f"/reviews/{review.pk}/").content.decode()
    assert "<strong>2026-11-02</strong> 届满（2026-10-31 为休息日，顺延）" in text


def test_a_late_reconsideration_from_the_page_is_refused_beside_its_date(people, judges, case):
    objection = decided(people, judges, case, served=date(2026, 10, 13))
    clerk = login(people["clerk"].user)
    text = clerk.get(f"/reviews/{objection.pk}/").content.decode()
    assert 'id="reconsider-form"' in text
    posted = clerk.post(
        f"/reviews/{objection.pk}/reconsider/",
        {
            "reconsider-applicant": "王被执",
            "reconsider-subject": "不服",
            "reconsider-received_on": "2026-10-24",
        },
    )
    assert posted.status_code == 409
    assert "2026年10月23日 届满" in posted.content.decode()
    ok = clerk.post(
        f"/reviews/{objection.pk}/reconsider/",
        {
            "reconsider-applicant": "王被执",
            "reconsider-subject": "不服",
            "reconsider-received_on": "2026-10-23",
        },
    )
    assert ok.status_code == 302
    assert ReviewCase.objects.filter(kind="reconsideration", court__code="京03").count() == 1


def test_list_filters_and_scope(people, judges, case, tree, make_staff):
    file(people, case)
    file(people, case, kind="third_party_objection", item="房产", on=date(2026, 9, 11))
    clerk = login(people["clerk"].user)
    text = clerk.get("/reviews/?kind=third_party_objection").content.decode()
    assert "执异2号" in text and "执异1号" not in text
    overdue = clerk.get("/reviews/?overdue=1").content.decode()  # due 09-28, today is later
    assert "执异1号" in overdue and 'class="overdue"' in overdue
    haidian = make_staff(tree.haidian, "hd_clerk", roles=[Role.CLERK])
    assert "没有符合条件的执行审查案件" in login(haidian.user).get("/reviews/").content.decode()
    assert login(haidian.user).get(f"/reviews/{ReviewCase.objects.first().pk}/").status_code == 404


def test_responsibility_list_for_the_quality_office(people, judges, case, bj3_chief):
    objection = decided(people, judges, case, served=date(2026, 10, 13))
    row = services.review_file(
        actor=judges.bj3[0].user,
        case=case,
        kind="reconsideration",
        applicant="王被执",
        subject="不服",
        received_on=date(2026, 10, 20),
        parent=objection,
    )
    services.review_assign(actor=bj3_chief.user, review=row, judge=judges.bj3[0], panel=judges.bj3)
    services.review_decide(
        actor=judges.bj3[0].user,
        review=row,
        outcome="revoked",
        reasoning="x",
        on=date(2026, 10, 30),
    )
    assert login(people["officer"].user).get("/responsibility/").status_code == 403
    president = login(people["president"].user)
    text = president.get("/responsibility/").content.decode()
    assert "（2026）京03执复1号" in text and "陈执行" in text
    analysis = ResponsibilityAnalysis.objects.get()
    posted = president.post(
        f"/responsibility/{analysis.pk}/close/",
        {
            "close-findings": "查封超标的，办案瑕疵",
            "close-conclusion": "error",
            "close-on": "2026-11-02",
        },
    )
    assert posted.status_code == 302
    assert "没有待办结的责任分析" in president.get("/responsibility/").content.decode()


def test_the_list_reads_a_fixed_number_of_queries(people, judges, case):
    """Query-count baseline: more rows, no more queries."""
    clerk = login(people["clerk"].user)
    file(people, case)
    clerk.get("/reviews/")  # warm the session and scope caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        clerk.get("/reviews/")
    for day in (11, 12, 13, 14):
        file(people, case, on=date(2026, 9, day))
    with CaptureQueriesContext(connection) as five:
        clerk.get("/reviews/")
    assert len(five.captured_queries) == len(one.captured_queries)


def test_the_api_list_reads_a_fixed_number_of_queries(people, judges, case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clerk = login(people["clerk"].user)
    decided(people, judges, case, served=date(2026, 10, 13))
    clerk.get("/api/v1/reviews")
    with CaptureQueriesContext(connection) as one:
        clerk.get("/api/v1/reviews")
    for day in (21, 22, 23):
        file(people, case, on=date(2026, 10, day))
    with CaptureQueriesContext(connection) as four:
        assert len(clerk.get("/api/v1/reviews").json()) == 4
    assert len(four.captured_queries) == len(one.captured_queries)
