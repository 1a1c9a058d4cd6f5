"""A real browser: the officer opens a young case's 结案 page and sees the 终本 checklist with what is
missing; then closes a fully prepared case by 终结本次执行程序 and downloads the 结案通知书
(法〔2016〕373号 第1—5条; 民诉法解释 第517条)."""

import io
from datetime import date

import docx

from tests.browser.conftest import BROWSER_MARKS
from tests.closure.conftest import (  # noqa: F401 (fixtures)
    departments,
    file_case,
    nothing_found,
    people,
    prepare,
)

pytestmark = BROWSER_MARKS


def login(browser, live_server, username):
    page = browser.new_context(locale="zh-CN", accept_downloads=True).new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "test-password-1")
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_checklist_then_close_a_prepared_case_by_round_termination(
    live_server,
    browser,
    people,  # noqa: F811
    file_case,  # noqa: F811
    departments,  # noqa: F811
):
    young = file_case(received_on=date(2026, 9, 22), docket_on=date(2026, 9, 22))
    ready = prepare(people, file_case(received_on=date(2026, 5, 7), docket_on=date(2026, 5, 7)))
    page = login(browser, live_server, "cy_officer")

    page.goto(f"{live_server.url}/cases/{young.pk}/closure/")
    assert page.locator("#checklist-table tbody tr").count() == 13
    assert page.locator("#unmet-count").inner_text() == "尚缺 9 项"
    row = page.locator("#cond-three_months")
    assert "✗" in row.inner_text() and "法〔2016〕373号 第1条第4项" in row.inner_text()
    page.select_option("#id_close-mode", "round_terminated")
    page.click("#close-form button.primary")
    assert "尚缺以下 9 项" in page.locator("#refusal").inner_text()

    page.goto(f"{live_server.url}/cases/{ready.pk}/closure/")
    assert page.locator("#unmet-count").inner_text() == "条件已全部具备"
    page.select_option("#id_close-mode", "round_terminated")
    page.fill("#id_close-note", "申请执行人书面同意")
    page.click("#close-form button.primary")
    page.wait_for_selector("#closed")
    assert "终结本次执行程序" in page.locator("#closed").inner_text()
    assert "已安排 10 次" in page.locator("#closed").inner_text()
    with page.expect_download() as caught:
        page.click("#notice-download")
    content = open(caught.value.path(), "rb").read()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "结案通知书" in text and "终结本次执行程序" in text
    ready.refresh_from_db()
    assert ready.status == "closed" and ready.closure_mode == "round_terminated"
