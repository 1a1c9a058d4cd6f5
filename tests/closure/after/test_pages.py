"""Pages and API after 终本: the ten rounds, /resumptions/ (oldest first, resume → the new 执恢 case
page linking the original and showing its timeline), the worklist section; scope-checked."""

from datetime import date

import pytest
from django.urls import reverse

from tests.closure.after.conftest import ROUND1
from zhixing.closure import duties as closure_duties
from zhixing.closure.models import ResumptionFlag
from zhixing.closure.services import after
from zhixing.core import duties

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 26)


@pytest.fixture
def flagged(round_termination, people):
    """Two 终本 cases with open flags: the older raised on 2026-11-20."""
    cases = [round_termination(), round_termination()]
    older = after.lead_after_round_termination(
        actor=people["officer"].user,
        case=cases[1],
        description="工资收入",
        provided_by="申请执行人",
        on=date(2026, 11, 20),
    )
    newer = after.resumption_apply(
        actor=people["officer"].user, case=cases[0], detail="新购车辆", on=TODAY
    )
    return older, newer


def test_resumptions_page_lists_open_flags_oldest_first(client, people, flagged):
    older, newer = flagged
    client.force_login(people["officer"].user)
    page = client.get(reverse("resumptions")).content.decode()
    assert page.index(f'id="flag-{older.pk}"') < page.index(f'id="flag-{newer.pk}"')
    assert "恢复执行（另立执恢案件）" in page and "经核查不予恢复" in page
    assert "已等待 6 天" in page


def test_resume_from_the_page_opens_the_new_case_linking_the_original(client, people, flagged):
    older, _ = flagged
    client.force_login(people["clerk"].user)
    response = client.post(
        reverse("resumption-action", args=[older.pk, "resume"]),
        {"resume-on": "2026-11-26", "resume-confirmed": "on", "resume-note": ""},
    )
    older.refresh_from_db()
    new = older.resumed_case
    assert response.status_code == 302 and response.url == reverse("case-detail", args=[new.pk])
    page = client.get(response.url).content.decode()
    assert f"原案 {older.case.case_number}" in page
    assert 'id="previous-timeline"' in page and "恢复执行（另立执恢案件）" in page
    assert "申请执行时效提示" not in page


def test_resume_without_confirmation_is_shown_on_the_form(client, people, flagged):
    older, _ = flagged
    client.force_login(people["clerk"].user)
    response = client.post(
        reverse("resumption-action", args=[older.pk, "resume"]), {"resume-on": "2026-11-26"}
    )
    assert response.status_code == 422 and "请确认已审查立案条件" in response.content.decode()
    older.refresh_from_db()
    assert older.status == "open"


def test_dismiss_from_the_page(client, people, flagged):
    _, newer = flagged
    client.force_login(people["officer"].user)
    response = client.post(
        reverse("resumption-action", args=[newer.pk, "dismiss"]),
        {"dismiss-on": "2026-11-26", "dismiss-reason": "车辆登记在案外人名下"},
    )
    assert response.status_code == 302
    newer.refresh_from_db()
    assert newer.status == "dismissed"


def test_out_of_scope_flags_are_404(client, flagged, make_staff, tree):
    older, _ = flagged
    client.force_login(make_staff(tree.haidian, "hd_officer").user)
    assert f'id="flag-{older.pk}"' not in client.get(reverse("resumptions")).content.decode()
    response = client.post(
        reverse("resumption-action", args=[older.pk, "dismiss"]),
        {"dismiss-on": "2026-11-26", "dismiss-reason": "x"},
    )
    assert response.status_code == 404
    assert (
        client.get(reverse("case-after-round-termination", args=[older.case_id])).status_code == 404
    )


def test_case_page_shows_ten_rounds_and_the_worklist_shows_the_flag(
    client, people, round_termination, answer_round
):
    case = round_termination()
    with duties.as_of(ROUND1):
        closure_duties.after_round_termination(ROUND1)
        answer_round(case)
    client.force_login(people["officer"].user)
    page = client.get(reverse("case-after-round-termination", args=[case.pk])).content.decode()
    assert page.count('id="round-') == 10
    assert "未发现可供执行的财产" in page and "2026-04-10 已告知" in page
    response = client.post(
        reverse("case-after-round-termination-action", args=[case.pk, "lead"]),
        {
            "lead-provided_by": "申请执行人",
            "lead-description": "被执行人名下新车",
            "lead-on": "2026-11-26",
        },
    )
    assert response.status_code == 302
    worklist = client.get(reverse("worklist")).content.decode()
    assert 'id="resumptions"' in worklist and "被执行人名下新车" in worklist


def test_api(client, people, flagged, round_termination, make_staff, tree):
    older, newer = flagged
    client.force_login(people["clerk"].user)
    rounds = client.get(f"/api/v1/cases/{older.case_id}/re-inquiries").json()
    assert [r["round"] for r in rounds] == list(range(1, 11)) and rounds[0][
        "due_on"
    ] == "2026-04-10"
    flags = client.get("/api/v1/resumptions").json()
    assert [f["id"] for f in flags] == [older.pk, newer.pk]
    refused = client.post(
        f"/api/v1/resumptions/{older.pk}/resume",
        {"on": "2026-11-26", "confirmed": False},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["code"] == "resumption.unconfirmed"
    done = client.post(
        f"/api/v1/resumptions/{older.pk}/resume",
        {"on": "2026-11-26", "confirmed": True},
        content_type="application/json",
    )
    assert done.status_code == 201
    body = done.json()
    assert "执恢" in body["case_number"] and body["previous_case_id"] == older.case_id
    assert body["flag"]["status"] == "resumed"
    dismissed = client.post(
        f"/api/v1/resumptions/{newer.pk}/dismiss",
        {"on": "2026-11-26", "reason": "线索不实"},
        content_type="application/json",
    )
    assert dismissed.status_code == 200 and dismissed.json()["status"] == "dismissed"
    case = round_termination()
    created = client.post(
        f"/api/v1/cases/{case.pk}/leads-after-round-termination",
        {"on": "2026-11-26", "description": "股权", "provided_by": "案外人"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["source"] == "lead"
    client.force_login(make_staff(tree.haidian, "hd_officer").user)
    assert client.get(f"/api/v1/cases/{case.pk}/re-inquiries").status_code == 404
    assert client.get("/api/v1/resumptions").json() == []
    assert ResumptionFlag.objects.filter(status="open").count() == 1


def test_the_closure_page_carries_the_after_round_termination_section(
    client, people, round_termination
):
    case = round_termination()
    client.force_login(people["officer"].user)
    page = client.get(reverse("case-closure", args=[case.pk])).content.decode()
    assert 'id="after-round-termination"' in page and page.count('id="round-') == 10
    response = client.post(
        reverse("case-after-round-termination-action", args=[case.pk, "apply"]),
        {"apply-detail": "发现被执行人新购车辆", "apply-on": "2026-11-26", "back": "closure"},
    )
    assert response.url == reverse("case-closure", args=[case.pk]) + "#after-round-termination"
    assert ResumptionFlag.objects.get(case=case).source == "applicant"
