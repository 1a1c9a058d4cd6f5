"""Disposal services on the database: the path through two failed rounds to in-kind settlement,
a sale at auction, refusals that change nothing, audit and node events, scope and roles."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from zhixing.cases import services as case_services
from zhixing.cases.models import CaseDeadline, NodeEvent
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role
from zhixing.measures.models import AuctionRound, CaseAccount, ControlMeasure, DisposalFile
from zhixing.measures.services import disposal as services
from zhixing.organization.models import Staff

pytestmark = pytest.mark.django_db
D = Decimal
TZ = ZoneInfo("Asia/Shanghai")


def at(y, mo, d, h=10):
    return datetime(y, mo, d, h, tzinfo=TZ)


def controlled(case, officer, *, kind="real_estate", on=date(2026, 1, 10), description=None):
    """A property sealed in the case (in effect), with its 采取措施 node recorded."""
    measure = ControlMeasure.objects.create(
        case=case,
        court_id=case.court_id,
        party=case.parties.get(role="respondent"),
        kind="seal" if kind != "deposit" else "freeze",
        property_kind=kind,
        description=description or "北京市朝阳区某小区1号楼101室",
        identifier="京(2020)朝阳区不动产权第0000001号",
        status=ControlMeasure.Status.IN_EFFECT,
        started_on=on,
    )
    case_services.node_record(
        actor=officer, case=case, code="measure_taken", on=on, data={"measure": "查封"}
    )
    return measure


AUCTION_SUBJECT = "房屋网络司法拍卖起拍价、保证金"


def panel_decides(officer, case, on=date(2026, 2, 11), subject=AUCTION_SUBJECT, kind="panel"):
    """A collegial decision recorded on the case through the cases service (网拍规定 第27条)."""
    members = list(Staff.objects.filter(court_id=case.court_id).order_by("pk")[:3])
    return case_services.collegial_decision_record(
        actor=officer,
        case=case,
        kind=kind,
        decided_on=on,
        subject=subject,
        outcome="第一次拍卖起拍价按评估价的70%确定，保证金为起拍价的10%；流拍的降价20%",
        members=members,
        presiding=members[0],
    )


def appraised(officer, measure, price="1000000.00", panel=True):
    """Appraised at `price` (reported 02-10), and (`panel`) the collegial panel fixes start price
    and deposit on 02-11, before any announcement."""
    services.appraisal_order(actor=officer, measure=measure, decided_on=date(2026, 1, 12))
    services.appraiser_select(
        actor=officer,
        measure=measure,
        agency="北京某房地产评估有限公司",
        selected_on=date(2026, 1, 20),
    )
    row = services.appraisal_report(
        actor=officer,
        measure=measure,
        basis="appraisal",
        price=price,
        reported_on=date(2026, 2, 10),
    )
    if panel:
        panel_decides(officer, measure.case)
    return row


def first_round(officer, measure, **kw):
    values = dict(
        platform="taobao",
        announced_on=date(2026, 2, 12),
        starts_at=at(2026, 3, 16),
        ends_at=at(2026, 3, 17),
        start_price="700000.00",
        deposit="70000.00",
    )
    values.update(kw)
    values.setdefault("notified_on", values["announced_on"] - timedelta(days=3))
    return services.auction_announce(actor=officer, measure=measure, **values)


def second_round(officer, measure, **kw):
    values = dict(
        platform="taobao",
        announced_on=date(2026, 3, 20),
        starts_at=at(2026, 4, 8),
        ends_at=at(2026, 4, 9),
        start_price="560000.00",
        deposit="56000.00",
    )
    values.update(kw)
    values.setdefault("notified_on", values["announced_on"] - timedelta(days=3))
    return services.auction_announce(actor=officer, measure=measure, **values)


def fail(officer, rnd, on):
    return services.auction_result(actor=officer, auction=rnd, result="failed", on=on)


def two_failed(officer, measure):
    fail(officer, first_round(officer, measure), date(2026, 3, 17))
    fail(officer, second_round(officer, measure), date(2026, 4, 9))


def snapshot():
    return (
        DisposalFile.objects.count(),
        AuctionRound.objects.count(),
        NodeEvent.objects.count(),
        AuditRecord.objects.count(),
        list(DisposalFile.objects.values_list("outcome", "reference_price", "delivered_on")),
        list(AuctionRound.objects.values_list("result", "start_price")),
    )


@pytest.fixture
def case(file_case):  # noqa: F811
    return file_case(received_on=date(2026, 1, 5), docket_on=date(2026, 1, 6))


@pytest.fixture
def officer(people):  # noqa: F811
    return people["officer"].user


@pytest.fixture
def house(case, officer):
    return controlled(case, officer)


def codes_of(case):
    return list(case.events.order_by("seq").values_list("code", flat=True))


# --- the whole path ------------------------------------------------------------------------


def test_two_failed_rounds_then_in_kind_settlement_with_consent(case, officer, house):
    appraised(officer, house)
    r1 = first_round(officer, house)
    assert r1.number == 1
    fail(officer, r1, date(2026, 3, 17))
    r2 = second_round(officer, house)
    assert r2.number == 2
    fail(officer, r2, date(2026, 4, 9))
    applicant = case.parties.get(role="applicant")
    row = services.sale_or_in_kind(
        actor=officer,
        measure=house,
        mode="in_kind",
        on=date(2026, 4, 20),
        party=applicant,
        consent_on=date(2026, 4, 15),
        consent_note="申请执行人书面同意书",
    )
    assert row.outcome == "in_kind"
    assert row.outcome_price == D("560000.00")  # the failed second round's reserve
    assert row.claim_amount == D("100000.00")  # the case's claim, nothing realized yet
    assert row.amount_due == D("460000.00")  # the taker pays the excess over its claim
    assert row.taker_party == applicant and row.consent_on == date(2026, 4, 15)
    row = services.handover(actor=officer, measure=house, delivered_on=date(2026, 5, 10))
    assert row.delivered_on == date(2026, 5, 10)

    assert codes_of(case)[-10:] == [
        "measure_taken",
        "disposal_started",
        "appraisal_ordered",
        "appraiser_selected",
        "auction_announced",
        "auction_failed",
        "auction_announced",
        "auction_failed",
        "property_sold",
        "property_delivered",
    ]
    sold = case.events.get(code="property_sold")
    assert sold.data == {
        "property": "北京市朝阳区某小区1号楼101室（京(2020)朝阳区不动产权第0000001号）",
        "mode": "in_kind",
        "price": "560000.00",
    }
    assert case.events.get(code="appraiser_selected").data["agency"] == "北京某房地产评估有限公司"
    assert [e.data["round"] for e in case.events.filter(code="auction_failed")] == [1, 2]
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {
        "measures.appraisal_order",
        "measures.appraiser_select",
        "measures.appraisal_report",
        "measures.auction_announce",
        "measures.auction_result",
        "measures.sale_or_in_kind",
        "measures.handover",
        "node.auction_failed",
    } <= actions
    deadline = CaseDeadline.objects.get(case=case, code="appraiser_selection")
    assert deadline.met_on == date(2026, 1, 20) and deadline.due_on >= date(2026, 1, 22)


def test_sold_at_first_round_records_the_amount_due_and_hands_over(case, officer, house):
    appraised(officer, house)
    r1 = first_round(officer, house)
    services.auction_result(
        actor=officer,
        auction=r1,
        result="sold",
        on=date(2026, 3, 17),
        winning_price="812000.00",
        buyer="赵买受",
    )
    file = DisposalFile.objects.get(measure=house)
    assert (file.outcome, file.outcome_price, file.amount_due, file.taker) == (
        "auction",
        D("812000.00"),
        D("812000.00"),
        "赵买受",
    )
    event = case.events.get(code="auction_sold")
    assert event.data["price"] == "812000.00"
    services.handover(actor=officer, measure=house, delivered_on=date(2026, 4, 1))
    with pytest.raises(DomainError) as error:
        first_round(officer, house)
    assert error.value.code == "auction.disposed"


def test_market_price_without_appraisal(case, officer, house):
    row = services.appraisal_report(
        actor=officer,
        measure=house,
        basis="market",
        price="900000.00",
        reported_on=date(2026, 1, 15),
    )
    assert row.price_basis == "market" and row.appraisal_decided_on is None
    assert "appraisal_ordered" not in codes_of(case)
    panel_decides(officer, case)
    first_round(officer, house, start_price="630000.00", deposit="63000.00")


def test_sale_after_second_failure_at_the_floor(case, officer, house):
    appraised(officer, house)
    two_failed(officer, house)
    with pytest.raises(DomainError) as error:
        services.sale_or_in_kind(
            actor=officer,
            measure=house,
            mode="sale",
            on=date(2026, 5, 1),
            price="559999.99",
            buyer="钱买受",
        )
    assert error.value.code == "sale.below_floor"
    row = services.sale_or_in_kind(
        actor=officer,
        measure=house,
        mode="sale",
        on=date(2026, 5, 1),
        price="560000.00",
        buyer="钱买受",
    )
    assert (row.outcome, row.amount_due) == ("sale", D("560000.00"))
    assert case.events.get(code="property_sold").data["mode"] == "sale"


def test_sale_floor_setting(case, officer, house, settings):
    settings.ZHIXING_DISPOSAL_SALE_FLOOR_RATIO = "0.90"
    appraised(officer, house)
    two_failed(officer, house)
    row = services.sale_or_in_kind(
        actor=officer,
        measure=house,
        mode="sale",
        on=date(2026, 5, 1),
        price="504000.00",
        buyer="钱",
    )
    assert row.outcome_price == D("504000.00")


# --- refusals change nothing ---------------------------------------------------------------


def test_start_price_below_70_percent_refused_with_its_source(case, officer, house):
    appraised(officer, house)
    before = snapshot()
    with pytest.raises(DomainError) as error:
        first_round(officer, house, start_price="699999.99")
    assert error.value.status == 409
    assert error.value.code == "auction.start_price_below_70"
    assert error.value.source == "法释〔2016〕18号 第10条"
    assert error.value.field == "start_price"
    assert snapshot() == before


def test_every_broken_rule_comes_back(case, officer, house):
    appraised(officer, house)
    with pytest.raises(services.RuleRefusals) as error:
        first_round(
            officer, house, starts_at=at(2026, 3, 1), ends_at=at(2026, 3, 1, 20), deposit="1.00"
        )
    assert [r.code for r in error.value.refusals] == [
        "auction.announcement_too_short",
        "auction.deposit_out_of_range",
        "auction.bidding_too_short",
    ]


def test_in_kind_without_consent_refused(case, officer, house):
    appraised(officer, house)
    two_failed(officer, house)
    before = snapshot()
    with pytest.raises(DomainError) as error:
        services.sale_or_in_kind(
            actor=officer,
            measure=house,
            mode="in_kind",
            on=date(2026, 4, 20),
            party=case.parties.get(role="applicant"),
            consent_on=None,
        )
    assert error.value.code == "in_kind.consent_required"
    assert "民诉法解释 第489条、第490条" in error.value.source
    assert snapshot() == before


def test_in_kind_taker_must_be_an_applicant(case, officer, house):
    appraised(officer, house)
    two_failed(officer, house)
    with pytest.raises(DomainError) as error:
        services.sale_or_in_kind(
            actor=officer,
            measure=house,
            mode="in_kind",
            on=date(2026, 4, 20),
            party=case.parties.get(role="respondent"),
            consent_on=date(2026, 4, 15),
        )
    assert error.value.code == "in_kind.not_applicant"


def test_no_third_round_and_no_sale_before_second_failure(case, officer, house):
    appraised(officer, house)
    fail(officer, first_round(officer, house), date(2026, 3, 17))
    before = snapshot()
    with pytest.raises(DomainError) as error:
        services.sale_or_in_kind(
            actor=officer,
            measure=house,
            mode="sale",
            on=date(2026, 3, 18),
            price="600000",
            buyer="x",
        )
    assert error.value.code == "sale.before_second_failure"
    assert snapshot() == before
    fail(officer, second_round(officer, house), date(2026, 4, 9))
    before = snapshot()
    with pytest.raises(DomainError) as error:
        second_round(
            officer,
            house,
            announced_on=date(2026, 4, 10),
            starts_at=at(2026, 4, 30),
            ends_at=at(2026, 5, 1),
        )
    assert error.value.code == "auction.no_third_round"
    assert error.value.source == "法释〔2016〕18号 第26条第2款"
    assert snapshot() == before


def test_second_round_too_late_or_too_cheap(case, officer, house):
    appraised(officer, house)
    fail(officer, first_round(officer, house), date(2026, 3, 17))
    with pytest.raises(DomainError) as error:
        second_round(officer, house, starts_at=at(2026, 4, 17), ends_at=at(2026, 4, 18))
    assert error.value.code == "auction.reauction_too_late"  # failed 3-17, last day 4-16
    with pytest.raises(DomainError) as error:
        second_round(officer, house, start_price="559999.99")
    assert error.value.code == "auction.reduction_over_20"
    assert AuctionRound.objects.count() == 1


def test_one_open_round_and_result_only_after_bidding(case, officer, house, monkeypatch):
    appraised(officer, house)
    r1 = first_round(officer, house)
    with pytest.raises(DomainError) as error:
        first_round(officer, house)
    assert error.value.code == "auction.round_open"
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: at(2026, 3, 16, 12))
    with pytest.raises(DomainError) as error:
        fail(officer, r1, date(2026, 3, 16))
    assert error.value.code == "auction.not_ended"
    assert AuctionRound.objects.get(pk=r1.pk).result == "pending"


def test_withdrawn_round_is_announced_again_as_round_one(case, officer, house, monkeypatch):
    appraised(officer, house)
    from django.utils import timezone

    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 3, 1))
    r1 = first_round(officer, house)
    services.auction_result(actor=officer, auction=r1, result="withdrawn", on=date(2026, 2, 20))
    monkeypatch.setattr(timezone, "now", real_now)
    again = first_round(
        officer,
        house,
        announced_on=date(2026, 2, 21),
        starts_at=at(2026, 3, 23),
        ends_at=at(2026, 3, 24),
    )
    assert again.number == 1
    assert "auction_failed" not in codes_of(case)


def test_appraisal_agency_before_order_refused(case, officer, house):
    before = snapshot()
    with pytest.raises(DomainError) as error:
        services.appraiser_select(
            actor=officer, measure=house, agency="某评估公司", selected_on=date(2026, 1, 20)
        )
    assert error.value.code == "appraisal.not_ordered"
    assert snapshot() == before


def test_deposit_account_is_not_disposed(case, officer):
    account = controlled(case, officer, kind="deposit", description="工商银行账户")
    with pytest.raises(DomainError) as error:
        services.appraisal_order(actor=officer, measure=account, decided_on=date(2026, 1, 12))
    assert error.value.code == "disposal.deposit_account"
    assert not DisposalFile.objects.exists()


def test_released_seal_is_not_disposed(case, officer, house):
    ControlMeasure.objects.filter(pk=house.pk).update(status=ControlMeasure.Status.RELEASED)
    with pytest.raises(DomainError) as error:
        services.appraisal_order(actor=officer, measure=house, decided_on=date(2026, 1, 12))
    assert error.value.code == "disposal.not_controlled"


def test_lapsed_seal_is_not_disposed(case, officer, house):
    """Expiry is computed (民诉法解释 第485条): past its term the seal no longer holds the property."""
    ControlMeasure.objects.filter(pk=house.pk).update(expires_on=date(2026, 1, 11))
    with pytest.raises(DomainError) as error:
        services.appraisal_order(actor=officer, measure=house, decided_on=date(2026, 1, 12))
    assert error.value.code == "disposal.not_controlled"
    assert not DisposalFile.objects.exists()


def test_handover_before_outcome_refused(case, officer, house):
    appraised(officer, house)
    with pytest.raises(DomainError) as error:
        services.handover(actor=officer, measure=house, delivered_on=date(2026, 3, 1))
    assert error.value.code == "handover.not_disposed"


def test_release_after_second_failure(case, officer, house):
    appraised(officer, house)
    two_failed(officer, house)
    row = services.disposal_release(
        actor=officer,
        measure=house,
        on=date(2026, 6, 1),
        reason="无法变卖，申请执行人不同意以物抵债",
    )
    assert row.outcome == "released" and row.outcome_price is None
    with pytest.raises(DomainError) as error:
        services.handover(actor=officer, measure=house, delivered_on=date(2026, 6, 2))
    assert error.value.code == "handover.not_disposed"


@pytest.mark.parametrize(
    "kwargs, code",
    [
        (dict(start_price="0"), "disposal.amount_not_positive"),
        (dict(start_price="abc"), "money.format"),
        (dict(platform="ebay"), "platform.invalid"),
        (dict(announced_on=date(2099, 1, 1)), "disposal.future_date"),
    ],
)
def test_bad_input_is_422(case, officer, house, kwargs, code):
    appraised(officer, house)
    with pytest.raises(InputError) as error:
        first_round(officer, house, **kwargs)
    assert error.value.code == code and error.value.status == 422


def test_node_date_before_the_last_node_shown_on_the_date_field(case, officer, house):
    appraised(officer, house)
    panel_decides(officer, case, on=date(2026, 1, 14))
    with pytest.raises(InputError) as error:
        first_round(officer, house, announced_on=date(2026, 1, 15))
    assert error.value.code == "node.date_order" and error.value.field == "announced_on"
    assert not AuctionRound.objects.exists()


# --- notice (第16条), collegial panel (第27条), first seal, outstanding claim, deadlines -------


def test_parties_notified_three_days_before_the_announcement(case, officer, house):
    appraised(officer, house)
    before = snapshot()
    with pytest.raises(DomainError) as error:
        first_round(officer, house, notified_on=None)
    assert (error.value.code, error.value.status) == ("auction.notice_missing", 409)
    assert (error.value.source, error.value.field) == ("法释〔2016〕18号 第16条", "notified_on")
    with pytest.raises(DomainError) as error:
        first_round(officer, house, notified_on=date(2026, 2, 10))  # two days before 02-12
    assert error.value.code == "auction.notice_too_late"
    assert "最晚应于 2026年2月9日 通知" in error.value.message
    assert snapshot() == before
    r1 = first_round(officer, house, notified_on=date(2026, 2, 9))
    assert AuctionRound.objects.get(pk=r1.pk).notified_on == date(2026, 2, 9)
    audit = AuditRecord.objects.get(action="measures.auction_announce")
    assert audit.after["notified_on"] == "2026-02-09"


def test_round_rests_on_a_collegial_decision_made_by_the_announcement(case, officer, house):
    appraised(officer, house, panel=False)
    before = snapshot()
    with pytest.raises(DomainError) as error:
        first_round(officer, house)
    assert error.value.code == "auction.collegial_missing"
    assert error.value.source == "法释〔2016〕18号 第27条"
    panel_decides(officer, case, subject="执行方案：先查控银行存款")  # not about the auction
    panel_decides(officer, case, kind="joint_meeting")  # a joint meeting only advises
    with pytest.raises(DomainError) as error:
        first_round(officer, house)
    assert error.value.code == "auction.collegial_missing"
    panel_decides(officer, case, on=date(2026, 2, 13))  # the day after the announcement
    with pytest.raises(DomainError) as error:
        first_round(officer, house)
    assert error.value.code == "auction.collegial_after_announcement"
    assert error.value.field == "announced_on"
    assert snapshot()[1:3] == before[1:3]  # no round, no node
    assert not AuditRecord.objects.filter(action="measures.auction_announce").exists()
    decision = panel_decides(officer, case, on=date(2026, 2, 12))
    r1 = first_round(officer, house)
    assert AuctionRound.objects.get(pk=r1.pk).collegial_decision == decision
    audit = AuditRecord.objects.get(action="measures.auction_announce")
    assert audit.after["collegial_decision"] == decision.pk
    assert AUCTION_SUBJECT in audit.summary


def test_in_kind_claim_is_what_is_still_outstanding(case, officer, house):
    """拍卖变卖规定 第16条: the taker pays in the price less its claim still outstanding — the case's
    claim (100,000) less what the court has received (30,000), not a typed figure."""
    CaseAccount.objects.create(
        case=case, court_id=case.court_id, number="110105000000000001", received_total=D("30000")
    )
    appraised(officer, house)
    two_failed(officer, house)
    row = services.sale_or_in_kind(
        actor=officer,
        measure=house,
        mode="in_kind",
        on=date(2026, 4, 20),
        party=case.parties.get(role="applicant"),
        consent_on=date(2026, 4, 15),
    )
    assert row.claim_amount == D("70000.00")
    assert row.amount_due == D("490000.00")  # 560,000 − 70,000
    audit = AuditRecord.objects.get(action="measures.sale_or_in_kind")
    assert audit.after["claim_outstanding"] == "70000.00"


def test_in_kind_refused_when_nothing_is_owed(case, officer, house):
    CaseAccount.objects.create(
        case=case, court_id=case.court_id, number="110105000000000002", received_total=D("100000")
    )
    appraised(officer, house)
    two_failed(officer, house)
    before = snapshot()
    with pytest.raises(DomainError) as error:
        services.sale_or_in_kind(
            actor=officer,
            measure=house,
            mode="in_kind",
            on=date(2026, 4, 20),
            party=case.parties.get(role="applicant"),
            consent_on=date(2026, 4, 15),
        )
    assert error.value.code == "in_kind.nothing_owed"
    assert snapshot() == before


def sealed_first_elsewhere(file_case, house, officer):  # noqa: F811
    """Another case sealed the same house (same identifier) a day before this case did."""
    other = file_case(received_on=date(2026, 1, 5), docket_on=date(2026, 1, 6))
    ControlMeasure.objects.filter(pk=house.pk).update(
        took_effect_at=at(2026, 1, 10), expires_on=date(2029, 1, 9)
    )
    rival = ControlMeasure.objects.create(
        case=other,
        court_id=other.court_id,
        party=other.parties.get(role="respondent"),
        kind="seal",
        property_kind="real_estate",
        description=house.description,
        identifier=house.identifier,
        status=ControlMeasure.Status.IN_EFFECT,
        started_on=date(2026, 1, 9),
        took_effect_at=at(2026, 1, 9),
        expires_on=date(2029, 1, 8),
    )
    case_services.node_record(
        actor=officer, case=other, code="measure_taken", on=date(2026, 1, 9), data={}
    )
    return rival


def test_a_seal_waiting_behind_another_is_not_disposed(case, officer, house, file_case):  # noqa: F811
    """法释〔2016〕6号 第1条: the court of the first seal disposes of the property."""
    rival = sealed_first_elsewhere(file_case, house, officer)
    before = snapshot()
    with pytest.raises(DomainError) as error:
        services.appraisal_order(actor=officer, measure=house, decided_on=date(2026, 1, 12))
    assert error.value.code == "disposal.not_first_control"
    assert error.value.source == "法释〔2016〕6号 第1条"
    assert "轮候查封（第2顺位）" in error.value.message
    with pytest.raises(DomainError) as error:
        services.appraisal_report(
            actor=officer,
            measure=house,
            basis="market",
            price="900000",
            reported_on=date(2026, 1, 15),
        )
    assert error.value.code == "disposal.not_first_control"
    assert snapshot() == before
    # the first seal's own case may dispose of it
    services.appraisal_order(actor=officer, measure=rival, decided_on=date(2026, 1, 12))
    # once the first seal is lifted, this case's seal is first in line
    ControlMeasure.objects.filter(pk=rival.pk).update(status=ControlMeasure.Status.RELEASED)
    row = services.appraisal_order(actor=officer, measure=house, decided_on=date(2026, 1, 13))
    assert row.appraisal_decided_on == date(2026, 1, 13)


def test_agency_chosen_meets_its_own_propertys_ten_days(case, officer, house):
    """法发〔2006〕35号 第7条 per property: the car's agency, chosen first, meets the car's clock and
    leaves the house's open (the node names the car's decision, cases.rules.deadlines FOR_SEQ)."""
    car = controlled(
        case, officer, kind="movable", on=date(2026, 1, 11), description="小型轿车 京A00001"
    )
    house_file = services.appraisal_order(
        actor=officer, measure=house, decided_on=date(2026, 1, 12)
    )
    car_file = services.appraisal_order(actor=officer, measure=car, decided_on=date(2026, 1, 13))
    assert house_file.appraisal_seq < car_file.appraisal_seq
    services.appraiser_select(
        actor=officer, measure=car, agency="某车辆评估公司", selected_on=date(2026, 1, 15)
    )
    chosen = case.events.get(code="appraiser_selected")
    assert chosen.data["for_seq"] == car_file.appraisal_seq
    met = dict(
        CaseDeadline.objects.filter(case=case, code="appraiser_selection").values_list(
            "instance", "met_on"
        )
    )
    assert met == {house_file.appraisal_seq: None, car_file.appraisal_seq: date(2026, 1, 15)}


def test_a_file_without_its_node_seq_finds_the_decision_by_property(case, officer, house):
    """Files opened before the seq was kept: the node of this property's decision is looked up."""
    car = controlled(
        case, officer, kind="movable", on=date(2026, 1, 11), description="小型轿车 京A00001"
    )
    services.appraisal_order(actor=officer, measure=house, decided_on=date(2026, 1, 12))
    car_file = services.appraisal_order(actor=officer, measure=car, decided_on=date(2026, 1, 13))
    seq = car_file.appraisal_seq
    DisposalFile.objects.update(appraisal_seq=None)
    services.appraiser_select(
        actor=officer, measure=car, agency="某车辆评估公司", selected_on=date(2026, 1, 15)
    )
    assert case.events.get(code="appraiser_selected").data["for_seq"] == seq
    deadline = CaseDeadline.objects.get(case=case, code="appraiser_selection", instance=seq)
    assert deadline.met_on == date(2026, 1, 15)


# --- scope and roles -----------------------------------------------------------------------


def test_another_courts_staff_refused(case, officer, house, tree, make_staff, people):  # noqa: F811
    haidian = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    upper = make_staff(tree.bj3, "bj3_officer", roles=[Role.OFFICER])
    before = snapshot()
    with pytest.raises(NotFound):
        services.appraisal_order(actor=haidian.user, measure=house, decided_on=date(2026, 1, 12))
    with pytest.raises(AccessDenied) as error:
        services.appraisal_order(actor=upper.user, measure=house, decided_on=date(2026, 1, 12))
    assert error.value.code == "disposal.other_court"
    with pytest.raises(AccessDenied) as error:
        services.appraisal_order(
            actor=people["clerk"].user, measure=house, decided_on=date(2026, 1, 12)
        )
    assert error.value.code == "disposal.role"
    assert snapshot() == before


@pytest.mark.parametrize("role", ["judge", "officer"])
def test_judge_and_officer_may_act(case, house, people, role):  # noqa: F811
    row = services.appraisal_order(
        actor=people[role].user, measure=house, decided_on=date(2026, 1, 12)
    )
    assert row.appraisal_decided_on == date(2026, 1, 12)


def test_assistant_may_act(case, house, tree, make_staff):
    assistant = make_staff(tree.chaoyang, "cy_assistant", roles=[Role.ASSISTANT])
    row = services.appraisal_order(
        actor=assistant.user, measure=house, decided_on=date(2026, 1, 12)
    )
    assert DisposalFile.objects.get(pk=row.pk).appraisal_decided_on == date(2026, 1, 12)
    node = case.events.get(code="appraisal_ordered")
    assert node.occurred_on == date(2026, 1, 12) and node.actor == assistant.user
    assert node.data["property"].startswith("北京市朝阳区某小区1号楼101室")
