"""Permission matrix for courts and staff (anonymous, other court, same court, upper court, wrong role).

The same table drives the API and the pages, so a hole in either shows up here.
"""

import json

import pytest

from zhixing.core.rules.roles import Role

pytestmark = pytest.mark.django_db

ACTORS = [
    "anonymous",
    "other_court",
    "same_court_officer",
    "same_court_admin",
    "upper_court_admin",
    "other_branch_admin",
    "high_court_officer",
]

# actor → (GET court, GET staff, POST staff, court page, staff page)
EXPECTED = {
    "anonymous": (401, 401, 401, 302, 302),
    "other_court": (404, 404, 404, 404, 404),
    "same_court_officer": (200, 200, 403, 200, 200),
    "same_court_admin": (200, 200, 201, 200, 200),
    "upper_court_admin": (200, 200, 201, 200, 200),
    "other_branch_admin": (404, 404, 404, 404, 404),
    "high_court_officer": (200, 200, 403, 200, 200),
}


@pytest.fixture
def world(tree, make_staff, admin_of):
    target = make_staff(tree.chaoyang, "cy_target")
    users = {
        "anonymous": None,
        "other_court": make_staff(tree.haidian, "hd_officer").user,
        "same_court_officer": make_staff(tree.chaoyang, "cy_officer").user,
        "same_court_admin": admin_of(tree.chaoyang).user,
        "upper_court_admin": admin_of(tree.bj3).user,
        "other_branch_admin": admin_of(tree.bj1).user,
        "high_court_officer": make_staff(tree.high, "high_coord", unit_kind="coordination").user,
    }
    return tree, target, users


@pytest.mark.parametrize("actor", ACTORS)
def test_permission_matrix(client, world, actor):
    tree, target, users = world
    if users[actor] is not None:
        client.force_login(users[actor])
    body = {
        "court_code": "京0105",
        "username": f"new_{actor}",
        "password": "12345678",
        "name": "新人",
        "education": "bachelor",
        "roles": ["officer"],
        "unit_kind": "implementation",
    }
    got = (
        client.get("/api/v1/courts/京0105").status_code,
        client.get(f"/api/v1/staff/{target.pk}").status_code,
        client.post(
            "/api/v1/staff", data=json.dumps(body), content_type="application/json"
        ).status_code,
        client.get("/courts/京0105/").status_code,
        client.get(f"/staff/{target.pk}/").status_code,
    )
    assert got == EXPECTED[actor]


@pytest.mark.parametrize(
    ("actor", "visible"),
    [
        ("same_court_officer", {"京0105"}),
        ("upper_court_admin", {"京03", "京0105"}),
        ("other_branch_admin", {"京01", "京0108"}),
        ("high_court_officer", {"京", "京01", "京03", "京0108", "京0105"}),
    ],
)
def test_court_list_is_the_scope(client, world, actor, visible):
    _, _, users = world
    client.force_login(users[actor])
    codes = {c["code"] for c in client.get("/api/v1/courts").json()}
    assert codes == visible


def test_supreme_court_and_superuser_see_everything(client, tree, make_staff, superuser):
    spc_user = make_staff(tree.spc, "spc_judge", roles=[Role.JUDGE], unit_kind="coordination").user
    for user in (spc_user, superuser):
        client.force_login(user)
        assert {c["code"] for c in client.get("/api/v1/courts").json()} == {
            "最高法",
            "京",
            "京01",
            "京03",
            "京0108",
            "京0105",
        }


def test_staff_list_is_restricted(client, world):
    tree, target, users = world
    client.force_login(users["other_court"])
    names = {s["username"] for s in client.get("/api/v1/staff").json()["items"]}
    assert "cy_target" not in names and "hd_officer" in names


def test_inactive_staff_sees_nothing(client, world):
    from zhixing.organization.models import Staff

    _, _, users = world
    Staff.objects.filter(user=users["same_court_officer"]).update(is_active=False)
    client.force_login(users["same_court_officer"])
    assert client.get("/api/v1/courts").json() == []
