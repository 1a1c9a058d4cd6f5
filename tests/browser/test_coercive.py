"""A real browser: the officer proposes a fine, the president approves it from the approval list,
and the 罚款决定书 downloads with its 司惩 number (民事诉讼法 第118条、第119条)."""

import io
from datetime import date

import docx
import pytest
from django.utils import timezone

from tests.browser.conftest import BROWSER_MARKS
from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)

TODAY = date(2026, 11, 26)

pytestmark = BROWSER_MARKS


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The live server runs in this process, so its “today” is pinned too."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def login(browser, live_server, username):
    page = browser.new_context(locale="zh-CN", accept_downloads=True).new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "test-password-1")
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_officer_proposes_president_approves_document_downloads(
    live_server,
    browser,
    file_case,  # noqa: F811
):
    case = file_case(docket_on=date(2026, 9, 22))
    url = f"{live_server.url}/cases/{case.pk}/coercive/"

    # 承办人提请罚款：先超过个人限额，错误显示在金额旁，再改正
    page = login(browser, live_server, "cy_officer")
    page.goto(url)
    page.check("#id_propose-measure_1")  # 罚款
    assert page.is_visible("#field-propose-amount") and not page.is_visible("#field-propose-days")
    page.fill("#id_propose-person_name", "王被执")
    page.fill("#id_propose-id_number", "11010519491231002X")
    page.fill("#id_propose-amount", "120000")
    page.select_option("#id_propose-conduct", "report_refused")
    page.fill("#id_propose-facts", "被执行人收到报告财产令后拒不报告财产情况")
    page.click("#propose-form button.primary")
    error = page.inner_text("#field-propose-amount")
    assert "对个人的罚款金额为人民币十万元以下" in error
    page.fill("#id_propose-amount", "50,000")
    page.click("#propose-form button.primary")
    page.wait_for_url(f"{url}#measures")
    assert "已提请对王被执罚款，待院长审批" in page.inner_text(".messages")
    assert "待院长审批" in page.inner_text("#measures")

    # 院长在审批列表中批准
    page = login(browser, live_server, "cy_president")
    page.goto(f"{live_server.url}/coercive/pending/")
    assert "王被执" in page.inner_text("#pending-table")
    page.click("#pending-table form[id^=approve-form] button.primary")
    page.wait_for_url(f"{live_server.url}/coercive/pending/")
    assert "文号 （2026）京0105司惩1号" in page.inner_text(".messages")
    assert "没有待审批的强制措施" in page.inner_text("main")

    # 下载罚款决定书
    page.goto(url)
    assert "（2026）京0105司惩1号" in page.inner_text("#measures")
    with page.expect_download() as info:
        page.click("#measures a.download")
    download = info.value
    assert download.suggested_filename == "（2026）京0105司惩1号-罚款决定书-王被执.docx"
    with open(download.path(), "rb") as handle:
        text = [p.text for p in docx.Document(io.BytesIO(handle.read())).paragraphs]
    assert text[1:3] == ["罚款决定书", "（2026）京0105司惩1号"]
    assert any("人民币50,000.00元（大写：人民币伍万元整）" in line for line in text)
