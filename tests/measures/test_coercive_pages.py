"""The 强制措施 pages: the case page (limits with their sources, proposal, service, reconsideration
application, document link), the president's approval list and the upper court's reconsideration
list. PRG, errors beside fields, scope, query counts."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from zhixing.cases.models import NodeEvent
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role
from zhixing.measures.models import CoerciveMeasure, CoerciveReconsideration
from zhixing.measures.services import coercive as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(file_case):  # noqa: F811
    return file_case(docket_on=date(2026, 9, 22))


@pytest.fixture
def upper(tree, make_staff):
    return make_staff(tree.bj3, "bj3_judge", roles=[Role.JUDGE], unit_kind="review", name="高复议")


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def propose(officer, case, **kw):
    values = dict(
        measure="fine",
        subject="individual",
        person_name="王被执",
        id_number="11010519491231002X",
        amount="50000",
        conduct="report_refused",
        facts="拒不报告财产",
        proposed_on=date(2026, 10, 9),
    )
    values.update(kw)
    return services.coercive_propose(actor=officer, case=case, **values)


def approve(people, row):  # noqa: F811
    return services.coercive_approve(
        actor=people["president"].user, measure=row, on=date(2026, 10, 12)
    )


FORM = {
    "propose-measure": "fine",
    "propose-subject": "individual",
    "propose-person_name": "王被执",
    "propose-id_number": "11010519491231002X",
    "propose-amount": "50,000",
    "propose-conduct": "report_refused",
    "propose-facts": "收到报告财产令后拒不报告",
    "propose-proposed_on": "2026-10-09",
}


# --- the case page -------------------------------------------------------------------------


def test_officer_sees_the_limits_with_sources_and_the_propose_form(case, people):  # noqa: F811
    html = login(people["officer"].user).get(f"/cases/{case.pk}/coercive/").content.decode()
    assert 'id="propose-form"' in html and 'id="limits-table"' in html
    for text in ("人民币十万元以下", "人民币五万元以上一百万元以下", "十五日以下"):
        assert text in html
    assert "民事诉讼法 第118条第1款、第119条" in html and "民诉法解释 第482条" in html
    assert "北京市第三中级人民法院" in html  # where a reconsideration goes
    assert 'id="no-measures"' in html
    assert '<option value="王被执">' in html  # the respondents offered for the name


def test_propose_redirects_with_a_message(case, people):  # noqa: F811
    client = login(people["officer"].user)
    response = client.post(f"/cases/{case.pk}/coercive/propose/", FORM)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/coercive/#measures"
    row = CoerciveMeasure.objects.get()
    assert row.amount == 50000 and row.status == "proposed"
    html = client.get(response["Location"]).content.decode()
    assert "已提请对王被执罚款，待院长审批" in html
    assert f'id="measure-{row.pk}"' in html and "待院长审批" in html


def test_a_fine_above_the_limit_is_shown_beside_the_amount(case, people):  # noqa: F811
    client = login(people["officer"].user)
    response = client.post(
        f"/cases/{case.pk}/coercive/propose/", {**FORM, "propose-amount": "100000.01"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="field-propose-amount"' in html
    field = html.split('id="field-propose-amount"')[1].split("</div>\n</div>")[0]
    assert "对个人的罚款金额为人民币十万元以下" in field
    assert not CoerciveMeasure.objects.exists()


def test_form_asks_for_the_amount_of_a_fine_and_the_days_of_detention(case, people):  # noqa: F811
    client = login(people["officer"].user)
    response = client.post(
        f"/cases/{case.pk}/coercive/propose/",
        {**FORM, "propose-measure": "detention", "propose-amount": ""},
    )
    assert response.status_code == 422
    assert "拘留须填写天数" in response.content.decode()


def test_clerk_sees_no_propose_form_and_cannot_post(case, people):  # noqa: F811
    client = login(people["clerk"].user)
    assert 'id="propose-form"' not in client.get(f"/cases/{case.pk}/coercive/").content.decode()
    assert client.post(f"/cases/{case.pk}/coercive/propose/", FORM).status_code == 403
    assert not CoerciveMeasure.objects.exists()


def test_other_courts_staff_get_not_found(case, people, tree, make_staff):  # noqa: F811
    row = approve(people, propose(people["officer"].user, case))
    client = login(make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER]).user)
    assert client.get(f"/cases/{case.pk}/coercive/").status_code == 404
    assert client.get(f"/coercive/{row.pk}/document/").status_code == 404
    assert (
        client.post(f"/coercive/{row.pk}/approve/", {"approve-on": "2026-10-12"}).status_code == 404
    )


def test_case_page_queries_do_not_grow_with_measures(case, people):  # noqa: F811
    client = login(people["officer"].user)
    approve(people, propose(people["officer"].user, case))
    client.get(f"/cases/{case.pk}/coercive/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/cases/{case.pk}/coercive/")
    for _ in range(4):
        approve(people, propose(people["officer"].user, case))
    with CaptureQueriesContext(connection) as many:
        client.get(f"/cases/{case.pk}/coercive/")
    assert len(many) == len(one)


# --- approval list -------------------------------------------------------------------------


def test_president_approves_from_the_list(case, people):  # noqa: F811
    row = propose(people["officer"].user, case)
    client = login(people["president"].user)
    html = client.get("/coercive/pending/").content.decode()
    assert f'id="approve-form-{row.pk}"' in html and "拒不报告财产" in html
    response = client.post(
        f"/coercive/{row.pk}/approve/", {"approve-on": "2026-10-12", "approve-note": "同意"}
    )
    assert response.status_code == 302 and response["Location"] == "/coercive/pending/"
    html = client.get("/coercive/pending/").content.decode()
    assert "已批准对王被执罚款，文号 （2026）京0105司惩1号" in html
    assert 'id="nothing-pending"' in html
    page = client.get(f"/cases/{case.pk}/coercive/").content.decode()
    assert f'href="/coercive/{row.pk}/document/"' in page and "下载罚款决定书" in page


def test_president_refuses_with_a_reason(case, people):  # noqa: F811
    row = propose(people["officer"].user, case)
    client = login(people["president"].user)
    response = client.post(f"/coercive/{row.pk}/refuse/", {"refuse-on": "2026-10-12"})
    assert response.status_code == 422 and "这个字段是必填项" in response.content.decode()
    response = client.post(
        f"/coercive/{row.pk}/refuse/", {"refuse-on": "2026-10-12", "refuse-reason": "情节轻微"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "refused" and row.decision_note == "情节轻微"


@pytest.mark.parametrize("who", ["officer2", "clerk", "judge", "chief", "police"])
def test_the_approval_list_is_refused_to_staff_who_are_not_the_president(
    case,
    people,  # noqa: F811
    tree,
    make_staff,
    who,
):
    """第119条: the list of every proposal of the court is the president's; a clerk or a judicial
    policeman sees a measure on its case's page, not the court's whole list."""
    row = propose(people["officer"].user, case)
    people["police"] = make_staff(tree.chaoyang, "cy_police", roles=[Role.JUDICIAL_POLICE])
    response = login(people[who].user).get("/coercive/pending/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "仅供本院院长查看" in html
    assert "王被执" not in html and "拒不报告财产" not in html and f"pending-{row.pk}" not in html


def test_a_superuser_sees_the_list_read_only(case, people, superuser):  # noqa: F811
    row = propose(people["officer"].user, case)
    html = login(superuser).get("/coercive/pending/").content.decode()
    assert "仅供查看" in html and f'id="pending-{row.pk}"' in html
    assert f'id="approve-form-{row.pk}"' not in html


def test_an_officer_posting_an_approval_is_refused_on_the_case_page(case, people):  # noqa: F811
    row = propose(people["officer"].user, case)
    client = login(people["officer2"].user)
    response = client.post(f"/coercive/{row.pk}/approve/", {"approve-on": "2026-10-12"})
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/coercive/#measure-{row.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "必须经院长批准（民事诉讼法 第119条）" in page
    row.refresh_from_db()
    assert row.status == "proposed"
    assert not NodeEvent.objects.filter(code="coercive_decided").exists()


# --- service and reconsideration ------------------------------------------------------------


def test_reconsideration_is_recorded_and_shown_as_not_staying_the_measure(case, people):  # noqa: F811
    row = approve(people, propose(people["officer"].user, case))
    client = login(people["clerk"].user)
    page = client.get(f"/cases/{case.pk}/coercive/").content.decode()
    assert f'id="apply-form-{row.pk}"' in page
    response = client.post(
        f"/cases/{case.pk}/coercive/apply/",
        {"apply-measure": row.pk, "apply-applied_on": "2026-10-13", "apply-reason": "罚款过重"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "由北京市第三中级人民法院复议；复议期间不停止执行" in page
    assert "复议中" in page and "复议期间不停止执行" in page
    assert f'id="apply-form-{row.pk}"' not in page  # only once
    again = client.post(
        f"/cases/{case.pk}/coercive/apply/",
        {"apply-measure": row.pk, "apply-applied_on": "2026-10-13", "apply-reason": "再次"},
        follow=True,
    )
    assert "只能向上一级人民法院申请复议一次" in again.content.decode()
    assert CoerciveReconsideration.objects.count() == 1


def test_officer_records_service_and_the_reconsideration_deadline_appears(case, people):  # noqa: F811
    row = approve(people, propose(people["officer"].user, case))
    client = login(people["officer"].user)
    response = client.post(
        f"/cases/{case.pk}/coercive/execute/",
        {"execute-measure": row.pk, "execute-served_on": "2026-10-12"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert (
        "2026-10-12 送达" in page
        and "可于 2026-10-15 前向北京市第三中级人民法院申请复议一次" in page
    )


def test_upper_court_decides_on_its_list(case, people, upper):  # noqa: F811
    row = approve(people, propose(people["officer"].user, case))
    recon = services.reconsideration_apply(
        actor=people["clerk"].user, measure=row, applied_on=date(2026, 10, 13), reason="过重"
    )
    assert (
        "没有向本院申请复议"
        in login(people["judge"].user).get("/coercive/reconsiderations/").content.decode()
    )
    client = login(upper.user)
    html = client.get("/coercive/reconsiderations/").content.decode()
    assert f'id="decide-form-{recon.pk}"' in html and "（2026）京0105司惩1号" in html
    assert "id_decide" in html and 'name="decide-days"' not in html  # a fine: amount only
    url = f"/coercive/reconsiderations/{recon.pk}/decide/"
    form = {"decide-outcome": "changed", "decide-note": "酌减", "decide-on": "2026-10-16"}
    response = client.post(url, {**form, "decide-amount": "150000"})
    assert response.status_code == 422
    assert "对个人的罚款金额为人民币十万元以下" in response.content.decode()
    response = client.post(url, {**form, "decide-amount": "30000"})
    assert response.status_code == 302
    assert (
        "已作出复议决定 （2026）京03司惩复1号：变更"
        in client.get(response["Location"]).content.decode()
    )
    page = login(people["officer"].user).get(f"/cases/{case.pk}/coercive/").content.decode()
    assert "变更</strong>为罚款 30,000.00 元" in page


def test_same_court_judge_cannot_decide_by_posting(case, people, upper):  # noqa: F811
    row = approve(people, propose(people["officer"].user, case))
    recon = services.reconsideration_apply(
        actor=people["clerk"].user, measure=row, applied_on=date(2026, 10, 13), reason="过重"
    )
    response = login(people["judge"].user).post(
        f"/coercive/reconsiderations/{recon.pk}/decide/",
        {"decide-outcome": "revoked", "decide-note": "x", "decide-on": "2026-10-16"},
        follow=True,
    )
    assert "作出决定的法院不能复议自己的决定" in response.content.decode()
    recon.refresh_from_db()
    assert recon.outcome == ""


def test_the_reconsideration_list_is_for_those_who_decide_or_record(
    case,
    people,  # noqa: F811
    upper,
    tree,
    make_staff,
):
    """Deciders (judges, officers) and recorders (clerks, assistants) of the upper court see its
    list; a judicial policeman or a bureau chief of that court does not."""
    row = approve(people, propose(people["officer"].user, case))
    recon = services.reconsideration_apply(
        actor=people["clerk"].user, measure=row, applied_on=date(2026, 10, 13), reason="过重"
    )
    police = make_staff(tree.bj3, "bj3_police", roles=[Role.JUDICIAL_POLICE])
    chief = make_staff(tree.bj3, "bj3_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None)
    clerk = make_staff(tree.bj3, "bj3_clerk", roles=[Role.CLERK])
    for refused in (police, chief):
        response = login(refused.user).get("/coercive/reconsiderations/")
        assert response.status_code == 403
        assert "过重" not in response.content.decode()
    html = login(clerk.user).get("/coercive/reconsiderations/").content.decode()
    assert f'id="reconsideration-{recon.pk}"' in html
    assert f'id="decide-form-{recon.pk}"' not in html  # a clerk records, a judge decides
    assert (
        f'id="decide-form-{recon.pk}"'
        in login(upper.user).get("/coercive/reconsiderations/").content.decode()
    )


def test_downloading_the_decision_logs_the_read_of_the_identity_number(case, people):  # noqa: F811
    """The 决定书 carries the full number (pages show it masked): each download is audited."""
    row = approve(people, propose(people["officer"].user, case))
    client = login(people["officer2"].user)
    page = client.get(f"/cases/{case.pk}/coercive/").content.decode()
    assert "11010519491231002X" not in page and "110105********002X" in page
    assert not AuditRecord.objects.filter(action="personal_data.view").exists()
    response = client.get(f"/coercive/{row.pk}/document/")
    assert response.status_code == 200
    read = AuditRecord.objects.get(action="personal_data.view")
    assert read.actor_id == people["officer2"].user.pk
    assert (read.object_type, read.object_id) == ("measures.coercivemeasure", str(row.pk))
    assert read.after == {"fields": ["id_number"]} and "王被执" in read.summary


def test_navigation_offers_the_approval_list_to_the_president_and_reconsiderations_upstairs(
    people,  # noqa: F811
    upper,
):
    def nav(user):
        html = login(user).get("/worklist/").content.decode()
        return re.search(r'<nav class="mainnav">(.*?)</nav>', html, re.S).group(1)

    assert "强制措施审批" in nav(people["president"].user)
    officer = nav(people["officer"].user)
    assert "强制措施审批" not in officer
    assert "强制措施复议" not in officer  # a basic court decides no reconsiderations
    assert "强制措施复议" in nav(upper.user)
