"""`measures.expiring_controls`: the officer responsible is reminded once per measure, per term,
per kind when a control ends within ZHIXING_CONTROL_WARN_DAYS and when it lapsed unrenewed
(民诉法解释 第485条); renewed or released controls leave the worklist."""

from datetime import date, timedelta

import pytest

from tests.cases.conftest import basis, parties, people  # noqa: F401 (fixtures)
from tests.linkage.conftest import file_case, pinned_today  # noqa: F401 (fixtures)
from zhixing.cases import selectors as case_selectors
from zhixing.cases import services as case_services
from zhixing.core.models import AuditRecord
from zhixing.measures import duties as measures_duties
from zhixing.measures.models import ControlExpiryNotice, ControlMeasure, ControlRenewal

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 26)


@pytest.fixture
def control(file_case, people, pinned_today):
    case = file_case(docket_on=date(2026, 9, 22))
    case_services.officer_assign(
        actor=people["chief"].user, cases=[case], officer=people["officer"], on=date(2026, 9, 22)
    )

    def make(expires_on, **kw):
        return ControlMeasure.objects.create(
            case=case,
            court_id=case.court_id,
            party=case.parties.get(role="respondent"),
            kind="freeze",
            property_kind="deposit",
            description="工商银行活期存款账户",
            identifier="6222000011112222",
            amount="5000.00",
            status=kw.pop("status", "in_effect"),
            started_on=expires_on - timedelta(days=300),
            expires_on=expires_on,
            **kw,
        )

    return make


def section(actor):
    found = [
        items
        for key, _l, _n, items in case_selectors.worklist_sections(actor=actor)
        if key == "control-expiry"
    ]
    return found[0] if found else []


def test_reminded_once_per_term_and_shown_to_the_officer(control, people):
    soon = control(TODAY + timedelta(days=10))
    control(TODAY + timedelta(days=40))  # outside the 15-day window
    line = measures_duties.expiring_controls(TODAY)
    assert "即将到期（15 日内）新提醒 1 项" in line
    notice = ControlExpiryNotice.objects.get()
    assert (notice.measure_id, notice.kind, notice.sent_to_id) == (
        soon.pk,
        "expiring",
        people["officer"].pk,
    )
    audits = AuditRecord.objects.count()
    assert "新提醒 0 项" in measures_duties.expiring_controls(TODAY)
    assert ControlExpiryNotice.objects.count() == 1 and AuditRecord.objects.count() == audits
    items = section(people["officer"].user)
    assert [i.case.pk for i in items] == [soon.case_id] and "还有 10 天" in items[0].text
    assert section(people["officer2"].user) == []
    ControlMeasure.objects.filter(pk=soon.pk).update(expires_on=TODAY + timedelta(days=200))
    assert (
        section(people["officer"].user) == []
    )  # renewed: the old term's notice is no longer shown
    measures_duties.expiring_controls(TODAY + timedelta(days=190))
    assert ControlExpiryNotice.objects.filter(measure=soon).count() == 2  # the new term, once


def test_a_lapsed_control_is_reported_once_and_never_rewritten(control, people):
    lapsed = control(TODAY - timedelta(days=2))
    line = measures_duties.expiring_controls(TODAY)
    assert "已届满失效新提醒 1 项" in line
    lapsed.refresh_from_db()
    assert lapsed.status == "in_effect"  # expiry is computed from expires_on, never stored
    assert "已失效" in section(people["officer"].user)[0].text
    measures_duties.expiring_controls(TODAY)
    assert ControlExpiryNotice.objects.filter(kind="lapsed").count() == 1


def test_controls_being_renewed_released_or_done_are_not_reminded(control, people):
    renewing = control(TODAY + timedelta(days=5))
    ControlRenewal.objects.create(
        measure=renewing,
        renewed_on=TODAY,
        old_expiry=renewing.expires_on,
        new_expiry=TODAY + timedelta(days=300),
    )
    control(TODAY + timedelta(days=5), released_on=TODAY)
    control(TODAY + timedelta(days=5), status="done")
    measures_duties.expiring_controls(TODAY)
    assert not ControlExpiryNotice.objects.exists()
