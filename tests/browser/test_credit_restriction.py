"""A real browser: the president opens a company case's 限制消费令 page, leaves the actual controller
blank and is told beside that field (限高规定 第3条第2款), names him, unticks one behaviour, signs,
and downloads the order naming the behaviours and the president (第5条)."""

import io
import os

import docx

from tests.browser.conftest import BROWSER_MARKS
from tests.credit.restriction_fixtures import (  # noqa: F401 (fixtures)
    company_case,
    file_case,
    people,
    respondent,
)
from zhixing.credit.models import ConsumptionRestriction
from zhixing.credit.rules.restriction import BEHAVIOUR_LABELS, Behaviour

pytestmark = BROWSER_MARKS
SHOTS = os.environ.get("ZHIXING_SHOTS", "")


def login(browser, live_server, username):
    page = browser.new_context(
        locale="zh-CN", accept_downloads=True, viewport={"width": 1280, "height": 900}
    ).new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "test-password-1")
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_the_president_signs_an_order_for_a_company_on_the_page(
    live_server,
    browser,
    people,  # noqa: F811
    company_case,  # noqa: F811
):
    party = respondent(company_case)
    prefix = f"#id_issue-{party.pk}"
    page = login(browser, live_server, "cy_president")
    page.goto(f"{live_server.url}/cases/{company_case.pk}/restriction/")
    assert page.locator(f"#state-{party.pk}").inner_text() == "未限制消费"
    assert page.locator(f"{prefix}-legal_representative_name").input_value() == "赵法人"
    assert page.locator(f"#issue-form-{party.pk} input[type=checkbox]:checked").count() == 9
    page.fill(f"{prefix}-on", "2026-10-09")
    page.fill(f"{prefix}-principal_manager_name", "钱经理")
    page.fill(f"{prefix}-directly_responsible_name", "孙财务")
    page.click(f"#issue-form-{party.pk} button.primary")
    beside = page.locator(f"#field-issue-{party.pk}-actual_controller_name .error")
    assert "实际控制人" in beside.inner_text() and "限高规定 第3条第2款" in beside.inner_text()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/restriction_refused.png", full_page=True)
    assert not ConsumptionRestriction.objects.filter(case=company_case).exists()

    page.fill(f"{prefix}-on", "2026-10-09")
    page.fill(f"{prefix}-actual_controller_name", "周实控")
    page.uncheck(f"#issue-form-{party.pk} input[value=travel_holiday]")
    page.click(f"#issue-form-{party.pk} button.primary")
    page.wait_for_selector(".messages")
    assert page.locator(f"#state-{party.pk}").inner_text() == "已限制消费"
    card = page.locator(f"#party-{party.pk}").inner_text()
    assert "之一" in card and "周实控" in card
    assert BEHAVIOUR_LABELS[Behaviour.TRAVEL_HOLIDAY] not in card
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/restriction_signed.png", full_page=True)
    row = ConsumptionRestriction.objects.get(case=company_case)
    with page.expect_download() as caught:
        page.click(f"#document-{row.pk}")
    with open(caught.value.path(), "rb") as handle:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(handle.read())).paragraphs)
    assert BEHAVIOUR_LABELS[Behaviour.HIGH_SPEED_RAIL] in text
    assert BEHAVIOUR_LABELS[Behaviour.TRAVEL_HOLIDAY] not in text
    assert "院长　cy_president" in text
