"""Pages: the case's 上级监督与委托 page, the 上级监督 list, the 执行请示 page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from zhixing.cases.models import EnforcementCase
from zhixing.review.models import InstructionRequest, SupervisionAction

pytestmark = pytest.mark.django_db


def login(client, member):
    assert client.login(username=member.user.username, password=PASSWORD)
    return client


def test_upper_judge_sees_upper_forms_and_escalates(client, staff, cy_case):
    case = cy_case()
    c = login(client, staff["bj3_judge"])
    page = c.get(reverse("case-supervision", args=[case.pk])).content.decode()
    for form in ("order-form", "escalate-form", "designate-form", "cross-form"):
        assert f'id="{form}"' in page
    assert 'id="entrust-form"' not in page
    today = timezone.localdate().isoformat()
    r = c.post(
        reverse("case-supervision-action", args=[case.pk, "escalate"]),
        {"escalate-on": today, "escalate-reason": "消极执行"},
    )
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == EnforcementCase.Status.CLOSED
    page = c.get(reverse("case-supervision", args=[case.pk])).content.decode()
    assert "提级执行" in page and "终结执行" in page


def test_basic_court_sees_own_forms_only(client, staff, cy_case):
    case = cy_case()
    page = (
        login(client, staff["cy_officer"])
        .get(reverse("case-supervision", args=[case.pk]))
        .content.decode()
    )
    assert 'id="entrust-form"' in page and 'id="instruct-form"' in page
    assert 'id="escalate-form"' not in page
    r = client.post(
        reverse("case-supervision-action", args=[case.pk, "escalate"]),
        {"escalate-on": timezone.localdate().isoformat(), "escalate-reason": "x"},
    )
    assert r.status_code == 403


def test_designation_form_offers_only_district_courts(client, tree, courts, staff, cy_case):
    case = cy_case()
    page = (
        login(client, staff["bj3_judge"])
        .get(reverse("case-supervision", args=[case.pk]))
        .content.decode()
    )
    designate = page.split('id="designate-form"')[1].split("</form>")[0]
    assert "北京市通州区人民法院" in designate and "北京市海淀区人民法院" not in designate


def test_refusal_shown_on_form(client, staff, cy_case):
    case = cy_case()
    c = login(client, staff["bj3_judge"])
    r = c.post(
        reverse("case-supervision-action", args=[case.pk, "order"]),
        {
            "order-on": timezone.localdate().isoformat(),
            "order-until": timezone.localdate().isoformat(),
            "order-reason": "x",
        },
    )
    assert r.status_code == 422
    assert "限期执行的期限应晚于发出督促执行令的日期" in r.content.decode()
    assert not SupervisionAction.objects.exists()


def test_entrustment_received_from_list(client, courts, staff, cy_case):
    case = cy_case()
    today = timezone.localdate().isoformat()
    c = login(client, staff["cy_officer"])
    c.post(
        reverse("case-supervision-action", args=[case.pk, "entrust"]),
        {
            "entrust-on": today,
            "entrust-to_court": courts["fengtai"].pk,
            "entrust-reason": "财产在丰台",
        },
    )
    action = SupervisionAction.objects.get(kind="entrustment")
    c.logout()
    c = login(client, staff["ft_clerk"])
    page = c.get(reverse("supervision-list")).content.decode()
    assert f'id="pending-{action.pk}"' in page
    r = c.post(
        reverse("supervision-step", args=[action.pk, "receive"]),
        {"on": today, "back": reverse("supervision-list")},
    )
    assert r.status_code == 302
    action.refresh_from_db()
    assert action.new_case is not None
    c.logout()
    c = login(client, staff["cy_officer"])
    page = c.get(reverse("case-supervision", args=[case.pk])).content.decode()
    assert f'id="step-close-{action.pk}"' in page
    assert "委托法院应作委托结案处理" in page


def test_upper_list_puts_overdue_first(client, staff, cy_case):
    from datetime import date, timedelta

    from zhixing.review.duties import overdue_supervision
    from zhixing.review.services import supervision as services

    on = date(2026, 3, 2)
    first = services.enforce_order(
        actor=staff["bj3_judge"].user,
        case=cy_case(),
        on=on,
        until=on + timedelta(days=5),
        reason="a",
    )
    services.enforce_order(
        actor=staff["bj3_judge"].user, case=cy_case(), on=on, until=date(2099, 1, 1), reason="b"
    )
    overdue_supervision(on + timedelta(days=6))
    page = login(client, staff["bj3_judge"]).get(reverse("supervision-list")).content.decode()
    assert page.index(f'id="action-{first.pk}"') < page.index(
        'id="action-', page.index(f'id="action-{first.pk}"') + 5
    )
    assert "执行程序解释 第12条" in page


def test_instruction_page_request_and_answer(client, staff):
    today = timezone.localdate().isoformat()
    c = login(client, staff["cy_officer"])
    r = c.post(reverse("instruction-new"), {"on": today, "question": "参与分配如何处理"})
    assert r.status_code == 302
    row = InstructionRequest.objects.get()
    c.logout()
    c = login(client, staff["bj3_judge"])
    page = c.get(reverse("instruction-list")).content.decode()
    assert f'id="answer-form-{row.pk}"' in page
    r = c.post(
        reverse("instruction-answer", args=[row.pk]),
        {f"a{row.pk}-on": today, f"a{row.pk}-answer": "依法处理"},
    )
    assert r.status_code == 302
    row.refresh_from_db()
    assert row.answered_on is not None
