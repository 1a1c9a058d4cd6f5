"""A real browser: the officer opens 待恢复执行 (/resumptions/), sees the 终本 case flagged after
the six-monthly inquiry found a flat, resumes it, and lands on the new 执恢 case, which links the
original and shows the original's timeline."""

import os
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.conftest import BROWSER_MARKS
from tests.cases.conftest import basis, file_case, people  # noqa: F401 (fixtures)
from tests.closure.after.conftest import (
    CLOSED,
    DOCKETED,
    FLAT,
    RECEIVED,
    ROUND1,
    close_by,
)
from zhixing.cases import services as case_services
from zhixing.closure import duties as closure_duties
from zhixing.closure.models import ResumptionFlag
from zhixing.core import duties
from zhixing.linkage import partners
from zhixing.linkage.models import OutboxMessage
from zhixing.linkage.services import answer_receive, seed_departments

TODAY = date(2026, 11, 26)
pytestmark = BROWSER_MARKS


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The live server runs in this process, so its “today” is pinned too."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


class Silent:
    def send(self, message):  # requests are recorded; the answers are given below
        pass


@pytest.fixture(autouse=True)
def silent_partner():
    previous = partners.set_default(Silent())
    yield
    partners.set_default(previous)


def shot(page, name):
    folder = os.environ.get("ZHIXING_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_resume_a_flagged_round_termination_case(
    live_server,
    browser,
    file_case,  # noqa: F811
    people,  # noqa: F811
    superuser,
):
    seed_departments(actor=superuser)
    case = file_case(
        received_on=RECEIVED,
        docket_on=DOCKETED,
        basis=basis(effective_on=date(2025, 3, 1), performance_deadline=date(2025, 3, 15)),
    )
    case_services.officer_assign(
        actor=people["chief"].user, cases=[case], officer=people["officer"], on=DOCKETED
    )
    close_by(case, people["officer"].user, CLOSED)
    with duties.as_of(ROUND1):
        closure_duties.after_round_termination(ROUND1)
        for message in OutboxMessage.objects.filter(case=case, kind="inquiry").select_related(
            "department"
        ):
            items = [FLAT] if message.department.code == "real-estate" else []
            answer_receive(
                actor=None,
                department_code=message.department.code,
                answer_id=f"T-{message.pk}",
                message_key=message.idempotency_key,
                payload={"items": items},
            )
    flag = ResumptionFlag.objects.get(case=case, status="open")

    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "cy_officer")
    page.fill("#id_password", "test-password-1")
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/worklist/")
    assert "待恢复执行" in page.inner_text("#resumptions")
    page.click("#resumptions a:has-text('恢复执行或核查')")
    page.wait_for_url(f"{live_server.url}/resumptions/*")
    row = page.locator(f"#flag-{flag.pk}")
    assert "北京市朝阳区住宅一套" in row.inner_text()
    shot(page, "resumptions")
    row.locator("summary:has-text('恢复执行（另立执恢案件）')").click()
    row.locator("input[name='resume-confirmed']").check()
    row.locator(f"#resume-form-{flag.pk} button.primary").click()
    page.wait_for_selector("#previous-case")
    assert f"原案 {case.case_number}" in page.inner_text("#previous-case")
    assert "执恢" in page.inner_text("#case-number")
    assert "恢复执行（另立执恢案件）" in page.inner_text("#previous-timeline")
    shot(page, "resumed-case")
    page.click(f"#previous-case a:has-text('{case.case_number}')")
    page.wait_for_url(f"{live_server.url}/cases/{case.pk}/")
    flag.refresh_from_db()
    assert flag.status == "resumed"
