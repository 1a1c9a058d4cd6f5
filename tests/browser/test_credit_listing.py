"""A real browser: the officer opens a case's 失信名单 page, is refused for an extension without a
reason (the article beside the field), then lists the respondent, sees it published with the masked
identity number, downloads the 决定书, and finds it on the court's list (失信规定 第1条、第2条)."""

import io
import os
import tempfile
from datetime import date
from pathlib import Path

import docx

from tests.browser.conftest import BROWSER_MARKS
from tests.credit.conftest import (  # noqa: F401 (fixtures)
    docketed,
    file_case,
    people,
    respondent,
    restrict,
)

pytestmark = BROWSER_MARKS
SHOTS = Path(os.environ.get("ZHIXING_SHOTS", tempfile.gettempdir()))


def login(browser, live_server, username):
    page = browser.new_context(locale="zh-CN", accept_downloads=True).new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "test-password-1")
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_officer_lists_a_respondent_and_sees_it_published(
    live_server,
    browser,
    people,  # noqa: F811
    docketed,  # noqa: F811
    restrict,  # noqa: F811
):
    case = docketed()
    restrict(case, on=date(2026, 10, 8))
    party = respondent(case)
    page = login(browser, live_server, "cy_officer")
    page.goto(f"{live_server.url}/cases/{case.pk}/credit/")
    assert page.locator(f"#state-{party.pk}").inner_text() == "未纳入"
    page.click(f"#decide-{party.pk} summary")
    prefix = f"#id_decide{party.pk}_decide-"
    page.select_option(prefix + "ground", "report_duty")
    page.fill(prefix + "conduct", "收到报告财产令后拒不申报财产")
    page.select_option(prefix + "extension_years", "1")
    page.click(f"#decide-form-{party.pk} button.primary")
    field = page.locator("#field-decide-extension_reason")
    assert "失信规定 第2条" in field.inner_text()
    page.select_option(prefix + "extension_years", "0")
    page.click(f"#decide-form-{party.pk} button.primary")
    page.wait_for_url(f"**/cases/{case.pk}/credit/#party-{party.pk}")
    assert page.locator(f"#state-{party.pk}").inner_text() == "已发布"
    card = page.locator(f"#party-{party.pk}").inner_text()
    assert "110105********002X" in card and "11010519491231002X" not in card
    page.screenshot(path=str(SHOTS / "listed.png"), full_page=True)
    with page.expect_download() as caught:
        page.click(f"#party-{party.pk} a.download")
    text = "\n".join(
        p.text for p in docx.Document(io.BytesIO(open(caught.value.path(), "rb").read())).paragraphs
    )
    assert "纳入失信被执行人名单" in text and "第一条第（四）项" in text
    page.goto(f"{live_server.url}/credit/listings/")
    assert party.name in page.locator("#listings").inner_text()
