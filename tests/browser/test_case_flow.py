"""A real browser files a case, the bureau chief assigns the officer, the officer records the
enforcement notice and sees its deadline met."""

import re
from datetime import date

import pytest
from django.utils import timezone

from tests.browser.conftest import BROWSER_MARKS
from zhixing.core.rules.roles import Role

TODAY = date(2026, 11, 26)

pytestmark = BROWSER_MARKS


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The live server runs in this process, so its “today” is pinned too."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def login(browser, live_server, username):
    """A fresh browser context (own cookies) logged in as `username`."""
    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "test-password-1")
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_file_assign_and_record_the_enforcement_notice(live_server, browser, tree, make_staff):
    make_staff(tree.chaoyang, "cy_clerk", roles=[Role.CLERK], name="宋书记")
    make_staff(tree.chaoyang, "cy_officer", roles=[Role.OFFICER], name="陈执行")
    make_staff(tree.chaoyang, "cy_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None, name="邹局长")

    # 书记员立案（立即立案）
    page = login(browser, live_server, "cy_clerk")
    page.click("nav >> text=立案")
    page.wait_for_url("**/cases/new/")
    page.fill("#id_claim_amount", "100,000.00")
    page.fill("#id_issuing_body", "北京市朝阳区人民法院")
    page.fill("#id_document_number", "（2026）京0105民初100号")
    page.fill("#id_effective_on", "2026-09-01")
    page.fill("#id_performance_deadline", "2026-09-15")
    page.fill("#id_obligations", "被执行人向申请执行人支付货款 100000 元")
    page.select_option("#id_applicants-0-kind", "legal_entity")
    page.fill("#id_applicants-0-name", "北京某贸易有限公司")
    page.fill("#id_applicants-0-credit_code", "91350100M000100Y43")
    page.fill("#id_applicants-0-legal_representative", "李总")
    page.fill("#id_respondents-0-name", "王被执")
    page.fill("#id_respondents-0-id_number", "11010519491231002X")
    for checkbox in page.locator("#id_checklist input[type=checkbox]").all():
        checkbox.check()
    page.check("#id_mode_0")  # 立即立案
    page.click("#filing-form button.primary")
    page.wait_for_url(re.compile(r".*/cases/\d+/$"))
    case_url = page.url
    assert "（2026）京0105执1号" in page.inner_text("#case-number")
    assert "已立案，案号 （2026）京0105执1号" in page.inner_text(".messages")

    # 执行局长确定承办人
    page = login(browser, live_server, "cy_chief")
    page.goto(case_url)
    page.select_option("#id_officer-officer", label="陈执行（在办 0 件）")
    page.click("#officer-form button.primary")
    page.wait_for_url(f"{case_url}#officer")
    assert "已确定承办人：陈执行" in page.inner_text(".messages")

    # 承办人记录发出执行通知书，期限显示按期完成
    page = login(browser, live_server, "cy_officer")
    page.goto(case_url)
    row = page.locator("#deadline-enforcement_notice-1")
    assert "剩余" in row.inner_text()
    page.select_option("#id_node-code", "notice_issued")
    page.click("#node-form button.primary")
    page.wait_for_url(f"{case_url}#node")
    assert "已记录节点：发出执行通知书、报告财产令" in page.inner_text(".messages")
    row = page.locator("#deadline-enforcement_notice-1")
    assert "按期完成" in row.inner_text() and "2026-11-26" in row.inner_text()
    assert "发出执行通知书、报告财产令" in page.inner_text("#timeline")
