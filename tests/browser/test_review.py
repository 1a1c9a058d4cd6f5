"""A real browser through one objection (执行审查): the clerk files it, the bureau chief forms the
panel — the judge who seized the property is shown barred with the reason (审执分离, 执行异议复议规定
第11条) — the 承办人 is told he may not sit, a judge rules, the clerk serves, and a 复议 filed on
day 11 is refused while day 10 is docketed at 京03 (民事诉讼法 第236条、第85条)."""

from datetime import date

import pytest
from django.utils import timezone

from tests.browser.conftest import BROWSER_MARKS
from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from tests.review.conftest import case, judges  # noqa: F401 (fixtures)
from zhixing.cases import services as case_services
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role
from zhixing.review.models import ReviewCase

TODAY = date(2026, 11, 26)

pytestmark = BROWSER_MARKS


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The live server runs in this process, so its “today” is pinned too."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def login(browser, live_server, username):
    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "test-password-1")
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_objection_panel_separation_ruling_and_the_ten_days(
    live_server,
    browser,
    tree,
    make_staff,
    case,  # noqa: F811
    judges,  # noqa: F811
):
    both = make_staff(tree.chaoyang, "cy_both", roles=[Role.OFFICER, Role.JUDGE], name="张三")
    case_services.node_record(actor=both.user, case=case, code="measure_taken", on=date(2026, 9, 6))

    # 书记员受理执行行为异议
    page = login(browser, live_server, "cy_clerk")
    page.goto(f"{live_server.url}/cases/{case.pk}/review/")
    page.check("#id_file-kind_0")
    page.fill("#id_file-applicant", "王被执")
    page.fill("#id_file-subject", "查封房产价值明显超出执行标的额")
    page.fill("#id_file-received_on", "2026-09-10")
    page.click("#file-form button.primary")
    assert "已受理 （2026）京0105执异1号" in page.inner_text(".messages")
    review = ReviewCase.objects.get()

    # 执行局长组成合议庭：张三记录过查封，显示为不可选并写明原因
    page = login(browser, live_server, "cy_chief")
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    assert page.is_disabled(f"#panel-{both.pk}")
    assert "张三曾在本案记录执行实施行为（2026年9月6日" in page.inner_text("#assign")
    page.select_option("#id_assign-judge", str(judges.cy[0].pk))
    for judge in judges.cy:
        page.check(f"#panel-{judge.pk}")
    page.click("#assign-form button.primary")
    assert "已指定审判长" in page.inner_text(".messages")

    # 承办人打开审查案件：被告知不能参与，没有裁定表单
    page = login(browser, live_server, "cy_officer")
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    assert "陈执行曾在本案记录执行实施行为（2026年9月5日" in page.inner_text("#my-conflict")
    assert page.locator("#decide-form").count() == 0

    # 审判长裁定驳回；书记员记录送达
    page = login(browser, live_server, "cy_judge")
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    page.check("#id_decide-outcome_2")  # 驳回
    page.fill("#id_decide-reasoning", "查封财产价值未明显超出标的额")
    page.fill("#id_decide-on", "2026-09-20")
    page.click("#decide-form button.primary")
    assert "已作出裁定：驳回" in page.inner_text(".messages")
    page = login(browser, live_server, "cy_clerk")
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    page.fill("#id_serve-served_on", "2026-10-13")
    page.click("#serve-form button.primary")
    assert "2026-10-23" in page.inner_text("#window")

    # 第十一日提出复议：不予受理，提示在日期旁的页面上；第十日：由北京三中院立案
    page.fill("#id_reconsider-applicant", "王被执")
    page.fill("#id_reconsider-subject", "不服异议裁定")
    page.fill("#id_reconsider-received_on", "2026-10-24")
    page.click("#reconsider-form button.primary")
    assert "已逾期" in page.inner_text("#reconsider")
    page.fill("#id_reconsider-received_on", "2026-10-23")
    page.click("#reconsider-form button.primary")
    assert "已受理执行复议 （2026）京03执复1号" in page.inner_text(".messages")
    assert AuditRecord.objects.filter(action="review.separation_refused").count() == 0
