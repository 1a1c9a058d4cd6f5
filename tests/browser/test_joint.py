"""A real browser: 北京三中院's bureau chief lists a 朝阳 case for supervision (挂牌督办) — a
deadline not after the listing day is refused beside the field with its source — the 朝阳 officer
reports on it, and the chief strikes it off (销号) (法发〔2009〕43号 二(一)、一(三))."""

from datetime import timedelta

from django.utils import timezone

from tests.browser.conftest import BROWSER_MARKS
from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from tests.linkage.joint.conftest import upper  # noqa: F401 (fixture)
from zhixing.linkage.models import SupervisionListing

pytestmark = BROWSER_MARKS
SHOTS = "/tmp/joint_browser"


def login(browser, live_server, username):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1300, "height": 900}).new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "test-password-1")
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_list_report_and_conclude(live_server, browser, file_case, upper, people):  # noqa: F811
    case = file_case(docket_on=timezone.localdate() - timedelta(days=30))
    today = timezone.localdate()
    chief = login(browser, live_server, "bj3_chief")
    chief.goto(f"{live_server.url}/cases/{case.pk}/")
    chief.click("text=挂牌督办 >> nth=-1")
    chief.wait_for_url(f"{live_server.url}/cases/{case.pk}/supervision-listing/")
    chief.fill("#id_listing-reason", "申请执行人多次信访，列为重点案件")
    chief.fill("#id_listing-due_on", today.isoformat())
    chief.click("#listing-form button.primary")
    error = chief.locator("#field-listing-due_on .error").inner_text()
    assert "督办期限应晚于挂牌日期" in error and "法发〔2009〕43号" in error
    chief.screenshot(path=f"{SHOTS}-1-refused.png", full_page=True)
    assert not SupervisionListing.objects.exists()

    chief.fill("#id_listing-due_on", (today + timedelta(days=20)).isoformat())
    chief.click("#listing-form button.primary")
    chief.wait_for_selector("#case-listings tbody tr")
    assert "督办中" in chief.locator("#case-listings tbody tr").inner_text()
    listing = SupervisionListing.objects.get()

    officer = login(browser, live_server, "cy_officer")
    officer.goto(f"{live_server.url}/supervision-listings/")
    row = officer.locator(f"#to-report #listing-{listing.pk}")
    row.locator("summary").click()
    officer.fill(f"#id_report-{listing.pk}-report", "已扣划被执行人存款，执行完毕")
    officer.click(f"#report-form-{listing.pk} button.primary")
    officer.wait_for_selector(".messages")
    assert "已报结" in officer.locator(f"#listing-{listing.pk}").inner_text()
    officer.screenshot(path=f"{SHOTS}-2-reported.png", full_page=True)

    chief.goto(f"{live_server.url}/supervision-listings/")
    chief.locator(f"#listed-by-us #listing-{listing.pk} summary").click()
    chief.click(f"#conclude-form-{listing.pk} button.primary")
    chief.wait_for_selector(".messages")
    assert "已销号" in chief.locator(".messages").inner_text()
    assert chief.locator(f"#listing-{listing.pk}").count() == 0  # off the default (open) list
    chief.click("#status-filter >> text=已销号")
    chief.wait_for_url("**/supervision-listings/?status=concluded")
    assert "已销号" in chief.locator(f"#listing-{listing.pk}").inner_text()
    chief.screenshot(path=f"{SHOTS}-3-concluded.png", full_page=True)
    listing.refresh_from_db()
    assert listing.status == SupervisionListing.Status.CONCLUDED
