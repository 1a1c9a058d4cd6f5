"""The public query (page and API): exact match on the published, unhidden rows only, the published
fields only (masked identity number, never an address or a phone), at most 20 results, refusals in
Chinese beside the field, and a per-client rate limit."""

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.portal.conftest import person_id
from zhixing.cases.models import EnforcementCase, Party
from zhixing.core.models import AuditRecord
from zhixing.portal import selectors, services

pytestmark = pytest.mark.django_db

GOOD_ID = person_id()
WRONG_CHECK = GOOD_ID[:17] + ("1" if GOOD_ID[17] == "0" else "0")
API = "/api/v1/public"
QUERY = "/public/query/"


def api_get(client, path, **params):
    return client.get(f"{API}/{path}", params)


# --- what is found ------------------------------------------------------------------------------


def test_a_published_listing_is_found_by_name_by_id_and_by_both(listing):
    row = listing(name="孙失信")
    for kwargs in (
        {"name": "孙失信"},
        {"id_number": row.id_number},
        {"name": "孙失信", "id_number": row.id_number},
    ):
        found = selectors.search_listings(**kwargs)
        assert [r.case_number for r in found] == [row.case_number]
        assert found[0].id_masked == row.id_masked
        assert found[0].age == selectors.age_on(date(1980, 5, 6), selectors.timezone.localdate())


def test_an_organisation_is_found_by_credit_code_with_its_legal_representative(listing):
    listing(name="北京某某科技有限公司", kind="organisation", credit_code="91350100M000100Y43")
    [found] = selectors.search_listings(credit_code="91350100M000100Y43")
    assert (found.kind, found.credit_code, found.legal_representative) == (
        "单位",
        "91350100M000100Y43",
        "钱法代",
    )
    assert found.id_masked == "" and found.age is None and found.sex == ""


@pytest.mark.parametrize(
    ("status", "hidden"),
    [
        ("removed", False),
        ("revoked", False),
        ("decided", False),
        ("requested", False),
        ("published", True),
    ],
)
def test_removed_hidden_and_unpublished_listings_never_appear(client, listing, status, hidden):
    row = listing(name="周隐藏", status=status, hidden=hidden)
    assert selectors.search_listings(name="周隐藏") == []
    assert selectors.search_listings(id_number=row.id_number) == []
    body = api_get(client, "dishonest", name="周隐藏").json()
    assert body["results"] == []
    page = client.get(QUERY, {"category": "dishonest", "name": "周隐藏"})
    assert "周隐藏" not in page.content.decode().split('id="results"')[1]


def test_a_lifted_or_hidden_restriction_never_appears(restriction):
    restriction(name="吴限高")
    restriction(name="吴限高", status="lifted")
    restriction(name="吴限高", hidden=True)
    found = selectors.search_restrictions(name="吴限高")
    assert len(found) == 1
    assert found[0].behaviours[0].startswith("乘坐交通工具时")


@pytest.mark.parametrize("name", ["孙失", "失信", "孙失信某", "孙%", "孙_信"])
def test_exact_match_only_a_prefix_or_part_finds_nothing(client, listing, name):
    listing(name="孙失信")
    assert selectors.search_listings(name="孙失信") != []
    assert selectors.search_listings(name=name) == []
    assert api_get(client, "dishonest", name=name).json().get("results", []) == []


def test_a_prefix_of_the_identity_number_finds_nothing(client, listing):
    row = listing(name="孙失信")
    assert selectors.search_listings(id_number=row.id_number[:17]) == []
    response = api_get(client, "dishonest", id_number=row.id_number[:17])
    assert response.status_code == 422


def test_at_most_twenty_ordered_by_id_and_told_to_narrow(client, listing):
    rows = [listing(name="李同名") for _ in range(23)]
    found = selectors.search_listings(name="李同名")
    assert len(found) == 20
    assert [r.id_masked for r in found] == [r.id_masked for r in rows[:20]]
    assert len(selectors.search_listings(name="李同名", limit=5)) == 5
    body = api_get(client, "dishonest", name="李同名").json()
    assert len(body["results"]) == 20 and body["truncated"] is True
    assert body["notice"] == "结果较多，请补充身份证号码缩小范围"
    page = client.get(QUERY, {"category": "dishonest", "name": "李同名"}).content.decode()
    assert page.count('class="card result-item"') == 20
    assert "结果较多，请补充身份证号码缩小范围" in page
    # the identity number narrows it to one
    narrowed = api_get(client, "dishonest", name="李同名", id_number=rows[22].id_number).json()
    assert [r["id_masked"] for r in narrowed["results"]] == [rows[22].id_masked]
    assert narrowed["truncated"] is False


def test_a_terminated_case_is_found_until_it_is_resumed(client, case):
    respondent = Party.objects.get(case=case, role="respondent")
    EnforcementCase.objects.filter(pk=case.pk).update(
        status="closed", closure_mode="round_terminated", closed_on=date(2026, 9, 1)
    )
    [found] = selectors.search_terminated_cases(name=respondent.name)
    assert found.case_number == case.case_number
    assert found.id_masked == "110105********002X"
    assert found.obligations.startswith("被执行人向申请执行人支付")
    body = api_get(client, "terminated-cases", id_number=respondent.id_number).json()
    assert body["results"][0]["closed_on"] == "2026-09-01"
    assert respondent.id_number not in str(body)
    # a case closed another way is not a 终本 case
    EnforcementCase.objects.filter(pk=case.pk).update(closure_mode="performed")
    assert selectors.search_terminated_cases(name=respondent.name) == []


# --- what is never shown -------------------------------------------------------------------------


def test_no_full_identity_number_phone_or_address_in_the_page_or_the_json(
    client, listing, restriction
):
    row = listing(name="孙失信")
    restriction(name="孙失信", id_number=row.id_number)
    assert row.party.phone and row.party.address
    for category, path in (("dishonest", "dishonest"), ("restricted", "restrictions")):
        page = client.get(QUERY, {"category": category, "id_number": row.id_number})
        text = page.content.decode()
        results = text.split('id="results"')[1]
        assert "孙失信" in results and row.id_masked in results
        body = api_get(client, path, id_number=row.id_number)
        assert body.status_code == 200
        payload = body.content.decode()
        assert row.id_masked in payload
        for secret in (row.party.phone, row.party.address):
            assert secret not in results and secret not in payload
        # the query itself was the full number: it is not echoed into the results or the JSON
        assert row.id_number not in results and row.id_number not in payload
        assert set(body.json()["results"][0]) == set(
            client.get(f"{API}/{path}", {"name": "孙失信"}).json()["results"][0]
        )


def test_a_query_by_name_shows_the_full_identity_number_nowhere(client, listing, case):
    row = listing(name="孙失信")
    EnforcementCase.objects.filter(pk=case.pk).update(
        status="closed", closure_mode="round_terminated"
    )
    for category, path in (("dishonest", "dishonest"), ("terminated", "terminated-cases")):
        text = client.get(QUERY, {"category": category, "name": "孙失信"}).content.decode()
        payload = api_get(client, path, name="孙失信").content.decode()
        assert row.id_masked in text and row.id_masked in payload
        assert row.id_number not in text and row.id_number not in payload
        assert row.party.phone not in text + payload and "某街1号" not in text + payload


def test_the_api_fields_are_exactly_the_published_ones(client, listing):
    listing(name="孙失信")
    [item] = api_get(client, "dishonest", name="孙失信").json()["results"]
    assert set(item) == {
        "kind", "name", "sex", "age", "id_masked", "credit_code", "legal_representative",
        "court_name", "case_number", "filed_on", "basis_issuer", "basis_number", "obligations",
        "performance", "conduct", "published_on",
    }  # fmt: skip


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({}, "name", "query.empty"),
        ({"name": "孙"}, "name", "query.name_short"),
        ({"name": "孙*"}, "name", "query.wildcard"),
        ({"id_number": "11010519800506001"}, "id_number", "id_number.length"),
        ({"id_number": WRONG_CHECK}, "id_number", "id_number.check_digit"),
        ({"credit_code": "91350100M000100Y44"}, "credit_code", "credit_code.check_char"),
    ],
)
@pytest.mark.parametrize("path", ["dishonest", "restrictions", "terminated-cases"])
def test_api_refuses_a_bad_query_with_422_in_chinese(client, listing, params, field, code, path):
    listing(name="孙失信")
    audits = AuditRecord.objects.count()
    response = api_get(client, path, **params)
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == (code, field)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])
    assert "results" not in body
    assert AuditRecord.objects.count() == audits


def test_page_shows_a_malformed_identity_number_beside_the_field(client, listing):
    row = listing(name="孙失信")
    wrong = row.id_number[:17] + ("0" if row.id_number[17] != "0" else "1")
    response = client.get(QUERY, {"category": "dishonest", "name": "孙失信", "id_number": wrong})
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="error-id_number"' in text and "校验位不正确" in text
    assert 'id="results"' not in text


def test_page_refuses_a_one_character_name(client):
    response = client.get(QUERY, {"category": "dishonest", "name": "孙"})
    assert response.status_code == 422
    assert 'id="error-name"' in response.content.decode()


def test_page_accepts_a_credit_code_in_the_shared_field(client, listing):
    listing(name="北京某某科技有限公司", kind="organisation", credit_code="91350100M000100Y43")
    text = client.get(
        QUERY, {"category": "dishonest", "id_number": "91350100M000100Y43"}
    ).content.decode()
    assert "北京某某科技有限公司" in text.split('id="results"')[1]


# --- rate limit --------------------------------------------------------------------------------


@override_settings(ZHIXING_PUBLIC_QUERY_RATE=3)
def test_the_api_answers_429_with_retry_after_past_the_rate(client, listing):
    listing(name="孙失信")
    for _ in range(3):
        assert api_get(client, "dishonest", name="孙失信").status_code == 200
    response = api_get(client, "dishonest", name="孙失信")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "查询过于频繁" in response.json()["message"]
    # bad queries count too (guessing identity numbers is enumeration)
    assert api_get(client, "restrictions", name="孙").status_code == 429
    # the page shares the same counter
    page = client.get(QUERY, {"category": "dishonest", "name": "孙失信"})
    assert page.status_code == 429 and "查询过于频繁" in page.content.decode()
    # another client is not limited
    other = client.get(f"{API}/dishonest", {"name": "孙失信"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


@override_settings(ZHIXING_PUBLIC_QUERY_RATE=1)
def test_forwarded_for_is_ignored_unless_behind_a_trusted_proxy(client):
    assert (
        client.get(
            f"{API}/dishonest", {"name": "孙失信"}, HTTP_X_FORWARDED_FOR="1.1.1.1"
        ).status_code
        == 200
    )
    assert (
        client.get(
            f"{API}/dishonest", {"name": "孙失信"}, HTTP_X_FORWARDED_FOR="2.2.2.2"
        ).status_code
        == 429
    )
    with override_settings(ZHIXING_TRUSTED_PROXY=True):
        ok = client.get(
            f"{API}/dishonest", {"name": "孙失信"}, HTTP_X_FORWARDED_FOR="9.9.9.9, 3.3.3.3"
        )
        assert ok.status_code == 200
        again = client.get(
            f"{API}/dishonest", {"name": "孙失信"}, HTTP_X_FORWARDED_FOR="8.8.8.8, 3.3.3.3"
        )
        assert again.status_code == 429


def test_the_public_pages_need_no_login_and_show_no_staff_menu(client):
    for name in ("portal-home", "portal-query", "portal-exposures", "portal-typical-cases"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert 'class="mainnav"' not in response.content.decode()


# --- the partial indexes ----------------------------------------------------------------------


def _plan(run):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    [query] = [q["sql"] for q in captured.captured_queries if "SELECT" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + query)
        return query, " ".join(str(row) for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("search", "kwargs", "index"),
    [
        (selectors.search_listings, {"name": "孙失信"}, "listing_public_name_idx"),
        (selectors.search_listings, {"id_number": GOOD_ID}, "listing_public_id_idx"),
        (
            selectors.search_listings,
            {"credit_code": "91350100M000100Y43"},
            "listing_public_code_idx",
        ),
        (selectors.search_restrictions, {"name": "孙失信"}, "restriction_public_name_idx"),
        (selectors.search_restrictions, {"id_number": GOOD_ID}, "restriction_public_id_idx"),
    ],
)
def test_each_query_reads_its_partial_index_and_no_private_column(search, kwargs, index):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; the benchmark checks PostgreSQL")
    sql, plan = _plan(lambda: search(**kwargs))
    assert index in plan
    if "name" in kwargs:  # (name, id) serves the order by id: no sort step
        assert "TEMP B-TREE" not in plan
    assert "LIKE" not in sql.upper()
    assert "phone" not in sql and "address" not in sql


# --- the client of the rate limit: IPv6 by its /64 ------------------------------------------------


@override_settings(ZHIXING_PUBLIC_QUERY_RATE=2)
def test_an_ipv6_client_rotating_addresses_in_its_64_shares_one_counter(client):
    def ask(address):
        return client.get(f"{API}/dishonest", {"name": "孙失信"}, REMOTE_ADDR=address).status_code

    assert ask("2001:db8:1:2::1") == 200
    assert ask("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == 200
    assert ask("2001:db8:1:2:ffff::9") == 429  # the same /64, a third address
    assert ask("2001:db8:1:3::1") == 200  # the next /64 is another client
    # the page shares the counter and the key
    page = client.get(
        QUERY, {"category": "dishonest", "name": "孙失信"}, REMOTE_ADDR="2001:db8:1:2::7"
    )
    assert page.status_code == 429


@override_settings(ZHIXING_PUBLIC_QUERY_RATE=1)
def test_ipv4_is_keyed_on_the_address_and_a_mapped_ipv6_on_its_ipv4(client):
    def ask(address):
        return client.get(f"{API}/dishonest", {"name": "孙失信"}, REMOTE_ADDR=address).status_code

    assert ask("192.0.2.10") == 200
    assert ask("::ffff:192.0.2.10") == 429
    assert ask("192.0.2.11") == 200  # the neighbour is another client


@override_settings(ZHIXING_PUBLIC_QUERY_RATE=1, ZHIXING_TRUSTED_PROXY=True)
def test_behind_a_trusted_proxy_the_forwarded_ipv6_is_keyed_on_its_64(client):
    first = client.get(f"{API}/dishonest", {"name": "孙失信"}, HTTP_X_FORWARDED_FOR="2001:db8::1")
    again = client.get(f"{API}/dishonest", {"name": "孙失信"}, HTTP_X_FORWARDED_FOR="2001:db8::2")
    assert (first.status_code, again.status_code) == (200, 429)


@override_settings(ZHIXING_PUBLIC_PAGES_RATE=2, ZHIXING_PUBLIC_QUERY_RATE=1)
@pytest.mark.parametrize(
    "path",
    [
        f"{API}/exposures",
        f"{API}/typical-cases",
        "/public/",
        "/public/exposure/",
        "/public/typical-cases/",
    ],
)
def test_the_published_pages_and_their_api_are_rate_limited_on_their_own_counter(client, path):
    assert client.get(path).status_code == 200
    assert client.get(path).status_code == 200
    limited = client.get(path)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
    assert "过于频繁" in limited.content.decode()
    # browsing does not use up the searches (a separate, looser counter)
    assert client.get(f"{API}/dishonest", {"name": "孙失信"}).status_code == 200


@override_settings(ZHIXING_PUBLIC_PAGES_RATE=1)
def test_the_detail_pages_share_the_pages_counter(client, people):
    typical = services.typical_case_publish(
        actor=people["president"].user,
        title="标题",
        category="规避执行",
        summary="摘要",
        body="正文",
    )
    assert client.get(f"/public/typical-cases/{typical.pk}/").status_code == 200
    assert client.get(f"{API}/typical-cases/{typical.pk}").status_code == 429


# --- no enumeration ------------------------------------------------------------------------------

PAGING = {"limit": "1000", "offset": "20", "page": "2", "per_page": "1000", "cursor": "20"}


@pytest.mark.parametrize(
    ("path", "category"),
    [("dishonest", "dishonest"), ("restrictions", "restricted")],
)
def test_paging_parameters_are_ignored_by_the_searches(
    client, listing, restriction, path, category
):
    make = listing if category == "dishonest" else restriction
    rows = [make(name="李同名") for _ in range(25)]
    first_twenty = [r.case_number for r in rows[:20]]
    plain = api_get(client, path, name="李同名").json()
    walked = api_get(client, path, name="李同名", **PAGING).json()
    assert walked == plain
    assert len(walked["results"]) == 20 and walked["truncated"] is True
    assert [r["case_number"] for r in walked["results"]] == first_twenty
    page = client.get(QUERY, {"category": category, "name": "李同名", **PAGING}).content.decode()
    assert page.count('class="card result-item"') == 20


def test_the_terminated_query_is_exact_and_at_most_twenty(client, case, file_case):
    respondent = Party.objects.get(case=case, role="respondent")
    cases = [case] + [
        file_case(received_on=date(2026, 5, 7), docket_on=date(2026, 5, 7)) for _ in range(21)
    ]
    for each in cases:
        Party.objects.filter(case=each, role="respondent").update(name="周终本")
    EnforcementCase.objects.filter(pk__in=[c.pk for c in cases]).update(
        status="closed", closure_mode="round_terminated", closed_on=date(2026, 9, 1)
    )
    body = api_get(client, "terminated-cases", name="周终本", **PAGING).json()
    assert len(body["results"]) == 20 and body["truncated"] is True
    assert body["notice"] == "结果较多，请补充身份证号码缩小范围"
    # exact only: a part of the name, a wildcard, a prefix of the number find nothing or are refused
    assert api_get(client, "terminated-cases", name="周终").json()["results"] == []
    assert api_get(client, "terminated-cases", name="周终%").status_code == 422
    prefix = api_get(client, "terminated-cases", id_number=respondent.id_number[:14])
    assert prefix.status_code == 422
    assert selectors.search_terminated_cases(name="终本") == []


def test_no_public_endpoint_takes_a_paging_parameter_but_the_exposures_page():
    """The whole public API, read from its schema: the searches take only name, id_number and
    credit_code; the one `page` is that of the curated exposures (10 a page, rate-limited)."""
    from zhixing.api import api

    schema = api.get_openapi_schema()
    seen = {}
    for path, operations in schema["paths"].items():
        if "/public/" not in path:
            continue
        for method, operation in operations.items():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            seen[(method, path.rsplit("/public/", 1)[1])] = names
    assert seen[("get", "dishonest")] == {"name", "id_number", "credit_code"}
    assert seen[("get", "restrictions")] == {"name", "id_number", "credit_code"}
    assert seen[("get", "terminated-cases")] == {"name", "id_number", "credit_code"}
    paging = {"page", "limit", "offset", "per_page", "page_size", "cursor", "size"}
    takes_paging = {key for key, names in seen.items() if names & paging}
    assert takes_paging == {("get", "exposures")}
    assert seen[("get", "exposures")] == {"page"}
    assert len(seen) >= 6  # the routes really were read


# --- 履行情况 of a restriction -------------------------------------------------------------------


def test_a_restriction_shows_the_performance_of_the_same_respondents_listing(
    client, listing, restriction
):
    listed = listing(name="孙失信", performance="部分履行")
    restriction(party=listed.party, listing=listed, performance="全部未履行")
    [found] = selectors.search_restrictions(name="孙失信")
    [shown] = selectors.search_listings(name="孙失信")
    assert found.performance == shown.performance == "部分履行"
    assert api_get(client, "restrictions", name="孙失信").json()["results"][0]["performance"] == (
        "部分履行"
    )
    page = client.get(QUERY, {"category": "restricted", "name": "孙失信"}).content.decode()
    assert '<td class="r-performance">部分履行</td>' in page
    assert "<th>被执行人的履行情况</th>" in page and "<th>限制消费令签发日期</th>" in page


def test_without_a_public_listing_a_restriction_keeps_its_own_performance(listing, restriction):
    removed = listing(name="孙失信", performance="部分履行", status="removed")
    restriction(party=removed.party, performance="全部未履行")
    restriction(name="孙失信", performance="全部未履行")  # another respondent, never listed
    assert [r.performance for r in selectors.search_restrictions(name="孙失信")] == [
        "全部未履行",
        "全部未履行",
    ]
