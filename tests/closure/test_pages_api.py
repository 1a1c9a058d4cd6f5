"""The closure page, the 结案通知书, the statistics page and /api/v1/ for 结案 and 终本."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.utils import timezone

from tests.closure.conftest import YOUNG_CLOSING
from tests.conftest import PASSWORD
from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase
from zhixing.closure.models import ReInquiry
from zhixing.closure.services import case_close
from zhixing.core.rules.roles import Role

pytestmark = pytest.mark.django_db


def client_for(client, staff):
    client.login(username=staff.user.username, password=PASSWORD)
    return client


def review(people, case, on):
    return case_services.collegial_decision_record(
        actor=people["officer"].user,
        case=case,
        kind="panel",
        decided_on=on,
        subject="终结本次执行程序审查",
        outcome="同意终本",
        members=[people["officer"], people["officer2"], people["officer3"]],
        presiding=people["officer"],
        topic="round_termination",
    )


# --- pages -----------------------------------------------------------------------------------


def test_the_closure_page_shows_modes_and_the_whole_checklist(client, people, young_case):
    page = client_for(client, people["officer"]).get(f"/cases/{young_case.pk}/closure/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('id="cond-') == 13
    assert "尚缺" in html and "终结本次执行程序" in html and "驳回申请" in html
    assert "法〔2016〕373号 第1条第4项" in html and "民诉法解释 第517条" in html
    assert f'href="/cases/{young_case.pk}/inquiry/"' in html  # where to do the network inquiry
    assert 'id="close-form"' in html


def test_a_refused_round_termination_closure_lists_every_missing_item_on_the_page(
    client, people, young_case
):
    c = client_for(client, people["officer"])
    response = c.post(
        f"/cases/{young_case.pk}/closure/close/",
        {"close-mode": "round_terminated", "close-on": YOUNG_CLOSING.isoformat()},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert 'id="refusal"' in html and "尚缺以下 9 项" in html
    assert html.count("<li>") >= 9
    young_case.refresh_from_db()
    assert young_case.status == "docketed"


def test_closing_on_the_page_then_the_notice_downloads(client, people, ready_case):
    c = client_for(client, people["officer"])
    today = timezone.localdate()
    response = c.post(
        f"/cases/{ready_case.pk}/closure/close/",
        {"close-mode": "round_terminated", "close-on": today.isoformat(), "close-note": "同意"},
    )
    assert response.status_code == 302
    page = c.get(f"/cases/{ready_case.pk}/closure/").content.decode()
    assert "已结案" in page and 'id="notice-download"' in page and "已安排 10 次" in page
    notice = c.get(f"/cases/{ready_case.pk}/closure-notice/")
    assert notice.status_code == 200 and notice["Content-Disposition"].endswith(".docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(notice.content)).paragraphs)
    assert "结案通知书" in text and "终结本次执行程序" in text
    assert "不受申请执行时效期间的限制" in text and "每六个月" in text
    assert text.count("特此通知") == 2  # one copy per party


def test_the_notice_of_an_open_case_is_refused(client, people, young_case):
    response = client_for(client, people["officer"]).get(f"/cases/{young_case.pk}/closure-notice/")
    assert response.status_code == 409


def test_the_president_approves_on_the_page_after_a_review(client, people, young_case):
    rv = review(people, young_case, date(2026, 10, 10))
    officer_page = client_for(client, people["officer"]).get(f"/cases/{young_case.pk}/closure/")
    assert 'id="approve-form"' not in officer_page.content.decode()
    client.logout()
    c = client_for(client, people["president"])
    page = c.get(f"/cases/{young_case.pk}/closure/").content.decode()
    assert 'id="approve-form"' in page and 'id="close-form"' not in page
    response = c.post(
        f"/cases/{young_case.pk}/closure/approve/",
        {"approve-decision": rv.pk, "approve-on": "2026-10-12"},
    )
    assert response.status_code == 302
    assert young_case.events.filter(code="round_termination_approved").count() == 1


def test_a_review_is_recorded_on_the_page_with_the_round_termination_topic(
    client, people, young_case
):
    c = client_for(client, people["officer"])
    response = c.post(
        f"/cases/{young_case.pk}/closure/review/",
        {
            "review-kind": "panel",
            "review-decided_on": "2026-10-10",
            "review-subject": "终结本次执行程序审查",
            "review-outcome": "同意终本",
            "review-members": [people[k].pk for k in ("officer", "officer2", "officer3")],
            "review-presiding": people["officer"].pk,
        },
    )
    assert response.status_code == 302
    assert young_case.collegial_decisions.get().topic == "round_termination"


def test_another_courts_staff_get_404(client, people, young_case, tree, make_staff):
    stranger = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    c = client_for(client, stranger)
    assert c.get(f"/cases/{young_case.pk}/closure/").status_code == 404
    assert c.post(f"/cases/{young_case.pk}/closure/close/", {}).status_code == 404


def test_the_case_page_offers_the_new_nodes_to_their_roles(client, people, young_case):
    officer_page = client_for(client, people["officer"]).get(f"/cases/{young_case.pk}/")
    html = officer_page.content.decode()
    assert "约谈申请执行人" in html and "实地调查" in html
    # 限制消费令 and the 失信 decision come with their documents from the credit pages: the case
    # page's node form does not offer them as bare nodes
    assert 'value="consumption_restricted"' not in html
    assert 'value="dishonest_listed"' not in html


def test_statistics_keep_round_termination_apart(client, people, ready_case, young_case):
    today = timezone.localdate()
    case_close(actor=people["officer"].user, case=ready_case, mode="round_terminated", on=today)
    case_close(
        actor=people["officer"].user, case=young_case, mode="fully_performed", on=YOUNG_CLOSING
    )
    c = client_for(client, people["chief"])
    html = c.get("/closures/statistics/", {"start": "2026-01-01", "end": today.isoformat()})
    text = html.content.decode()
    assert html.status_code == 200 and "终本占比" in text and "50.00%" in text
    api = c.get("/api/v1/closures/statistics", {"start": "2026-01-01"}).json()
    assert api["total"]["round_termination"] == 1 and api["total"]["others"] == 1
    assert api["total"]["by_mode"] == {"round_terminated": 1, "fully_performed": 1}
    outside = c.get("/api/v1/closures/statistics", {"start": "2020-01-01", "end": "2020-12-31"})
    assert outside.json()["courts"] == []


# --- API -------------------------------------------------------------------------------------


def test_api_checklist_and_refusal_with_the_missing_list(client, people, young_case):
    c = client_for(client, people["officer"])
    got = c.get(f"/api/v1/cases/{young_case.pk}/closure").json()
    assert [m["mode"] for m in got["modes"]][:2] == ["fully_performed", "round_terminated"]
    assert len(got["checklist"]) == 13 and got["round_termination_ready"] is False
    response = c.post(
        f"/api/v1/cases/{young_case.pk}/closure",
        {"mode": "round_terminated", "on": YOUNG_CLOSING.isoformat()},
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 409 and body["code"] == "closure.round_termination_gate"
    assert len(body["missing"]) == 9 and all(m["missing"] and m["source"] for m in body["missing"])
    assert body["missing"][0]["code"] == "round_termination.three_months"
    assert EnforcementCase.objects.get(pk=young_case.pk).status == "docketed"


def test_api_closes_a_prepared_case_and_refuses_bad_modes(client, people, ready_case):
    c = client_for(client, people["officer"])
    bad = c.post(
        f"/api/v1/cases/{ready_case.pk}/closure",
        {"mode": "preserved"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["code"] == "closure.mode"
    done = c.post(
        f"/api/v1/cases/{ready_case.pk}/closure",
        {"mode": "round_terminated"},
        content_type="application/json",
    )
    assert done.status_code == 200
    body = done.json()
    assert body["status"] == "closed" and body["closure_mode_label"] == "终结本次执行程序"
    assert body["notice_url"] == f"/cases/{ready_case.pk}/closure-notice/"
    assert ReInquiry.objects.filter(case=ready_case).count() == 10


def test_api_round_termination_approval(client, people, young_case):
    rv = review(people, young_case, date(2026, 10, 10))
    c = client_for(client, people["officer"])
    url = f"/api/v1/cases/{young_case.pk}/round-termination-approval"
    denied = c.post(
        url, {"decision_id": rv.pk, "on": "2026-10-12"}, content_type="application/json"
    )
    assert denied.status_code == 403 and denied.json()["code"] == "round_termination.role"
    client.logout()
    c = client_for(client, people["president"])
    missing = c.post(url, {"decision_id": 999999}, content_type="application/json")
    assert missing.status_code == 404
    ok = c.post(url, {"decision_id": rv.pk, "on": "2026-10-12"}, content_type="application/json")
    assert ok.status_code == 200
    consent = next(
        x for x in ok.json()["checklist"] if x["code"] == "round_termination.consent_or_approval"
    )
    assert consent["met"] is True


def test_api_scope(client, people, young_case, tree, make_staff):
    stranger = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    c = client_for(client, stranger)
    assert c.get(f"/api/v1/cases/{young_case.pk}/closure").status_code == 404
    response = c.post(
        f"/api/v1/cases/{young_case.pk}/closure",
        {"mode": "fully_performed"},
        content_type="application/json",
    )
    assert response.status_code == 404
    upper = make_staff(tree.bj3, "bj3_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None)
    client.logout()
    assert (
        client_for(client, upper).get(f"/api/v1/cases/{young_case.pk}/closure").status_code == 200
    )


def test_the_case_timeline_names_the_closure_mode_in_words(client, people, young_case):
    case_close(
        actor=people["officer"].user,
        case=young_case,
        mode="fully_performed",
        on=timezone.localdate(),
    )
    html = client_for(client, people["officer"]).get(f"/cases/{young_case.pk}/").content.decode()
    assert "结案方式：执行完毕" in html and "fully_performed" not in html


def test_an_upper_court_judge_cannot_close_a_lower_courts_case_by_the_api(
    client, people, ready_case, tree, make_staff
):
    """京03 sees 京0105's cases but does not close them (by any mode, 终本 included): only the
    case's own court closes it; escalation closes it through the supervision service."""
    upper = make_staff(tree.bj3, "bj3_judge", roles=[Role.JUDGE])
    c = client_for(client, upper)
    url = f"/api/v1/cases/{ready_case.pk}/closure"
    assert c.get(url).status_code == 200
    for mode in ("round_terminated", "fully_performed", "terminated"):
        response = c.post(url, {"mode": mode}, content_type="application/json")
        assert response.status_code == 403 and response.json()["code"] == "closure.other_court"
        assert "北京市朝阳区人民法院" in response.json()["message"]
    case = EnforcementCase.objects.get(pk=ready_case.pk)
    assert (case.status, case.closure_mode) == ("docketed", "")
    assert not ReInquiry.objects.filter(case=ready_case).exists()


def test_the_page_offers_only_the_latest_panel_review_for_approval(client, people, young_case):
    """民诉法解释 第517条: the review form records a 合议庭 only; the president is offered the panel's
    latest review, and the table says which reviews no longer count."""
    old = review(people, young_case, date(2026, 10, 10))
    new = review(people, young_case, date(2026, 10, 11))
    c = client_for(client, people["officer"])
    page = c.get(f"/cases/{young_case.pk}/closure/").content.decode()
    assert 'value="joint_meeting"' not in page and 'value="panel"' in page
    joint = c.post(
        f"/cases/{young_case.pk}/closure/review/",
        {
            "review-kind": "joint_meeting",
            "review-decided_on": "2026-10-11",
            "review-subject": "终结本次执行程序审查",
            "review-outcome": "同意终本",
            "review-members": [people[k].pk for k in ("officer", "officer2", "officer3")],
            "review-presiding": people["officer"].pk,
        },
    )
    assert joint.status_code == 422 and young_case.collegial_decisions.count() == 2
    client.logout()
    c = client_for(client, people["president"])
    page = c.get(f"/cases/{young_case.pk}/closure/").content.decode()
    assert f'<option value="{new.pk}"' in page and f'<option value="{old.pk}"' not in page
    assert "已由此后的审查意见取代" in page and "待院长批准" in page
    response = c.post(
        f"/cases/{young_case.pk}/closure/approve/",
        {"approve-decision": old.pk, "approve-on": "2026-10-12"},
    )
    assert response.status_code == 422
    assert not young_case.events.filter(code="round_termination_approved").exists()
