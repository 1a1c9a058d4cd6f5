"""A real browser: the officer opens a distribution, registers a mortgagee and two ordinary
creditors, makes and serves the plan, and sees each creditor's amount and the objection window."""

import os
from datetime import date

import pytest
from django.utils import timezone

from tests.browser.conftest import BROWSER_MARKS
from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from zhixing.measures.models import Distribution

TODAY = date(2026, 11, 26)

pytestmark = BROWSER_MARKS


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The live server runs in this process, so its “today” is pinned too."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def test_three_creditor_plan_is_built_and_shown(live_server, page, file_case, people):  # noqa: F811
    case = file_case(docket_on=date(2026, 9, 22))
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "cy_officer")
    page.fill("#id_password", "test-password-1")
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/")

    url = f"{live_server.url}/cases/{case.pk}/distribution/"
    page.goto(url)
    assert "本案尚未启动参与分配" in page.inner_text("main")
    page.fill("#id_open-property_description", "朝阳区某房屋拍卖价款")
    page.fill("#id_open-amount", "1,000,000.00")
    page.fill("#id_open-opened_on", "2026-10-12")
    page.click("#open-form button.primary")
    page.wait_for_url(f"{url}#distributions")
    row = Distribution.objects.get()
    assert "已启动参与分配" in page.inner_text(".messages")

    claims = [
        ("某银行（抵押权人）", "priority", "500000", {"created_on": "2024-03-01"}),
        ("甲", "ordinary", "400000", {"title_number": "（2026）京0105民初1号"}),
        ("乙", "ordinary", "200000", {"title_number": "（2026）京0105民初2号"}),
    ]
    prefix = f"#id_claim{row.pk}_claim-"
    for creditor, kind, amount, extra in claims:
        form = page.locator(f"#claim-form-{row.pk}")
        if not form.is_visible():
            page.click(f"details:has(#claim-form-{row.pk}) > summary")
        page.fill(f"{prefix}creditor", creditor)
        page.select_option(f"{prefix}kind", kind)
        page.fill(f"{prefix}amount", amount)
        page.fill(f"{prefix}filed_on", "2026-10-15")
        for field, value in extra.items():
            page.fill(f"{prefix}{field}", value)
        form.locator("button.primary").click()
        page.wait_for_url(f"{url}#claims-{row.pk}")
        assert f"已准许{creditor}" in page.inner_text(".messages")

    page.fill(f"#id_serve{row.pk}_serve-served_on", "2026-11-02")
    page.click(f"#serve-form-{row.pk} button.primary")
    page.wait_for_url(f"{url}#plan-{row.pk}")
    assert "分配方案第1版已制作并送达" in page.inner_text(".messages")

    plan = page.locator(f"#plan-table-{row.pk}")
    bank = plan.locator("tr", has_text="某银行").inner_text()
    assert "优先受偿 按设立先后" in bank and "500,000.00" in bank
    first = plan.locator("tr", has_text="甲").inner_text()
    second = plan.locator("tr", has_text="乙").inner_text()
    assert "普通债权 按比例" in first and "333,333.33" in first and "66,666.67" in first
    assert "166,666.67" in second and "33,333.33" in second
    assert "1,000,000.00" in plan.locator("tr.total").inner_text()
    window = page.locator(f"#window-table-{row.pk}").inner_text()
    assert "2026-11-17" in window and "已届满" in window and "第509条" in window
    assert page.locator(f"#status-{row.pk}").inner_text() == "方案已送达"
    shot = os.environ.get("ZHIXING_SCREENSHOT_DIR")
    if shot:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=os.path.join(shot, "distribution.png"), full_page=True)
