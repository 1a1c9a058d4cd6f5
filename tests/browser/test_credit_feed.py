"""A real browser: a judge of the listing court reviews a correction request that the respondent
should not have been listed (失信规定 第9条、第12条): the listing is revoked in the same step, and
the departments' feed shows the removal on the court's 信用信息共享 page."""

from datetime import date

from tests.browser.conftest import BROWSER_MARKS
from tests.credit.feed_fixtures import *  # noqa: F403  (fixtures)
from zhixing.credit.models import CorrectionRequest, DishonestDebtorListing
from zhixing.credit.services.correction import correction_receive

pytestmark = BROWSER_MARKS


def login(browser, live_server, username):
    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "test-password-1")
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_judge_grants_a_request_and_the_listing_is_revoked(
    live_server, browser, people, listing, department
):
    department("pbc")
    request = correction_receive(
        actor=people["clerk"].user,
        listing=listing,
        reason="should_not_list",
        statement="纳入前已提供充分有效担保",
        requested_by="王被执",
        received_on=date(2026, 10, 12),
    )
    page = login(browser, live_server, "cy_judge")
    page.goto(f"{live_server.url}/credit/corrections/")
    assert "王被执" in page.locator(f"#request-{request.pk}").inner_text()
    page.click(f"#request-{request.pk} a")
    assert (
        page.locator("#field-decide-removal_ground").count() == 0
    )  # only a deletion asks for a ground
    page.check("input[name=decide-granted][value=yes]")
    page.fill("textarea[name=decide-reason]", "担保充分有效，不应纳入")
    page.click("#decide-form button.primary")
    page.wait_for_selector(".messages, .alert")
    assert "已撤销（不应纳入）" in page.locator("#listing-facts").inner_text()
    assert page.locator("#request-status").inner_text() == "已纠正"
    listing.refresh_from_db()
    assert listing.status == DishonestDebtorListing.Status.REVOKED
    assert CorrectionRequest.objects.get().status == "corrected"

    page = login(browser, live_server, "cy_chief")
    page.goto(f"{live_server.url}/credit/feed/")
    assert "删除" in page.locator("#entry-2").inner_text()
    assert "测试单位pbc" in page.locator("#sub-pbc").inner_text()
