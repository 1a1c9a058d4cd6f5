"""A real browser: a 京03 judge escalates a 朝阳 case from its 上级监督与委托 page; the 朝阳 case
closes by 终结执行 and the new 京03 case appears (民事诉讼法 第237条；法发〔2014〕26号 第17条)."""

from tests.browser.conftest import BROWSER_MARKS
from tests.review.supervision.conftest import courts, cy_case, staff  # noqa: F401 (fixtures)
from zhixing.cases.models import EnforcementCase

pytestmark = BROWSER_MARKS


def login(browser, live_server, username):
    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "test-password-1")
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_upper_judge_escalates_and_lower_case_closes(live_server, browser, staff, cy_case):  # noqa: F811
    case = cy_case()
    page = login(browser, live_server, "bj3_judge")
    page.goto(f"{live_server.url}/cases/{case.pk}/supervision/")
    page.click("#escalate summary")
    page.fill("#id_escalate-reason", "超过六个月未执行，提级执行")
    page.click("#escalate-form button.primary")
    page.wait_for_selector(".messages .success")
    assert "原案以“终结执行”结案" in page.inner_text(".messages")
    case.refresh_from_db()
    assert case.status == EnforcementCase.Status.CLOSED
    new = EnforcementCase.objects.get(previous_case=case)
    assert new.court.code == "京03"
    assert new.case_number in page.inner_text("#actions-table")
    page.goto(f"{live_server.url}/supervision/")
    assert case.case_number in page.inner_text("#supervision-table")
    # a 朝阳 officer sees no upper-court form on the case
    other = login(browser, live_server, "cy_officer")
    other.goto(f"{live_server.url}/cases/{case.pk}/supervision/")
    assert other.locator("#escalate-form").count() == 0
    assert "提级执行" in other.inner_text("#actions-table")
