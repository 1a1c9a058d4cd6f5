"""A real browser, no login: the public query page finds a published listing by name with a masked
identity number, refuses a malformed identity number beside the field, and no longer finds the
respondent once the listing is removed (失信规定 第6条、第10条)."""

import os

from tests.browser.conftest import BROWSER_MARKS
from tests.portal.conftest import (  # noqa: F401 (fixtures)
    case,
    file_case,
    fresh_rate_limits,
    listing,
    people,
)
from zhixing.credit.models import DishonestDebtorListing
from zhixing.portal import services

pytestmark = BROWSER_MARKS

SHOTS = os.environ.get("ZHIXING_SHOTS", "")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"portal-{name}.png"), full_page=True)


def test_public_query_finds_a_published_listing_until_it_is_removed(
    live_server,
    page,
    listing,  # noqa: F811
    people,  # noqa: F811
):
    row = listing(name="孙失信")
    services.exposure_publish(
        actor=people["president"].user,
        listing=row,
        headline="失信被执行人孙失信拒不履行义务",
        summary="欢迎提供线索",
    )
    page.goto(f"{live_server.url}/public/")
    assert page.locator(".mainnav").count() == 0
    shot(page, "home")
    page.goto(f"{live_server.url}/public/query/")
    page.select_option("#id_category", "dishonest")
    page.fill("#id_name", "孙失信")
    page.click("#query-form button.primary")
    page.wait_for_selector("#results")
    item = page.locator(".result-item")
    assert item.count() == 1
    text = item.inner_text()
    assert "孙失信" in text and row.id_masked in text and "*" in row.id_masked
    assert row.id_number not in page.content()
    shot(page, "found")

    page.fill("#id_id_number", row.id_number[:17] + ("1" if row.id_number[17] == "0" else "0"))
    page.click("#query-form button.primary")
    page.wait_for_selector("#error-id_number")
    assert "校验位不正确" in page.locator("#error-id_number").inner_text()
    assert page.locator("#results").count() == 0
    shot(page, "bad-id")

    page.goto(f"{live_server.url}/public/exposure/")
    assert "孙失信" in page.locator("#exposures").inner_text()
    shot(page, "exposure")

    DishonestDebtorListing.objects.filter(pk=row.pk).update(status="removed")
    page.goto(f"{live_server.url}/public/query/")
    page.fill("#id_name", "孙失信")
    page.click("#query-form button.primary")
    page.wait_for_selector("#results")
    assert page.locator(".result-item").count() == 0
    assert page.locator("#no-results").is_visible()
    shot(page, "removed")
    page.goto(f"{live_server.url}/public/exposure/")
    assert page.locator("#no-exposures").is_visible()
