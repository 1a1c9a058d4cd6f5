"""Joint-linkage pages and API with the test client."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.linkage.conftest import DOCKETED
from zhixing.cases import services as case_services
from zhixing.core.tokens import api_token_create
from zhixing.linkage.joint import services
from zhixing.linkage.models import (
    Decision,
    DecisionProgress,
    JointConference,
    SpecialEntityFlag,
    SupervisionListing,
)

from .conftest import HELD

pytestmark = pytest.mark.django_db


def login(client, staff):
    assert client.login(username=staff.user.username, password=PASSWORD)
    return client


@pytest.fixture
def case(file_case):
    return file_case(docket_on=DOCKETED)


def test_conference_form_lists_departments_and_creates(client, people, deps):
    login(client, people["chief"])
    page = client.get(reverse("joint-conferences"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="checkbox"' in html and deps[0].name in html
    response = client.post(
        reverse("joint-conferences"),
        {"title": "专题联席会议", "held_on": HELD.isoformat(), "departments": [deps[0].pk]},
    )
    assert response.status_code == 302
    assert JointConference.objects.get().title == "专题联席会议"


def test_conference_without_departments_is_refused_beside_the_field(client, people):
    login(client, people["chief"])
    response = client.post(
        reverse("joint-conferences"), {"title": "会", "held_on": HELD.isoformat()}
    )
    assert response.status_code == 422
    assert not JointConference.objects.exists()
    assert 'id="field-departments"' in response.content.decode()


def test_conference_page_marks_overdue_decisions_red(client, people, conference, deps):
    late = services.decision_assign(
        actor=people["chief"].user,
        conference=conference,
        department=deps[1],
        task="清理积案",
        due_on=HELD + timedelta(days=1),
    )
    login(client, people["chief"])
    html = client.get(reverse("joint-conference", args=[conference.pk])).content.decode()
    assert f'id="decision-{late.pk}" class="overdue"' in html
    assert "已超期" in html


def test_decision_before_meeting_shown_with_source(client, people, conference, deps):
    login(client, people["chief"])
    response = client.post(
        reverse("joint-decision-add", args=[conference.pk]),
        {
            "decision-department": deps[0].pk,
            "decision-task": "任务",
            "decision-due_on": HELD.isoformat(),
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "办理期限应晚于会议召开日期" in html and "法发〔2009〕43号" in html
    assert not Decision.objects.exists()


def test_progress_form_completes_decision(client, people, decision):
    login(client, people["chief"])
    key = f"progress-{decision.pk}"
    response = client.post(
        reverse("joint-progress-add", args=[decision.pk]),
        {f"{key}-reported_on": HELD.isoformat(), f"{key}-text": "已办结", f"{key}-completes": "on"},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DONE


def test_other_court_gets_404(client, tree, make_staff, conference):
    from zhixing.core.rules.roles import Role

    haidian = make_staff(tree.haidian, "hd_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None)
    login(client, haidian)
    assert client.get(reverse("joint-conference", args=[conference.pk])).status_code == 404


def test_decisions_page_overdue_first(client, people, conference, deps):
    chief = people["chief"].user
    services.decision_assign(
        actor=chief,
        conference=conference,
        department=deps[0],
        task="未到期事项",
        due_on=timezone.localdate() + timedelta(days=30),
    )
    services.decision_assign(
        actor=chief,
        conference=conference,
        department=deps[1],
        task="超期事项",
        due_on=HELD + timedelta(days=1),
    )
    login(client, people["chief"])
    html = client.get(reverse("joint-decisions")).content.decode()
    assert html.index("超期事项") < html.index("未到期事项")
    assert 'id="overdue-count">1<' in html


def test_case_link_and_listing_through_the_case_page(client, case, upper, people):
    login(client, people["officer"])
    detail = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert reverse("joint-case-supervision", args=[case.pk]) in detail
    own = client.get(reverse("joint-case-supervision", args=[case.pk])).content.decode()
    assert 'id="listing-form"' not in own  # the case's own court cannot list it
    client.logout()
    login(client, upper["bj3_chief"])
    url = reverse("joint-case-supervision", args=[case.pk])
    assert 'id="listing-form"' in client.get(url).content.decode()
    bad = client.post(
        url, {"listing-reason": "督办", "listing-due_on": timezone.localdate().isoformat()}
    )
    assert bad.status_code == 422
    assert "督办期限应晚于挂牌日期" in bad.content.decode()
    assert not SupervisionListing.objects.exists()
    done = client.post(
        url,
        {
            "listing-reason": "重点案件",
            "listing-due_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )
    assert done.status_code == 302
    listing = SupervisionListing.objects.get()
    html = client.get(reverse("joint-supervision-listings")).content.decode()
    section = html[html.index('id="listed-by-us"') : html.index('id="to-report"')]
    assert f'id="listing-{listing.pk}"' in section
    client.logout()
    login(client, people["officer"])
    html = client.get(reverse("joint-supervision-listings")).content.decode()
    assert f'id="report-form-{listing.pk}"' in html[html.index('id="to-report"') :]


def test_special_entities_page_by_kind(client, case, people):
    respondent = case.parties.get(role="respondent")
    respondent.kind = "legal_entity"
    respondent.save()
    services.special_entity_flag(
        actor=people["officer"].user,
        case=case,
        party=respondent,
        kind="state_owned",
        basis="市国资委出资",
    )
    login(client, people["chief"])
    html = client.get(reverse("joint-special-entities")).content.decode()
    assert "市国资委出资" in html and "国有企业" in html
    html = client.get(reverse("joint-special-entities") + "?kind=government").content.decode()
    assert 'id="no-special"' in html


# --- API ---------------------------------------------------------------------------------------


def bearer(superuser, user):
    _, raw = api_token_create(actor=superuser, user=user, name="联动单位接口", court_id=None)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_department_token_posts_progress(client, superuser, decision, deps, django_user_model):
    account = django_user_model.objects.create_user("dept_api", password="x")
    deps[0].system_user = account
    deps[0].save()
    headers = bearer(superuser, account)
    listed = client.get("/api/v1/linkage/decisions", **headers)
    assert listed.status_code == 200 and [d["id"] for d in listed.json()] == [decision.pk]
    response = client.post(
        f"/api/v1/linkage/decisions/{decision.pk}/progress",
        {"reported_on": HELD.isoformat(), "text": "已落实", "completes": True},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    assert response.json()["decision"]["status"] == "done"


def test_other_department_token_cannot_report(client, superuser, decision, deps, django_user_model):
    other = django_user_model.objects.create_user("dept_other", password="x")
    deps[1].system_user = other
    deps[1].save()
    response = client.post(
        f"/api/v1/linkage/decisions/{decision.pk}/progress",
        {"reported_on": HELD.isoformat(), "text": "x"},
        content_type="application/json",
        **bearer(superuser, other),
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not DecisionProgress.objects.exists()


def test_api_listing_conclude_before_report_refused(client, case, upper):
    login(client, upper["bj3_chief"])
    created = client.post(
        f"/api/v1/cases/{case.pk}/supervision-listing",
        {"reason": "督办", "due_on": (timezone.localdate() + timedelta(days=10)).isoformat()},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    listing_id = created.json()["id"]
    refused = client.post(
        f"/api/v1/supervision-listings/{listing_id}/conclude",
        {"on": timezone.localdate().isoformat()},
        content_type="application/json",
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "supervision.not_reported"
    assert SupervisionListing.objects.get().status == "open"


def test_api_special_entities_lists_auto_flag(client, file_case, people):
    from tests.cases.conftest import parties
    from zhixing.core.rules.identity import credit_check_char

    head = "11110105MB0000000"
    file_case(
        docket_on=DOCKETED,
        parties=parties(
            kind="legal_entity",
            name="北京市某区人民政府",
            id_number="",
            credit_code=head + credit_check_char(head),
            legal_representative="区长",
        ),
    )
    login(client, people["chief"])
    rows = client.get("/api/v1/special-entities?kind=government").json()["items"]
    assert [r["party_name"] for r in rows] == ["北京市某区人民政府"]
    assert SpecialEntityFlag.objects.count() == 1


def test_open_listing_on_the_officers_worklist(client, case, upper, people):
    services.supervision_list(
        actor=upper["bj3_chief"].user,
        case=case,
        reason="重点督办",
        due_on=timezone.localdate() + timedelta(days=9),
    )
    case_services.officer_assign(
        actor=people["chief"].user, cases=[case], officer=people["officer"], on=DOCKETED
    )
    officer = people["officer"]
    assert client.login(username=officer.user.username, password=PASSWORD)
    html = client.get(reverse("worklist")).content.decode()
    assert "上级法院挂牌督办" in html and "重点督办" in html


@pytest.mark.parametrize("count", [1, 4])
def test_list_pages_queries_do_not_grow_with_rows(
    client, file_case, upper, people, django_assert_max_num_queries, count
):
    """The listings and special-entity pages read a fixed number of queries whatever the rows."""
    from tests.cases.conftest import parties
    from zhixing.core.rules.identity import credit_check_char

    for n in range(count):
        head = f"111101050000{n:05d}"
        case = file_case(
            docket_on=DOCKETED,
            parties=parties(
                kind="legal_entity",
                name=f"北京市某区人民政府{n}",
                id_number="",
                credit_code=head + credit_check_char(head),
                legal_representative="区长",
            ),
        )
        services.supervision_list(
            actor=upper["bj3_chief"].user,
            case=case,
            reason="督办",
            due_on=timezone.localdate() + timedelta(days=9),
        )
    login(client, upper["bj3_chief"])
    client.get(reverse("joint-supervision-listings"))  # warm the session and caches
    with django_assert_max_num_queries(8):
        assert client.get(reverse("joint-supervision-listings")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("joint-special-entities")).status_code == 200


def test_api_conference_unknown_department_refused(client, people):
    login(client, people["chief"])
    response = client.post(
        "/api/v1/linkage/conferences",
        {"title": "会", "held_on": HELD.isoformat(), "departments": ["no-such"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "conference.unknown_department"
    assert not JointConference.objects.exists()


def test_api_flag_by_hand_then_unflag(client, case, people):
    respondent = case.parties.get(role="respondent")
    respondent.kind = "legal_entity"
    respondent.save()
    login(client, people["officer"])
    created = client.post(
        f"/api/v1/cases/{case.pk}/special-entities",
        {"party_id": respondent.pk, "kind": "institution", "basis": "市属公立医院"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["automatic"] is False
    flag_id = created.json()["id"]
    empty = client.post(
        f"/api/v1/special-entities/{flag_id}/unflag",
        {"reason": " "},
        content_type="application/json",
    )
    assert empty.status_code == 422 and SpecialEntityFlag.objects.count() == 1
    gone = client.post(
        f"/api/v1/special-entities/{flag_id}/unflag",
        {"reason": "识别有误"},
        content_type="application/json",
    )
    assert gone.status_code == 204
    assert not SpecialEntityFlag.objects.exists()


# --- long lists: open listings first, newest flags first, keyset pages --------------------------


def _next_query(html):
    return re.search(r'<a href="\?([^"]*)">下一页', html).group(1).replace("&amp;", "&")


def _concluded_listings(case, upper, count):
    """`count` concluded listings of one case, all due before anything still open."""
    start = timezone.localdate() - timedelta(days=2000)
    SupervisionListing.objects.bulk_create(
        SupervisionListing(
            case=case,
            court_id=case.court_id,
            listed_by_court_id=upper["bj3_chief"].court_id,
            reason=f"已销号{n}",
            listed_on=start,
            due_on=start + timedelta(days=1 + n % 300),
            status=SupervisionListing.Status.CONCLUDED,
            reported_on=start + timedelta(days=1),
            concluded_on=start + timedelta(days=2),
            listed_by=upper["bj3_chief"].user,
        )
        for n in range(count)
    )
    return list(SupervisionListing.objects.filter(status="concluded").values_list("pk", flat=True))


def test_open_listings_are_never_pushed_off_by_concluded_ones(client, case, upper):
    """501 concluded listings due earlier: the default page still shows the open one and none of
    the concluded; they are behind the 已销号 filter, one page of 100 at a time, none twice."""
    concluded = _concluded_listings(case, upper, 501)
    open_row = services.supervision_list(
        actor=upper["bj3_chief"].user,
        case=case,
        reason="重点案件",
        due_on=timezone.localdate() + timedelta(days=30),
    )
    login(client, upper["bj3_chief"])
    url = reverse("joint-supervision-listings")
    html = client.get(url).content.decode()
    assert f'id="listing-{open_row.pk}"' in html
    assert not any(f'id="listing-{pk}"' in html for pk in concluded)
    assert 'id="listing-pager"' in html and "下一页" not in html

    seen, query = [], "status=concluded"
    for _ in range(10):
        html = client.get(f"{url}?{query}").content.decode()
        seen += [pk for pk in concluded if f'id="listing-{pk}"' in html]
        assert f'id="listing-{open_row.pk}"' not in html
        if "下一页" not in html:
            break
        query = _next_query(html)
    assert sorted(seen) == sorted(concluded) and len(seen) == len(set(seen))


def test_api_listings_default_to_open_and_page_by_deadline(client, case, upper):
    concluded = _concluded_listings(case, upper, 501)
    open_row = services.supervision_list(
        actor=upper["bj3_chief"].user,
        case=case,
        reason="重点案件",
        due_on=timezone.localdate() + timedelta(days=30),
    )
    login(client, upper["bj3_chief"])
    body = client.get("/api/v1/supervision-listings").json()
    assert [r["id"] for r in body["items"]] == [open_row.pk] and body["next_after"] is None
    seen, after, dues = [], "", []
    while True:
        body = client.get(
            "/api/v1/supervision-listings",
            {"status": "concluded", "limit": 200, **({"after": after} if after else {})},
        ).json()
        seen += [r["id"] for r in body["items"]]
        dues += [r["due_on"] for r in body["items"]]
        if not body["next_after"]:
            break
        after = body["next_after"]
    assert sorted(seen) == sorted(concluded) and len(seen) == len(set(seen))
    assert dues == sorted(dues)
    every = client.get("/api/v1/supervision-listings", {"status": "all", "limit": 500}).json()
    assert len(every["items"]) == 500 and every["next_after"]
    bad = client.get("/api/v1/supervision-listings", {"after": "昨天.1"})
    assert bad.status_code == 422 and "分页游标无效" in bad.json()["message"]


def _flags(case, kinds):
    """One flag per kind, oldest first (created_at one minute apart)."""
    from zhixing.cases.models import Party

    base = timezone.now() - timedelta(days=1)
    made = []
    for n, kind in enumerate(kinds):
        party = Party.objects.create(
            case=case,
            court=case.court,
            role="respondent",
            kind="legal_entity",
            name=f"特殊主体{n}",
            credit_code="",
        )
        flag = SpecialEntityFlag.objects.create(
            case=case, court_id=case.court_id, party=party, kind=kind, basis=f"依据{n}"
        )
        SpecialEntityFlag.objects.filter(pk=flag.pk).update(created_at=base + timedelta(minutes=n))
        made.append(flag.pk)
    return made


def test_special_entities_newest_first_whatever_the_kind_and_paged(client, case, people):
    """The newest flag leads the page even when its kind sorts last; 100 a page, none twice."""
    kinds = ["government"] * 150 + ["state_owned"]
    made = _flags(case, kinds)
    login(client, people["chief"])
    url = reverse("joint-special-entities")
    html = client.get(url).content.decode()
    order = [pk for pk in reversed(made) if f'id="flag-{pk}"' in html]
    assert order[0] == made[-1]  # the state-owned flag, newest
    assert html.index(f'id="flag-{made[-1]}"') < html.index(f'id="flag-{made[-2]}"')
    assert len(order) == 100 and "下一页" in html
    query = _next_query(html)
    second = client.get(f"{url}?{query}").content.decode()
    rest = [pk for pk in made if f'id="flag-{pk}"' in second]
    assert sorted(order + rest) == sorted(made) and not set(order) & set(rest)
    assert "下一页" not in second and "第一页" in second
    only = client.get(f"{url}?kind=state_owned").content.decode()
    assert f'id="flag-{made[-1]}"' in only and f'id="flag-{made[0]}"' not in only


def test_api_special_entities_newest_first_with_a_cursor(client, case, people):
    made = _flags(case, ["government", "institution", "state_owned", "government"])
    login(client, people["chief"])
    first = client.get("/api/v1/special-entities", {"limit": 3}).json()
    assert [r["id"] for r in first["items"]] == made[::-1][:3]
    rest = client.get("/api/v1/special-entities", {"limit": 3, "after": first["next_after"]}).json()
    assert [r["id"] for r in rest["items"]] == [made[0]] and rest["next_after"] is None
    kind = client.get("/api/v1/special-entities", {"kind": "government"}).json()
    assert [r["id"] for r in kind["items"]] == [made[3], made[0]]
    assert client.get("/api/v1/special-entities", {"after": "x"}).status_code == 422
