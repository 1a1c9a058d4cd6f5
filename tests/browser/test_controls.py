"""A real browser: the officer runs a network inquiry, freezes a deposit the simulated bank found,
the bank answers, the officer deducts, the bank answers, and the case's 执行款 page shows the
realized amount."""

import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.conftest import BROWSER_MARKS
from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from zhixing.linkage import partners
from zhixing.linkage.partners import deliver_simulated
from zhixing.linkage.services import seed_departments
from zhixing.measures.models import CaseAccount, ControlMeasure

TODAY = date(2026, 11, 26)
ACCOUNT = "6279008328984968981"  # what the simulated 建设银行 holds for 王被执

pytestmark = BROWSER_MARKS


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The live server runs in this process, so its “today” is pinned too."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture(autouse=True)
def simulated_partner():
    previous = partners.set_default(partners.SimulatedPartner())
    yield
    partners.set_default(previous)


def shot(page, name):
    """Set ZHIXING_SCREENSHOTS=<dir> to keep a picture of each step."""
    folder = os.environ.get("ZHIXING_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_freeze_deduct_and_see_the_money_arrive(live_server, browser, file_case, people, superuser):  # noqa: F811
    seed_departments(actor=superuser)
    case = file_case(docket_on=date(2026, 9, 22))
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "cy_officer")
    page.fill("#id_password", "test-password-1")
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/")

    # 网络查控：各单位答复（模拟）
    page.goto(f"{live_server.url}/cases/{case.pk}/inquiry/")
    page.click("#inquiry-form button.primary")
    page.wait_for_url(f"**/cases/{case.pk}/inquiry/")
    assert deliver_simulated() >= 10

    # 查控措施页：对建设银行存款发出冻结
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("main >> text=查控措施")
    page.wait_for_url(f"**/cases/{case.pk}/controls/")
    row = page.locator("#found-table tr", has_text=ACCOUNT)
    row.locator("summary").click()
    form = row.locator("form")
    assert (
        form.locator("input[name=take-amount]").input_value() == "100000.00"
    )  # capped by the claim
    assert form.locator("input[name=take-expires_on]").input_value() == "2027-11-26"  # 1 year
    shot(page, "1-freeze-form")
    form.locator("button.primary").click()
    page.wait_for_url(re.compile(r".*/controls/#found$"))
    assert "已发出协助执行通知" in page.inner_text(".messages")
    measure = ControlMeasure.objects.get(case=case, identifier=ACCOUNT)
    assert measure.status == "requested"

    # 银行答复：冻结生效
    assert deliver_simulated() == 1
    page.reload()
    measure.refresh_from_db()
    frozen = measure.amount
    assert measure.status == "in_effect" and Decimal("0") < frozen <= Decimal("100000.00")
    control = page.locator(f"#control-{measure.pk}")
    assert "生效中" in control.inner_text() and "首冻" in control.inner_text()
    assert "剩余 365 天" in control.inner_text()
    shot(page, "2-frozen")

    # 扣划，银行答复，款项计入本案账户
    actions = page.locator(f"#control-{measure.pk} + tr")
    actions.locator("summary", has_text="扣划").click()
    deduct = page.locator(f"#deduct-form-{measure.pk}")
    assert deduct.locator("input[name=deduct-amount]").input_value() == f"{frozen:.2f}"
    deduct.locator("button.primary").click()
    page.wait_for_url(re.compile(r".*/controls/#controls$"))
    assert "已向中国建设银行发出协助扣划通知" in page.inner_text(".messages")
    assert deliver_simulated() == 1
    page.reload()
    shot(page, "3-deducted")
    assert "已划拨" in page.inner_text("#controls-table")

    page.click("#deducted a")
    page.wait_for_url(f"**/cases/{case.pk}/funds/")
    shot(page, "4-funds")
    assert f"{frozen:,.2f} 元" in page.inner_text("#realized")
    assert "法院扣划" in page.inner_text("#ledger-table")
    assert CaseAccount.objects.get(case=case).received_total == frozen
