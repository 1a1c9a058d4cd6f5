"""A real browser, no login: the public query page finds a published listing by name with a masked
identity number, refuses a malformed identity number beside the field, and no longer finds the
respondent once the listing is removed (失信规定 第6条、第10条); a 限制消费令 shows the listing's
履行情况 under its own labels, and never a minor's (个人信息保护法 第31条)."""

import os
from datetime import timedelta

from django.utils import timezone

from tests.browser.conftest import BROWSER_MARKS
from tests.portal.conftest import (  # noqa: F401 (fixtures)
    case,
    file_case,
    fresh_rate_limits,
    listing,
    people,
    restriction,
)
from zhixing.credit.models import DishonestDebtorListing
from zhixing.portal import rules, services

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


def test_restriction_result_shows_the_listings_performance_and_never_a_minor(
    live_server,
    page,
    listing,  # noqa: F811
    restriction,  # noqa: F811
):
    listed = listing(name="孙失信", performance="部分履行")
    restriction(party=listed.party, listing=listed, performance="全部未履行")
    minor_born = rules.latest_adult_birth(timezone.localdate()) + timedelta(days=1)
    restriction(name="孙失信", birth=minor_born)
    page.goto(f"{live_server.url}/public/query/")
    page.select_option("#id_category", "restricted")
    page.fill("#id_name", "孙失信")
    page.click("#query-form button.primary")
    page.wait_for_selector("#results")
    item = page.locator(".result-item")
    assert item.count() == 1  # the minor's order is not shown
    assert item.locator(".r-performance").inner_text() == "部分履行"
    text = item.inner_text()
    assert "限制消费令签发日期" in text and "限制消费令文号" in text
    assert "失信被执行人行为具体情形" not in text
    shot(page, "restricted")
