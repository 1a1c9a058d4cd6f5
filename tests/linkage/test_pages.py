"""Pages: 网络查控 of a case and 联动对账."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.linkage.conftest import STARTED
from zhixing.cases.models import NodeEvent
from zhixing.core.rules.roles import Role
from zhixing.linkage.models import OutboxMessage, PropertyFound
from zhixing.linkage.partners import deliver_simulated

pytestmark = pytest.mark.django_db


def login(client, staff):
    assert client.login(username=staff.user.username, password=PASSWORD)


def test_officer_starts_from_the_page_and_sees_the_answers(
    client, people, case, django_capture_on_commit_callbacks
):
    login(client, people["officer"])
    page = client.get(f"/cases/{case.pk}/inquiry/")
    assert page.status_code == 200
    assert "发起查控" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cases/{case.pk}/inquiry/start/", {"on": STARTED.isoformat()})
    assert response.status_code == 302
    deliver_simulated()
    html = client.get(f"/cases/{case.pk}/inquiry/").content.decode()
    assert "中国工商银行" in html and "已答复" in html
    amount = PropertyFound.objects.filter(case=case, amount__isnull=False).first()
    assert f"{amount.amount:,.2f}" in html
    assert f'href="/cases/{case.pk}/"' in html
    assert NodeEvent.objects.filter(case=case, code="investigation_completed").exists()


def test_clerk_sees_no_button_and_is_refused(client, people, case):
    login(client, people["clerk"])
    assert "发起查控" not in client.get(f"/cases/{case.pk}/inquiry/").content.decode()
    response = client.post(f"/cases/{case.pk}/inquiry/start/", {"on": STARTED.isoformat()})
    assert response.status_code == 403
    assert not OutboxMessage.objects.exists()


def test_refusal_is_shown_beside_the_form(client, people, case):
    login(client, people["officer"])
    response = client.post(f"/cases/{case.pk}/inquiry/start/", {"on": "2026-09-01"})
    assert response.status_code == 422
    assert "查控日期不能早于立案日期" in response.content.decode()


def test_other_court_gets_404(client, people, case, tree, make_staff):
    login(client, make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER]))
    assert client.get(f"/cases/{case.pk}/inquiry/").status_code == 404
    assert client.post(f"/cases/{case.pk}/inquiry/start/", {"on": "2026-11-02"}).status_code == 404


def test_reconciliation_page_lists_overdue_within_scope_without_n_plus_one(
    client, people, case, file_case, tree, make_staff, recording
):
    from zhixing.linkage.services import network_inquiry_start

    network_inquiry_start(actor=people["officer"].user, case=case, on=STARTED)
    fresh = file_case(docket_on=date(2026, 9, 22))
    network_inquiry_start(actor=people["officer"].user, case=fresh, on=timezone.localdate())
    OutboxMessage.objects.filter(case=case, department__code="icbc").update(
        attempts=3, status="failed", last_error="前置机连接超时"
    )
    login(client, people["officer"])
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/outbox/").content.decode()
    assert html.count('<tr class="overdue">') == 10
    assert "前置机连接超时" in html and case.case_number in html and fresh.case_number not in html
    assert len(queries) <= 12
    login(client, make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER]))
    assert "没有超期未答复" in client.get("/outbox/").content.decode()
