"""The Chinese case pages: filing, the case page and its actions, worklist, overdue supervision,
dashboard, case list, bulk assignment and the public period calculator.

“Today” is pinned to 2026-11-26 so that overdue counts and the extension window are fixed.
"""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.cases.conftest import CHECKLIST
from zhixing.cases import services
from zhixing.cases.models import (
    CaseDeadline,
    EnforcementCase,
    NodeEvent,
    Party,
    Reminder,
    StageAssignment,
)
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def counts():
    return (
        EnforcementCase.objects.count(),
        Party.objects.count(),
        NodeEvent.objects.count(),
        CaseDeadline.objects.count(),
        AuditRecord.objects.count(),
    )


def filing_data(**overrides):
    """A complete filing form: one company applicant, one person respondent, docket now."""
    data = {
        "court": "",
        "type_code": "执",
        "origin": "civil_judgment",
        "arrival": "application",
        "received_on": "2026-11-20",
        "claim_amount": "100,000.00",
        "issuing_body": "北京市朝阳区人民法院",
        "document_number": "（2026）京0105民初100号",
        "effective_on": "2026-09-01",
        "performance_deadline": "2026-09-15",
        "basis_amount": "100000",
        "obligations": "被执行人向申请执行人支付货款 100000 元",
        "checklist": list(CHECKLIST),
        "mode": "docket",
        "filed_on": "2026-11-20",
        "applicants-TOTAL_FORMS": "2",
        "applicants-INITIAL_FORMS": "0",
        "applicants-0-kind": "legal_entity",
        "applicants-0-name": "北京某贸易有限公司",
        "applicants-0-credit_code": "91350100M000100Y43",
        "applicants-0-legal_representative": "李总",
        "applicants-0-phone": "13900000000",
        "applicants-1-kind": "person",  # an untouched extra row
        "respondents-TOTAL_FORMS": "1",
        "respondents-INITIAL_FORMS": "0",
        "respondents-0-kind": "person",
        "respondents-0-name": "王被执",
        "respondents-0-id_number": "11010519491231002X",
        "respondents-0-phone": "13800000000",
    }
    data.update(overrides)
    return data


def post_filing(client, tree, **overrides):
    return client.post("/cases/new/", filing_data(court=str(tree.chaoyang.pk), **overrides))


def page(response):
    return response.content.decode()


# ---------------------------------------------------------------- 立案


def test_filing_page_files_a_case_and_shows_its_number(client, tree, people):
    client.force_login(people["clerk"].user)
    assert client.get("/cases/new/").status_code == 200
    response = post_filing(client, tree)
    case = EnforcementCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    html = page(client.get(response["Location"]))
    assert "（2026）京0105执1号" in html
    assert case.status == "docketed" and case.filed_on == date(2026, 11, 20)
    assert case.claim_amount == 100000 and "壹拾万元整" in html
    assert sorted(case.parties.values_list("role", "name")) == [
        ("applicant", "北京某贸易有限公司"),
        ("respondent", "王被执"),
    ]
    assert "110105********002X" in html and "11010519491231002X" not in html  # masked


def test_receive_only_leaves_the_case_waiting_for_docketing(client, tree, people):
    client.force_login(people["clerk"].user)
    response = post_filing(client, tree, mode="receive", checklist=[], filed_on="")
    case = EnforcementCase.objects.get()
    assert response.status_code == 302 and case.status == "received" and not case.case_number
    html = page(client.get(f"/cases/{case.pk}/"))
    assert "待立案审查" in html and 'id="docket-form"' in html and 'id="refuse-form"' in html


def test_incomplete_checklist_is_refused_before_anything_is_written(client, tree, people):
    client.force_login(people["clerk"].user)
    before = counts()
    response = post_filing(client, tree, checklist=["effective", "entitled", "clear"])
    assert response.status_code == 422
    assert counts() == before
    assert response.context["form"].errors["checklist"] == [
        "受理条件未满足（2 项）：义务人在生效法律文书确定的期限内未履行义务；属于受申请的人民法院管辖"
    ]


def test_refused_docketing_writes_nothing(client, tree, people, monkeypatch):
    """case_receive succeeds, then the real case_docket refuses: the page's transaction takes the
    received case back too."""
    real_docket = services.case_docket
    monkeypatch.setattr(
        services, "case_docket", lambda **kw: real_docket(**{**kw, "checklist": {}})
    )
    client.force_login(people["clerk"].user)
    before = counts()
    response = post_filing(client, tree)
    assert response.status_code == 422
    assert counts() == before
    assert response.context["form"].errors["checklist"] == [
        "受理条件未满足：申请或移送执行的法律文书已经生效"
    ]


def test_bad_id_number_is_shown_beside_its_field(client, tree, people):
    client.force_login(people["clerk"].user)
    before = counts()
    response = post_filing(
        client,
        tree,
        **{"respondents-0-id_number": "110105194912310021", "claim_amount": "12,5a"},
    )
    assert response.status_code == 422 and counts() == before
    row = response.context["respondents"].forms[0]
    assert row.errors["id_number"] == ["身份证号码校验位不正确，请核对"]
    assert response.context["form"].errors["claim_amount"] == ["金额格式不正确"]  # both at once
    cell = re.search(
        r'<td class="has-error"><input[^>]*name="respondents-0-id_number"[^>]*>(.*?)</td>',
        page(response),
        re.S,
    )
    assert cell and "身份证号码校验位不正确" in cell.group(1)


def test_filing_page_is_refused_to_roles_that_do_not_file(client, people):
    client.force_login(people["chief"].user)
    response = client.get("/cases/new/")
    assert response.status_code == 403 and "只有书记员" in page(response)


# ---------------------------------------------------------------- 案件页面


def test_case_page_shows_deadlines_with_sources_and_overdue_in_red(client, people, file_case):
    case = file_case(received_on=date(2026, 9, 21), docket_on=date(2026, 9, 22))
    client.force_login(people["officer"].user)
    html = page(client.get(f"/cases/{case.pk}/"))
    row = re.search(
        r'<tr class="([^"]*)" id="deadline-enforcement_notice-1">(.*?)</tr>', html, re.S
    )
    assert row, "the enforcement-notice deadline is listed"
    assert "overdue" in row.group(1).split()
    cells = row.group(2)
    assert "发出执行通知书" in cells and "民诉法解释 第480条" in cells
    assert "2026-10-08" in cells and "顺延自 2026-10-01" in cells  # National Day
    assert f"已超期 {(TODAY - date(2026, 10, 8)).days} 天" in cells
    assert '<span class="countdown overdue">' in cells
    closure = re.search(r'id="deadline-closure-2">(.*?)</tr>', html, re.S).group(1)
    assert "法发〔2006〕35号 第1条" in closure and "2027-03-22" in closure
    assert f"剩余 {(date(2027, 3, 22) - TODAY).days} 天" in closure and "暂定" in closure


def test_case_page_outside_scope_is_not_found(client, tree, make_staff, file_case):
    case = file_case(docket_on=date(2026, 9, 22))
    client.force_login(make_staff(tree.haidian, "hd_officer").user)
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_case_page_shows_the_limitation_warning(client, people, file_case):
    from tests.cases.conftest import basis

    case = file_case(
        received_on=date(2026, 9, 21),
        basis=basis(effective_on=date(2023, 1, 5), performance_deadline=date(2023, 1, 15)),
    )
    client.force_login(people["clerk"].user)
    html = page(client.get(f"/cases/{case.pk}/"))
    assert 'id="limitation-warning"' in html and "申请执行时间已超过二年申请执行期间" in html


def test_action_forms_are_shown_only_to_roles_that_may_use_them(client, people, file_case):
    case = file_case(received_on=date(2026, 5, 28), docket_on=date(2026, 5, 29))
    services.extension_request(
        actor=people["officer"].user, case=case, on=TODAY, months=2, reason="财产正在拍卖"
    )
    url = f"/cases/{case.pk}/"

    def forms_seen(who):
        client.force_login(people[who].user)
        return set(
            re.findall(
                r'<form method="post" action="[^"]*" class="form" id="([\w-]+)"',
                page(client.get(url)),
            )
        )

    # the president signs 限制消费令 (限高规定 第5条) on the credit page, with the order itself:
    # no bare node is left for the president to record here
    assert forms_seen("president") == {"extension-decide-form"}
    assert forms_seen("clerk") == {"node-form"}
    assert forms_seen("chief") == {"officer-form", "stage-form", "collegial-form"}
    assert forms_seen("officer") == {
        "node-form",
        "extension-request-form",
        "feedback-form",
        "collegial-form",
    }
    client.force_login(people["clerk"].user)
    assert "审批延长" not in page(client.get(url))
    response = client.post(
        f"{url}do/extension_decide/",
        {"extension_decide-occurred_on": "2026-11-26", "extension_decide-decision": "approve"},
    )
    assert response.status_code == 403


def test_president_approves_an_extension(client, people, file_case):
    case = file_case(received_on=date(2026, 5, 28), docket_on=date(2026, 5, 29))
    services.extension_request(
        actor=people["officer"].user, case=case, on=TODAY, months=2, reason="财产正在拍卖"
    )
    client.force_login(people["president"].user)
    response = client.post(
        f"/cases/{case.pk}/do/extension_decide/",
        {
            "extension_decide-occurred_on": "2026-11-26",
            "extension_decide-decision": "approve",
            "extension_decide-months": "2",
        },
    )
    assert response.status_code == 302
    closure = CaseDeadline.objects.get(case=case, code="closure")
    assert closure.extended_months == 2 and closure.due_on == date(2027, 1, 29)
    html = page(client.get(response["Location"]))
    assert "已批准延长执行期限 2 个月" in html and "已批准延长 2 个月" in html


def test_recording_a_node_out_of_order_shows_the_chinese_refusal(client, people, file_case):
    case = file_case(docket_on=date(2026, 9, 22))
    client.force_login(people["officer"].user)
    before = NodeEvent.objects.count()
    response = client.post(
        f"/cases/{case.pk}/do/node/",
        {"node-code": "notice_served", "node-occurred_on": "2026-11-20"},
    )
    assert response.status_code == 409
    assert NodeEvent.objects.count() == before
    assert response.context["forms"]["node"].non_field_errors() == [
        "须先记录“发出执行通知书、报告财产令”，才能记录“执行通知书送达”"
    ]
    assert "须先记录“发出执行通知书、报告财产令”" in page(response)


def test_recording_a_node_marks_its_deadline_done(client, people, file_case):
    case = file_case(docket_on=date(2026, 9, 22))
    client.force_login(people["officer"].user)
    response = client.post(
        f"/cases/{case.pk}/do/node/",
        {
            "node-code": "notice_issued",
            "node-occurred_on": "2026-09-25",
            "node-note": "同时送达报告财产令",
        },
    )
    assert response.status_code == 302
    html = page(client.get(f"/cases/{case.pk}/"))
    row = re.search(r'id="deadline-enforcement_notice-1">(.*?)</tr>', html, re.S).group(1)
    assert "按期完成" in row and "2026-09-25" in row
    assert "已记录节点：发出执行通知书、报告财产令" in html and "同时送达报告财产令" in html


def test_chief_assigns_the_officer_on_the_case_page(client, people, file_case):
    case = file_case(docket_on=date(2026, 9, 22))
    client.force_login(people["chief"].user)
    response = client.post(
        f"/cases/{case.pk}/do/officer/",
        {"officer-officer": people["officer"].pk, "officer-occurred_on": "2026-09-23"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.officer == people["officer"]
    assert "承办人：陈执行" in page(client.get(f"/cases/{case.pk}/"))


def test_stage_separation_refusal_on_the_case_page(client, people, file_case):
    case = file_case(docket_on=date(2026, 9, 22))
    services.stage_assign(
        actor=people["chief"].user,
        cases=[case],
        stage="disposal",
        on=date(2026, 9, 23),
        staff=people["officer"],
    )
    client.force_login(people["chief"].user)
    response = client.post(
        f"/cases/{case.pk}/do/stage/",
        {
            "stage-stage": "inquiry_control",
            "stage-staff": people["officer"].pk,
            "stage-occurred_on": "2026-09-24",
        },
    )
    assert response.status_code == 409
    assert response.context["forms"]["stage"].errors["staff"] == [
        "（2026）京0105执1号：“财产处置”与“财产查控”须由不同人员负责"
    ]


def test_docketing_a_received_case_on_its_page(client, people, file_case):
    case = file_case(received_on=date(2026, 11, 20))
    client.force_login(people["clerk"].user)
    url = f"/cases/{case.pk}/do/docket/"
    response = client.post(url, {"docket-occurred_on": "2026-11-21", "docket-checklist": ["clear"]})
    assert response.status_code == 422 and not EnforcementCase.objects.get().case_number
    assert (
        response.context["forms"]["docket"]
        .errors["checklist"][0]
        .startswith("受理条件未满足（4 项）：申请或移送执行的法律文书已经生效；")
    )
    response = client.post(
        url, {"docket-occurred_on": "2026-11-21", "docket-checklist": list(CHECKLIST)}
    )
    assert response.status_code == 302
    assert "已立案，案号 （2026）京0105执1号" in page(client.get(f"/cases/{case.pk}/"))


def test_feedback_raised_and_answered(client, people, file_case):
    case = file_case(docket_on=date(2026, 9, 22))
    client.force_login(people["officer"].user)
    response = client.post(
        f"/cases/{case.pk}/do/feedback/",
        {"feedback-occurred_on": "2026-11-20", "feedback-issue": "判决未写明利息起算日"},
    )
    assert response.status_code == 302
    feedback = case.trial_feedback.get()
    assert 'id="answer-form-' not in page(
        client.get(f"/cases/{case.pk}/")
    )  # officers do not answer
    client.force_login(people["judge"].user)
    assert f'id="answer-form-{feedback.pk}"' in page(client.get(f"/cases/{case.pk}/"))
    response = client.post(
        f"/cases/{case.pk}/do/answer/",
        {
            "feedback_id": feedback.pk,
            f"answer-{feedback.pk}-occurred_on": "2026-11-24",
            f"answer-{feedback.pk}-answer": "自判决生效之日起算",
        },
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.answer == "自判决生效之日起算" and feedback.answered_by == people["judge"]


def test_collegial_decision_needs_an_odd_panel(client, people, file_case):
    case = file_case(docket_on=date(2026, 9, 22))
    client.force_login(people["officer"].user)
    data = {
        "collegial-kind": "panel",
        "collegial-decided_on": "2026-11-20",
        "collegial-subject": "是否拍卖被执行人房产",
        "collegial-outcome": "同意拍卖",
        "collegial-members": [people["officer"].pk, people["officer2"].pk],
        "collegial-presiding": people["officer"].pk,
    }
    response = client.post(f"/cases/{case.pk}/do/collegial/", data)
    assert response.status_code == 422
    assert response.context["forms"]["collegial"].errors["members"] == [
        "合议或联席会议至少须三名人员参加"
    ]
    data["collegial-members"].append(people["officer3"].pk)
    assert client.post(f"/cases/{case.pk}/do/collegial/", data).status_code == 302
    assert "是否拍卖被执行人房产" in page(client.get(f"/cases/{case.pk}/"))


def test_documents_are_linked_and_downloaded(client, people, file_case):
    case = file_case(docket_on=date(2026, 9, 22))
    client.force_login(people["clerk"].user)
    html = page(client.get(f"/cases/{case.pk}/"))
    for slug in ("filing-notice", "enforcement-notice", "property-report-order"):
        assert f"/cases/{case.pk}/documents/{slug}/" in html
    response = client.get(f"/cases/{case.pk}/documents/enforcement-notice/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert response.content[:2] == b"PK"
    assert client.get(f"/cases/{case.pk}/documents/no-such/").status_code == 404


# ---------------------------------------------------------------- 待办 · 督办 · 统计 · 列表


def test_worklist_and_overdue_list_the_same_overdue_deadline(client, people, file_case):
    case = file_case(received_on=date(2026, 9, 21), docket_on=date(2026, 9, 22))
    services.officer_assign(
        actor=people["chief"].user, cases=[case], officer=people["officer"], on=date(2026, 9, 23)
    )
    deadline = CaseDeadline.objects.get(case=case, code="enforcement_notice")
    assert deadline.responsible == people["officer"]

    client.force_login(people["officer"].user)
    response = client.get("/worklist/")
    mine = [d.pk for d, _recipe, _state in response.context["rows"]]
    assert deadline.pk in mine
    assert re.search(
        r'<tr class="overdue">\s*<td class="due nowrap">2026-10-08.*?（2026）京0105执1号.*?发出执行通知书',
        page(response),
        re.S,
    )

    client.force_login(people["chief"].user)
    response = client.get("/overdue/")
    listed = [d.pk for d, *_ in response.context["rows"]]
    assert deadline.pk in listed
    assert f'action="/deadlines/{deadline.pk}/remind/"' in page(response)

    response = client.post(
        f"/deadlines/{deadline.pk}/remind/", {"message": "请于本周内发出", "next": "/overdue/"}
    )
    assert response.status_code == 302 and response["Location"] == "/overdue/"
    assert Reminder.objects.get().sent_to == people["officer"]
    client.force_login(people["officer"].user)
    html = page(client.get("/worklist/"))
    assert 'id="reminders"' in html and "请于本周内发出" in html


def test_officer_may_not_send_reminders(client, people, file_case):
    case = file_case(received_on=date(2026, 9, 21), docket_on=date(2026, 9, 22))
    deadline = CaseDeadline.objects.get(case=case, code="enforcement_notice")
    client.force_login(people["officer2"].user)
    assert "/remind/" not in page(client.get("/overdue/"))
    client.post(f"/deadlines/{deadline.pk}/remind/", {"message": "催"})
    assert not Reminder.objects.exists()


def test_dashboard_counts_open_cases_by_stage(client, tree, people, file_case):
    file_case(docket_on=date(2026, 9, 22))
    file_case(docket_on=date(2026, 9, 22))
    client.force_login(people["chief"].user)
    response = client.get("/cases/dashboard/")
    html = page(response)
    assert "北京市朝阳区人民法院" in html and f"/cases/?court={tree.chaoyang.pk}" in html
    (row, cells), *_ = response.context["rows"]
    assert row.open_cases == 2 and dict(cells)["filing"] == 2


def test_case_list_filters_and_searches(client, people, file_case):
    first = file_case(docket_on=date(2026, 9, 22))
    file_case(docket_on=date(2026, 9, 22))
    waiting = file_case()
    client.force_login(people["clerk"].user)
    rows = client.get("/cases/").context["rows"]
    assert [c.pk for c in rows] == sorted((c.pk for c in rows), reverse=True) and len(rows) == 3
    assert [c.pk for c in client.get("/cases/?status=received").context["rows"]] == [waiting.pk]
    found = client.get("/cases/", {"q": "(2026)京0105执1号"}).context["rows"]
    assert [c.pk for c in found] == [first.pk]


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_case_list_and_worklist_queries_do_not_grow_with_rows(client, people, file_case):
    def add():
        case = file_case(received_on=date(2026, 9, 21), docket_on=date(2026, 9, 22))
        services.officer_assign(
            actor=people["chief"].user,
            cases=[case],
            officer=people["officer"],
            on=date(2026, 9, 23),
        )

    add()
    client.force_login(people["officer"].user)
    few = (_queries(client, "/cases/"), _queries(client, "/worklist/"))
    for _ in range(6):
        add()
    assert (_queries(client, "/cases/"), _queries(client, "/worklist/")) == few


def test_overdue_list_queries_do_not_grow_with_rows(client, people, file_case):
    file_case(received_on=date(2026, 9, 21), docket_on=date(2026, 9, 22))
    client.force_login(people["chief"].user)
    few = _queries(client, "/overdue/")
    for _ in range(5):
        file_case(received_on=date(2026, 9, 21), docket_on=date(2026, 9, 22))
    assert _queries(client, "/overdue/") == few


# ---------------------------------------------------------------- 批量分配


def test_bulk_assignment_gives_many_cases_an_officer(client, people, file_case):
    cases = [file_case(docket_on=date(2026, 9, 22)) for _ in range(3)]
    client.force_login(people["chief"].user)
    response = client.post(
        "/cases/assign/?missing=officer",
        {
            "cases": [c.pk for c in cases[:2]],
            "what": "officer",
            "officer": people["officer2"].pk,
            "occurred_on": "2026-09-23",
        },
    )
    assert response.status_code == 302
    officers = dict(EnforcementCase.objects.values_list("pk", "officer_id"))
    assert [officers[c.pk] for c in cases] == [people["officer2"].pk] * 2 + [None]


def test_bulk_assignment_refused_for_separation_writes_nothing(client, people, file_case):
    first = file_case(docket_on=date(2026, 9, 22))
    second = file_case(docket_on=date(2026, 9, 22))
    services.stage_assign(
        actor=people["chief"].user,
        cases=[second],
        stage="disposal",
        on=date(2026, 9, 23),
        staff=people["officer"],
    )
    before = (StageAssignment.objects.count(), AuditRecord.objects.count())
    client.force_login(people["chief"].user)
    response = client.post(
        "/cases/assign/?missing=",
        {
            "cases": [first.pk, second.pk],
            "what": "stage",
            "stage": "inquiry_control",
            "staff": people["officer"].pk,
            "occurred_on": "2026-09-24",
        },
    )
    assert response.status_code == 409
    assert (StageAssignment.objects.count(), AuditRecord.objects.count()) == before
    assert response.context["form"].non_field_errors() == [
        "（2026）京0105执2号：“财产处置”与“财产查控”须由不同人员负责。本次分配未作任何更改。"
    ]
    assert not StageAssignment.objects.filter(case=first).exists()
    assert response.context["failed"] == second.pk  # the refused row is marked


def test_bulk_assignment_is_for_assigners_only(client, people):
    client.force_login(people["officer"].user)
    assert client.get("/cases/assign/").status_code == 403


# ---------------------------------------------------------------- 期限计算器 · 导航


def test_public_period_calculator_works_anonymously(client):
    response = client.get("/calculators/period/?start=2026-09-21&length=10&unit=days")
    html = page(response)
    assert response.status_code == 200
    assert "届满日：2026年10月8日（周四）" in html and "2026年10月1日（周四）为法定休假日" in html
    assert "起算日2026年9月21日（周一）为期间开始的日，不计算在期间内" in html
    assert "民事诉讼法（2023）第八十五条" in html

    html = page(client.get("/calculators/period/?start=2026-09-30&length=5&unit=workdays"))
    assert "届满日：2026年10月13日（周二）" in html and "调休上班日：2026年10月10日（周六）" in html
    assert "期间内共有 8 个休息日" in html

    html = page(client.get("/calculators/period/?start=2027-03-01&length=1&unit=months"))
    assert "暂定结果" in html


def test_navigation_by_role(client, tree, people, make_staff):
    def nav(user):
        client.force_login(user)
        return re.findall(
            r'<nav class="mainnav">(.*?)</nav>', page(client.get("/worklist/")), re.S
        )[0]

    clerk = nav(people["clerk"].user)
    assert "立案" in clerk and "我的待办" in clerk and "超期督办" not in clerk
    assert 'href="/calculators/period/"' in clerk
    chief = nav(people["chief"].user)
    assert "超期督办" in chief and "案件统计" in chief and ">立案<" not in chief
    upper = nav(make_staff(tree.bj3, "bj3_officer", roles=[Role.OFFICER]).user)
    assert "超期督办" in upper and "案件统计" in upper


def test_reminder_can_be_marked_read(client, file_case, people):
    from zhixing.cases import services
    from zhixing.cases.models import CaseDeadline, Reminder

    case = file_case(received_on=date(2026, 9, 1))  # the 7 days to docket ran out long ago
    CaseDeadline.objects.filter(case=case, code="docket_decision").update(
        responsible=people["clerk"]
    )
    deadline = CaseDeadline.objects.get(case=case, code="docket_decision")
    services.reminder_send(actor=people["chief"].user, deadline=deadline, message="请于今日立案")
    reminder = Reminder.objects.get()
    assert reminder.sent_to == people["clerk"]
    client.force_login(people["officer"].user)  # not the recipient: nothing happens
    client.post(f"/reminders/{reminder.pk}/read/")
    assert Reminder.objects.get().read_at is None
    client.force_login(people["clerk"].user)
    assert "请于今日立案" in client.get("/worklist/").content.decode()
    assert client.post(f"/reminders/{reminder.pk}/read/").status_code == 302
    assert Reminder.objects.get().read_at is not None
    assert "请于今日立案" not in client.get("/worklist/").content.decode()


def test_page_titles_are_plain_text(client, file_case, people):
    """A <title> holds text only: markup that slips into the title block vanishes from the page."""
    case = file_case(docket_on=date(2026, 9, 22))
    client.force_login(people["chief"].user)
    urls = [
        "/",
        "/worklist/",
        "/cases/",
        f"/cases/{case.pk}/",
        "/overdue/",
        "/cases/dashboard/",
        f"/staff/{people['officer'].pk}/",
        "/courts/",
        "/calculators/period/",
    ]
    for url in urls:
        html = client.get(url).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "<" not in title and len(title) < 80, url
