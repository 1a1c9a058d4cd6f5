"""The 查控措施 page of a case and the 查控到期预警 list: what each role sees, PRG, errors beside
the field with their source, scope, query counts."""

# Fixtures are imported by name and used as arguments:
# ruff: noqa: F401, F811

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.linkage.conftest import (
    ACCOUNT,
    RULING,
    TODAY,
    answer,
    case,
    departments,
    file_case,
    found_deposit,
    people,
    pinned_today,
    recording,
    simulated,
)
from zhixing.cases.models import NodeEvent
from zhixing.core.rules.roles import Role
from zhixing.measures.models import ControlMeasure
from zhixing.measures.services import control as services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]
ONE_YEAR = date(2027, 11, 26)
NOW = f"{TODAY.isoformat()}T10:00:00+08:00"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def take(client, case, found, **kw):
    data = {
        "take-found": found.pk,
        "take-kind": "freeze",
        "take-amount": "50,000.00",
        "take-started_on": TODAY.isoformat(),
        "take-expires_on": ONE_YEAR.isoformat(),
        "take-ruling": RULING,
    }
    data.update({f"take-{k}": v for k, v in kw.items()})
    return client.post(f"/cases/{case.pk}/controls/take/", data)


def in_effect(people, case, found_deposit, answer):
    measure = services.control_take(
        actor=people["officer"].user,
        case=case,
        kind="freeze",
        found=found_deposit(),
        amount="50000",
        started_on=TODAY,
        expires_on=ONE_YEAR,
        ruling=RULING,
    )
    answer("icbc", measure.message, {"result": "done", "amount": "42000", "effective_at": NOW})
    measure.refresh_from_db()
    return measure


def test_officer_freezes_found_deposit_from_the_page(people, case, found_deposit):
    found = found_deposit()
    client = login(people["officer"].user)
    page = client.get(f"/cases/{case.pk}/controls/").content.decode()
    assert ACCOUNT in page and "网络查控发现的财产" in page
    assert 'id="take-form-' in page and "银行存款最长1年" in page
    assert "（2026）京0105执1号之一" in page  # the ruling number is suggested
    response = take(client, case, found)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/cases/{case.pk}/controls/#found")
    page = client.get(response["Location"]).content.decode()
    assert "已发出协助执行通知" in page and "待中国工商银行回复后生效" in page
    assert "已发出，待协助单位回复" in page
    assert NodeEvent.objects.filter(case=case, code="measure_taken").exists()


def test_refusal_is_shown_beside_the_field_with_its_source(people, case, found_deposit):
    client = login(people["officer"].user)
    response = take(client, case, found_deposit(), expires_on="2027-11-27")
    assert response.status_code == 409
    html = response.content.decode()
    field = html[html.index('id="field-take-expires_on"') :]
    field = field[: field.index('<div class="field')]
    assert "银行存款的冻结期限不得超过1年（最迟至 2027年11月26日）（民诉法解释 第485条）" in field
    assert not ControlMeasure.objects.exists()
    response = take(client, case, found_deposit(), amount="12.345")
    assert response.status_code == 422 and "小数" in response.content.decode()


def test_in_effect_freeze_shows_term_days_left_rank_and_actions(
    people,
    case,
    found_deposit,
    answer,
):
    measure = in_effect(people, case, found_deposit, answer)
    html = login(people["officer"].user).get(f"/cases/{case.pk}/controls/").content.decode()
    assert f'id="control-{measure.pk}"' in html
    assert "剩余 365 天" in html and "生效中" in html and "首冻" in html
    assert "民诉法解释 第485条" in html and "2027-11-26" in html
    assert "余额不足" in html  # 42,000 frozen of 50,000 asked
    assert f'id="deduct-form-{measure.pk}"' in html
    assert f'id="renew-form-{measure.pk}"' in html and f'id="release-form-{measure.pk}"' in html


def test_deduct_renew_release_through_the_page(people, case, found_deposit, answer):
    measure = in_effect(people, case, found_deposit, answer)
    client = login(people["officer"].user)
    over = client.post(
        f"/cases/{case.pk}/controls/deduct/",
        {
            "deduct-measure": measure.pk,
            "deduct-amount": "42000.01",
            "deduct-on": TODAY.isoformat(),
            "deduct-ruling": RULING,
        },
    )
    assert over.status_code == 409
    assert "扣划金额不能超过尚未扣划的冻结金额 42,000.00 元" in over.content.decode()
    done = client.post(
        f"/cases/{case.pk}/controls/deduct/",
        {
            "deduct-measure": measure.pk,
            "deduct-amount": "42000",
            "deduct-on": TODAY.isoformat(),
            "deduct-ruling": RULING,
        },
        follow=True,
    )
    assert "已向中国工商银行发出协助扣划通知" in done.content.decode()
    renew = client.post(
        f"/cases/{case.pk}/controls/renew/",
        {
            "renew-measure": measure.pk,
            "renew-renewed_on": TODAY.isoformat(),
            "renew-new_expiry": "2028-11-26",
            "renew-ruling": RULING,
        },
        follow=True,
    )
    assert "已发出续行通知" in renew.content.decode()
    release = client.post(
        f"/cases/{case.pk}/controls/release/",
        {
            "release-measure": measure.pk,
            "release-released_on": TODAY.isoformat(),
            "release-reason": "",
        },
    )
    assert release.status_code == 422 and "这个字段是必填项" in release.content.decode()


def test_manual_seizure_from_the_page(people, case, departments):
    client = login(people["officer"].user)
    response = client.post(
        f"/cases/{case.pk}/controls/manual/",
        {
            "manual-party": case.parties.get(role="respondent").pk,
            "manual-property_kind": "movable",
            "manual-description": "小型轿车一辆",
            "manual-identifier": "京N12345",
            "manual-kind": "seize",
            "manual-department": "",
            "manual-started_on": TODAY.isoformat(),
            "manual-expires_on": "2028-11-26",
            "manual-ruling": RULING,
        },
        follow=True,
    )
    html = response.content.decode()
    assert "已扣押：扣押 小型轿车一辆（京N12345），即时生效" in html
    assert ControlMeasure.objects.get().status == "in_effect"


def test_clerk_sees_no_forms_and_is_refused(people, case, found_deposit):
    found = found_deposit()
    client = login(people["clerk"].user)
    html = client.get(f"/cases/{case.pk}/controls/").content.decode()
    assert ACCOUNT in html and "take-form" not in html and "manual-form" not in html
    assert take(client, case, found).status_code == 403
    assert not ControlMeasure.objects.exists()


def test_other_court_gets_404(people, case, tree, make_staff):
    haidian = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    client = login(haidian.user)
    assert client.get(f"/cases/{case.pk}/controls/").status_code == 404
    assert client.post(f"/cases/{case.pk}/controls/manual/", {}).status_code == 404


def test_page_query_count_does_not_grow_with_measures(
    people,
    case,
    found_deposit,
    answer,
    departments,
):
    in_effect(people, case, found_deposit, answer)
    client = login(people["officer"].user)
    client.get(f"/cases/{case.pk}/controls/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/cases/{case.pk}/controls/")
    for n in range(3):
        services.control_take(
            actor=people["officer"].user,
            case=case,
            kind="seize",
            property_kind="movable",
            description=f"设备 {n}",
            identifier=f"SB-{n}",
            party=case.parties.get(role="respondent"),
            started_on=TODAY,
            expires_on=date(2028, 11, 26),
            ruling=RULING,
        )
    with CaptureQueriesContext(connection) as four:
        client.get(f"/cases/{case.pk}/controls/")
    assert len(four) <= len(one) + 2, [q["sql"] for q in four]


def test_expiring_page_lists_soonest_first_then_the_lapsed(
    people,
    case,
    departments,
    tree,
    make_staff,
    monkeypatch,
):
    def seize(description, days):
        return services.control_take(
            actor=people["officer"].user,
            case=case,
            kind="seize",
            property_kind="movable",
            description=description,
            identifier=description,
            party=case.parties.get(role="respondent"),
            started_on=TODAY,
            expires_on=TODAY + timedelta(days=days),
            ruling=RULING,
        )

    later, sooner, far, lapsing = seize("甲", 12), seize("乙", 2), seize("丙", 200), seize("丁", 1)
    from django.utils import timezone

    day_after = TODAY + timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day_after)  # 丁 has lapsed
    client = login(people["officer"].user)
    html = client.get("/controls/expiring/").content.decode()
    soon = html[html.index('id="expiring-table"') : html.index('id="expired"')]
    assert soon.index(f'id="expiring-{sooner.pk}"') < soon.index(f'id="expiring-{later.pk}"')
    assert f"expiring-{far.pk}" not in html and f"expiring-{lapsing.pk}" not in html
    assert f'id="expired-{lapsing.pk}"' in html and "届满未续行" in html
    assert f"/cases/{case.pk}/controls/#control-{sooner.pk}" in html
    assert "今天届满" in soon
    haidian = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    assert "甲" not in login(haidian.user).get("/controls/expiring/").content.decode()
    upper = make_staff(tree.bj3, "bj3_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None)
    upper_html = login(upper.user).get("/controls/expiring/").content.decode()
    assert f'id="expiring-{later.pk}"' in upper_html and "北京市朝阳区人民法院" in upper_html


def test_case_page_and_navigation_link_here(people, case):
    html = login(people["officer"].user).get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/controls/" in html
    assert "/controls/expiring/" in html
