"""Selectors: query counts that do not grow with the rows, keyset pages, the enforcement-staff query."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhixing.core.rules.roles import Role
from zhixing.organization import rules
from zhixing.organization.models import Staff
from zhixing.organization.selectors import _enforcement_education

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_court_page_query_count_does_not_grow_with_staff(client, tree, make_staff, superuser):
    client.force_login(superuser)
    make_staff(tree.chaoyang, "a0")
    few = _queries(client, "/courts/京0105/")
    for i in range(1, 12):
        make_staff(tree.chaoyang, f"a{i}", roles=[Role.OFFICER, Role.CLERK])
    assert _queries(client, "/courts/京0105/") == few


def test_team_figures_query_count_does_not_grow_with_courts(client, tree, superuser, make_staff):
    client.force_login(superuser)
    make_staff(tree.chaoyang, "b0")
    few = _queries(client, "/team-figures/?all=1")
    from zhixing.organization.services import court_create

    for code in ("京0101", "京0102", "京0106"):
        court = court_create(
            actor=superuser, name=f"法院{code}", level="basic", code=code, parent=tree.bj1
        )
        make_staff(court, f"s{code}")
    assert _queries(client, "/team-figures/?all=1") == few


def test_staff_api_pages_by_id(client, tree, make_staff, superuser):
    client.force_login(superuser)
    for i in range(7):
        make_staff(tree.chaoyang, f"p{i}")
    seen, after = [], 0
    while True:
        page = client.get(f"/api/v1/staff?court_code=京0105&limit=3&after={after}").json()
        seen += [s["username"] for s in page["items"]]
        if page["next_after"] is None:
            break
        after = page["next_after"]
    assert seen == [f"p{i}" for i in range(7)]
    assert client.get("/api/v1/staff?limit=501").status_code == 422


def test_enforcement_query_matches_the_rule(tree, make_staff):
    """rules.is_enforcement_staff and its query form count the same people."""
    make_staff(tree.chaoyang, "e1", education="master")
    make_staff(tree.chaoyang, "e2", roles=[Role.JUDGE], unit_kind="review")
    make_staff(
        tree.chaoyang, "e3", roles=[Role.BUREAU_CHIEF], unit_kind=None, education="doctorate"
    )
    make_staff(tree.chaoyang, "e4", roles=[Role.PRESIDENT], unit_kind=None)
    make_staff(
        tree.chaoyang, "e5", roles=[Role.ADMINISTRATOR, Role.INTEGRITY_INSPECTOR], unit_kind=None
    )
    make_staff(tree.bj3, "e6", roles=[Role.COMMAND_STAFF], unit_kind=None, command_center=True)
    left = make_staff(tree.chaoyang, "e7")
    Staff.objects.filter(pk=left.pk).update(is_active=False)
    expected: dict[int, Counter] = {}
    for member in Staff.objects.filter(is_active=True):
        if rules.is_enforcement_staff(member.placement, member.role_set):
            expected.setdefault(member.court_id, Counter())[rules.Education(member.education)] += 1
    got = _enforcement_education([tree.chaoyang.id, tree.bj3.id])
    assert got == expected
    assert sum(got[tree.chaoyang.id].values()) == 3
