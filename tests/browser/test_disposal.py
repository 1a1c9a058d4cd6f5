"""A real browser announces an online auction round: without a collegial decision the page says
so and links to the case page where one is recorded (网拍规定 第27条); once recorded, the page names
it. A start price below 70 % and a notice to the parties less than 3 days before the announcement
(第16条) come back in Chinese beside their fields with their sources; corrected, the round is saved
with its notice date and the decision it rests on."""

import os
from datetime import date

import pytest
from django.utils import timezone

from tests.browser.conftest import BROWSER_MARKS
from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from tests.measures.test_disposal_services import controlled, panel_decides
from zhixing.measures.models import AuctionRound
from zhixing.measures.services import disposal as services

TODAY = date(2026, 11, 26)

pytestmark = BROWSER_MARKS


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The live server runs in this process, so its “today” is pinned too."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def test_round_below_70_percent_refused_then_corrected(live_server, page, file_case, people):  # noqa: F811
    officer = people["officer"].user
    case = file_case(received_on=date(2026, 9, 1), docket_on=date(2026, 9, 2))
    house = controlled(case, officer, on=date(2026, 9, 10))
    services.appraisal_report(
        actor=officer,
        measure=house,
        basis="market",
        price="1000000.00",
        reported_on=date(2026, 11, 20),
    )

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "cy_officer")
    page.fill("#id_password", "test-password-1")
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/cases/{case.pk}/disposal/")

    form = f"#announce-form-{house.pk}"
    basis = f"{form} .panel-basis"
    assert "本案尚无关于拍卖事项的合议庭评议" in page.inner_text(basis)
    assert page.get_attribute(f"{basis} a", "href") == f"/cases/{case.pk}/#collegial"
    decision = panel_decides(officer, case, on=date(2026, 11, 24))
    page.reload()
    assert "合议庭 2026-11-24 评议“房屋网络司法拍卖起拍价、保证金”" in page.inner_text(basis)

    field = f"#field-announce-{house.pk}-start_price"
    notice = f"#field-announce-{house.pk}-notified_on"
    assert "法释〔2016〕18号 第16条" in page.inner_text(notice)
    assert page.input_value(f"#id_announce-{house.pk}-notified_on") == "2026-11-23"
    assert "最低 700,000.00 元" in page.inner_text(field)
    page.fill(f"#id_announce-{house.pk}-notified_on", "2026-11-25")
    page.fill(f"#id_announce-{house.pk}-start_price", "600000")
    assert "30,000.00—120,000.00" in page.inner_text(f"{form} .deposit-live")
    page.fill(f"#id_announce-{house.pk}-deposit", "60000")
    page.click(f"{form} button.primary")
    page.wait_for_selector(f"{field} .error")
    error = page.inner_text(f"{field} .error")
    assert "起拍价 600,000.00 元低于市场价（询价） 1,000,000.00 元 × 70%" in error
    assert "依据：法释〔2016〕18号 第10条" in error
    late = page.inner_text(f"{notice} .error")
    assert "最晚应于 2026年11月23日 通知" in late and "依据：法释〔2016〕18号 第16条" in late
    assert not AuctionRound.objects.exists()
    if os.environ.get("ZHIXING_SCREENSHOTS"):
        page.screenshot(path="/tmp/disposal_refused.png", full_page=True)

    page.fill(f"#id_announce-{house.pk}-notified_on", "2026-11-23")
    page.fill(f"#id_announce-{house.pk}-start_price", "700000")
    page.fill(f"#id_announce-{house.pk}-deposit", "70000")
    page.click(f"{form} button.primary")
    page.wait_for_url(f"**/cases/{case.pk}/disposal/#property-{house.pk}")
    assert "已发布第1次拍卖公告" in page.inner_text(".messages")
    rounds = page.inner_text(f"#rounds-{house.pk}")
    assert "700,000.00" in rounds and "2026-11-23 通知当事人" in rounds
    row = AuctionRound.objects.get()
    assert (row.number, row.start_price, row.announced_on) == (1, 700000, TODAY)
    assert (row.notified_on, row.collegial_decision_id) == (date(2026, 11, 23), decision.pk)
    assert timezone.localtime(row.starts_at).date() == date(2026, 12, 26)  # 30 days ahead
    if os.environ.get("ZHIXING_SCREENSHOTS"):
        page.screenshot(path="/tmp/disposal_saved.png", full_page=True)
