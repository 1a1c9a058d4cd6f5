"""The 财产处置 page: rules beside the inputs, refusals beside the field with their source, PRG,
who sees which form, scope, the amount due linked to the funds page, query counts."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from tests.measures.test_disposal_services import (
    appraised,
    controlled,
    first_round,
    panel_decides,
    sealed_first_elsewhere,
    two_failed,
)
from zhixing.core.rules.roles import Role
from zhixing.measures.models import AuctionRound
from zhixing.measures.services import disposal as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(file_case):  # noqa: F811
    return file_case(received_on=date(2026, 1, 5), docket_on=date(2026, 1, 6))


@pytest.fixture
def officer(people):  # noqa: F811
    return people["officer"].user


@pytest.fixture
def house(case, officer):
    return controlled(case, officer)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(case, measure=None, action=None):
    if measure is None:
        return f"/cases/{case.pk}/disposal/"
    return f"/cases/{case.pk}/disposal/{measure.pk}/{action}/"


def field_block(html: str, field_id: str) -> str:
    """The HTML of one field's block (label, input, help, errors)."""
    start = html.index(f'id="{field_id}"')
    return html[start : html.index('<div class="field', start + 1)]


def announce_data(measure, **kw):
    p = f"announce-{measure.pk}-"
    values = {
        "platform": "taobao",
        "notified_on": "2026-02-09",
        "announced_on": "2026-02-12",
        "starts_at": "2026-03-16T10:00",
        "ends_at": "2026-03-17T10:00",
        "start_price": "700,000.00",
        "deposit": "70000",
    }
    values.update(kw)
    return {p + k: v for k, v in values.items()}


def test_new_property_offers_appraisal_or_market_price(case, officer, house):
    html = login(officer).get(url(case)).content.decode()
    assert f'id="property-{house.pk}"' in html
    assert "北京市朝阳区某小区1号楼101室" in html and "未启动处置" in html
    assert f'id="appraisal_order-form-{house.pk}"' in html
    assert f'id="report-form-{house.pk}"' in html
    assert f'id="announce-form-{house.pk}"' not in html
    assert f'href="/cases/{case.pk}/funds/"' in html


def test_rules_are_shown_beside_the_round_inputs(case, officer, house):
    appraised(officer, house)
    html = login(officer).get(url(case)).content.decode()
    assert f'id="announce-form-{house.pk}"' in html
    assert "最低 700,000.00 元 = 评估价 1,000,000.00 元 × 70%（法释〔2016〕18号 第10条）" in html
    assert "不动产拍卖应在开拍30日前公告" in html and "法释〔2016〕18号 第12条" in html
    assert "按最低起拍价计为 35,000.00—140,000.00 元" in html
    assert "竞价时间不少于24小时（法释〔2016〕18号 第20条）" in html
    assert "北京某房地产评估有限公司" in html


def test_round_below_70_percent_refused_beside_the_field_with_source(case, officer, house):
    appraised(officer, house)
    client = login(officer)
    response = client.post(
        url(case, house, "announce"),
        announce_data(house, start_price="600000", deposit="60000"),
    )
    html = response.content.decode()
    assert response.status_code == 409
    beside = field_block(html, f"field-announce-{house.pk}-start_price")
    assert "起拍价 600,000.00 元低于评估价 1,000,000.00 元 × 70%（700,000.00 元）" in beside
    assert "（依据：法释〔2016〕18号 第10条）" in beside
    assert not AuctionRound.objects.exists()

    response = client.post(url(case, house, "announce"), announce_data(house))
    assert response.status_code == 302
    assert response["Location"] == f"{url(case)}#property-{house.pk}"
    assert AuctionRound.objects.get().start_price == 700000
    html = client.get(url(case)).content.decode()
    assert "已发布第1次拍卖公告" in html
    assert f'id="rounds-{house.pk}"' in html and "淘宝网司法拍卖" in html
    assert "竞价已结束，待登记结果" in html  # bidding ended in March; the result is awaited
    assert f'id="result-form-{house.pk}"' in html


@pytest.mark.parametrize(
    "starts_in, ends_in, result, label",
    [
        (timedelta(days=30), timedelta(days=31), "pending", "公告中，待开拍"),
        (timedelta(hours=-2), timedelta(hours=22), "pending", "竞价中"),
        (timedelta(days=-2), timedelta(days=-1), "pending", "竞价已结束，待登记结果"),
        (timedelta(days=-2), timedelta(days=-1), "failed", "流拍"),
    ],
)
def test_a_round_says_what_it_is_doing_now(starts_in, ends_in, result, label):
    now = timezone.now()
    round_ = AuctionRound(starts_at=now + starts_in, ends_at=now + ends_in, result=result)
    assert round_.state_label == label


def test_all_broken_rules_shown_at_once(case, officer, house):
    appraised(officer, house)
    response = login(officer).post(
        url(case, house, "announce"),
        announce_data(
            house, starts_at="2026-03-01T10:00", ends_at="2026-03-01T20:00", deposit="1000"
        ),
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "法释〔2016〕18号 第12条" in html
    assert "法释〔2016〕18号 第17条" in html
    assert "法释〔2016〕18号 第20条" in html


def test_form_errors_are_422(case, officer, house):
    appraised(officer, house)
    response = login(officer).post(
        url(case, house, "announce"), announce_data(house, start_price="abc")
    )
    assert response.status_code == 422
    assert not AuctionRound.objects.exists()


def test_after_two_failures_sale_and_in_kind_are_offered_then_amount_due_linked(
    case, officer, house
):
    appraised(officer, house)
    two_failed(officer, house)
    client = login(officer)
    html = client.get(url(case)).content.decode()
    assert f'id="sale-form-{house.pk}"' in html and f'id="in_kind-form-{house.pk}"' in html
    assert f'id="announce-form-{house.pk}"' not in html
    assert "不再进行第三次网络拍卖" in html
    applicant = case.parties.get(role="applicant")
    p = f"in_kind-{house.pk}-"
    # the outstanding claim is shown, not asked for (拍卖变卖规定 第16条)
    party = field_block(html, f"field-{p}party")
    assert "尚未实现的债权 100,000.00 元" in party and "应补交 460,000.00 元" in party
    assert f'name="{p}claim"' not in html
    # no consent: refused beside the consent field with its source
    response = client.post(
        url(case, house, "in_kind"),
        {p + "party": applicant.pk, p + "on": "2026-04-20"},
    )
    assert response.status_code == 409
    assert "须经申请执行人同意" in response.content.decode()
    assert "民诉法解释 第489条、第490条" in response.content.decode()
    response = client.post(
        url(case, house, "in_kind"),
        {
            p + "party": applicant.pk,
            p + "consent_on": "2026-04-15",
            p + "consent_note": "书面同意书",
            p + "on": "2026-04-20",
        },
    )
    assert response.status_code == 302
    html = client.get(url(case)).content.decode()
    assert "以物抵债" in html and "460,000.00 元" in html
    assert f'<a href="/cases/{case.pk}/funds/">到执行款页登记到账' in html
    assert f'id="handover-form-{house.pk}"' in html


def test_notice_date_beside_its_field_with_article_16(case, officer, house):
    appraised(officer, house)
    client = login(officer)
    html = client.get(url(case)).content.decode()
    notice = field_block(html, f"field-announce-{house.pk}-notified_on")
    assert "公告发布三日前" in notice and "法释〔2016〕18号 第16条" in notice
    response = client.post(
        url(case, house, "announce"), announce_data(house, notified_on="2026-02-10")
    )
    assert response.status_code == 409
    beside = field_block(response.content.decode(), f"field-announce-{house.pk}-notified_on")
    assert "最晚应于 2026年2月9日 通知" in beside and "（依据：法释〔2016〕18号 第16条）" in beside
    assert not AuctionRound.objects.exists()


def test_the_collegial_decision_a_round_rests_on_is_shown(case, officer, house):
    appraised(officer, house, panel=False)
    client = login(officer)
    html = client.get(url(case)).content.decode()
    assert "本案尚无关于拍卖事项的合议庭评议" in html
    assert f'href="/cases/{case.pk}/#collegial"' in html
    response = client.post(url(case, house, "announce"), announce_data(house))
    assert response.status_code == 409
    assert "（依据：法释〔2016〕18号 第27条）" in response.content.decode()
    assert not AuctionRound.objects.exists()
    panel_decides(officer, case)
    html = client.get(url(case)).content.decode()
    assert "起拍价、保证金依据：合议庭 2026-02-11 评议“房屋网络司法拍卖起拍价、保证金”" in html
    assert client.post(url(case, house, "announce"), announce_data(house)).status_code == 302
    html = client.get(url(case)).content.decode()
    assert "2026-02-09 通知当事人" in html and "合议庭 2026-02-11 评议" in html


def test_a_seal_waiting_behind_another_is_shown_and_not_offered(case, officer, house, file_case):  # noqa: F811
    sealed_first_elsewhere(file_case, house, officer)
    client = login(officer)
    html = client.get(url(case)).content.decode()
    assert "本院对该财产为轮候查封（第2顺位），应由首先查封、扣押、冻结的法院处分" in html
    assert "法释〔2016〕6号 第1条" in html
    assert f'id="appraisal_order-form-{house.pk}"' not in html
    assert f'id="report-form-{house.pk}"' not in html
    assert f'id="release-form-{house.pk}"' not in html  # releasing would open a file here
    assert "下一步" not in html
    response = client.post(
        url(case, house, "appraisal_order"),
        {f"appraisal_order-{house.pk}-decided_on": "2026-01-12"},
    )
    assert response.status_code == 409
    assert "法释〔2016〕6号 第1条" in response.content.decode()


def test_a_step_not_allowed_now_is_refused(case, officer, house):
    response = login(officer).post(
        url(case, house, "handover"), {f"handover-{house.pk}-delivered_on": "2026-03-01"}
    )
    assert response.status_code == 409
    assert "财产尚未拍卖成交" in response.content.decode()


def test_chief_sees_the_file_but_no_forms(case, officer, house, people):  # noqa: F811
    appraised(officer, house)
    client = login(people["chief"].user)
    html = client.get(url(case)).content.decode()
    assert "1,000,000.00" in html and '<form method="post" action="/cases/' not in html
    response = client.post(url(case, house, "announce"), announce_data(house))
    assert response.status_code == 403
    assert not AuctionRound.objects.exists()


def test_another_courts_staff_gets_404(case, house, tree, make_staff):
    haidian = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    client = login(haidian.user)
    assert client.get(url(case)).status_code == 404
    assert client.post(url(case, house, "announce"), announce_data(house)).status_code == 404


def test_measure_of_another_case_is_404(case, officer, house, file_case):  # noqa: F811
    other = file_case(received_on=date(2026, 1, 5), docket_on=date(2026, 1, 7))
    response = login(officer).post(url(other, house, "appraisal_order"), {})
    assert response.status_code == 404


def test_lapsed_seal_warned_and_its_forms_withheld(case, officer, house):
    appraised(officer, house)
    house.__class__.objects.filter(pk=house.pk).update(expires_on=date(2026, 2, 28))
    html = login(officer).get(url(case)).content.decode()
    assert "已于 2026-02-28 到期，请先续行" in html
    assert f'id="announce-form-{house.pk}"' not in html
    assert f'id="release-form-{house.pk}"' in html


def test_empty_state(case, officer):
    html = login(officer).get(url(case)).content.decode()
    assert "本案没有可处置的财产" in html


def test_deposit_accounts_are_not_listed(case, officer):
    controlled(case, officer, kind="deposit", description="工商银行账户 6222")
    html = login(officer).get(url(case)).content.decode()
    assert "工商银行账户" not in html


def test_query_count_does_not_grow_with_properties(case, officer, house):
    appraised(officer, house)
    first_round(officer, house)
    client = login(officer)
    client.get(url(case))
    with CaptureQueriesContext(connection) as one:
        client.get(url(case))
    for n in range(3):
        other = controlled(case, officer, on=date(2026, 2, 12), description=f"车辆 {n}")
        services.appraisal_report(
            actor=officer,
            measure=other,
            basis="market",
            price="100000",
            reported_on=date(2026, 2, 12),
        )
    with CaptureQueriesContext(connection) as four:
        client.get(url(case))
    assert len(four) == len(one)
