"""organization.services on the database: courts with their bureau, staff, refusals that write nothing."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from zhixing.core.errors import AccessDenied, InputError
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role
from zhixing.organization import services
from zhixing.organization.models import CommandCenter, Court, CourtStaffing, Staff, Unit

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Court.objects.count(),
        Unit.objects.count(),
        Staff.objects.count(),
        get_user_model().objects.count(),
        AuditRecord.objects.count(),
    )


def test_court_create_builds_bureau_units_and_command_center(tree):
    assert set(Unit.objects.filter(court=tree.high).values_list("kind", flat=True)) == {
        "reconsideration_supervision",
        "coordination",
        "complaint_review",
        "administration",
    }
    assert set(Unit.objects.filter(court=tree.chaoyang).values_list("kind", flat=True)) == {
        "implementation",
        "review",
        "complaint_review",
        "administration",
    }
    assert CommandCenter.objects.filter(court=tree.high).exists()
    assert CommandCenter.objects.filter(court=tree.bj3).exists()
    assert not CommandCenter.objects.filter(court=tree.chaoyang).exists()
    assert tree.chaoyang.bureau.name == "北京市朝阳区人民法院执行局"
    assert tree.chaoyang.path == f"{tree.bj3.path}{tree.chaoyang.id}/"
    assert tree.chaoyang.high_court_id == tree.high.id
    assert tree.chaoyang.province == "北京市"
    record = AuditRecord.objects.get(chain=tree.chaoyang.id, action="court.create")
    assert record.after["code"] == "京0105"


@pytest.mark.parametrize(
    ("level", "code", "parent_attr", "error_code", "field"),
    [
        (
            "basic",
            "京0106",
            "high",
            "court.parent_level",
            "parent",
        ),  # a basic court under a high court
        ("basic", "京01AB", "bj1", "court_code.format", "code"),
        ("basic", "京0108", "bj1", "court.code_taken", "code"),  # 海淀 exists
        ("basic", "沪0106", "bj1", "court_code.province", "code"),
        ("intermediate", "京0106", "high", "court_code.level", "code"),
        ("nonsense", "京0106", "bj1", "level.invalid", "level"),
    ],
)
def test_court_create_refuses_bad_input_and_writes_nothing(
    tree, superuser, level, code, parent_attr, error_code, field
):
    before = _counts()
    with pytest.raises(InputError) as caught:
        services.court_create(
            actor=superuser,
            name="北京市丰台区人民法院",
            level=level,
            code=code,
            parent=getattr(tree, parent_attr),
        )
    assert caught.value.code == error_code
    assert caught.value.field == field
    assert caught.value.message  # Chinese, for the person
    assert _counts() == before


def test_court_create_needs_an_administrator_covering_the_parent(tree, admin_of):
    chaoyang_admin = admin_of(tree.chaoyang).user
    with pytest.raises(AccessDenied):
        services.court_create(
            actor=chaoyang_admin,
            name="北京市丰台区人民法院",
            level="basic",
            code="京0106",
            parent=tree.bj1,
        )
    high_admin = admin_of(tree.high).user
    court = services.court_create(
        actor=high_admin, name="北京市丰台区人民法院", level="basic", code="京0106", parent=tree.bj1
    )
    assert court.parent == tree.bj1


def test_staff_create_with_roles_and_audit(tree, make_staff):
    staff = make_staff(
        tree.chaoyang,
        "zhang",
        roles=[Role.OFFICER, Role.JUDGE],
        id_number="11010519491231002X",
        officer_qualified_on=date(2020, 1, 1),
        appointed_officer_on=date(2020, 6, 1),
    )
    assert staff.role_set == {Role.OFFICER, Role.JUDGE}
    assert staff.user.check_password("test-password-1")
    record = AuditRecord.objects.get(chain=tree.chaoyang.id, action="staff.create")
    assert record.after["roles"] == ["judge", "officer"]
    assert "11010519491231002X" not in str(record.after)  # the log keeps the masked number only


@pytest.mark.parametrize(
    ("kwargs", "error_code", "field"),
    [
        ({"roles": [Role.OFFICER], "unit_kind": "review"}, "staff.role_placement", "roles"),
        (
            {"roles": [Role.PRESIDENT], "unit_kind": "implementation"},
            "staff.role_placement",
            "roles",
        ),
        (
            {"roles": [Role.COMMAND_STAFF], "unit_kind": None, "command_center": True},
            "staff.no_command_center",
            "unit",
        ),
        (
            {"roles": [Role.OFFICER], "id_number": "110105194912310021"},
            "id_number.check_digit",
            "id_number",
        ),
        (
            {"roles": [Role.OFFICER], "id_number": "11010519491331002X"},
            "id_number.birth_date",
            "id_number",
        ),
        (
            {
                "roles": [],
            },
            "staff.roles_required",
            "roles",
        ),
        ({"roles": ["captain"]}, "roles.invalid", "roles"),
        ({"roles": [Role.OFFICER], "education": "phd"}, "education.invalid", "education"),
        (
            {"roles": [Role.OFFICER], "appointed_officer_on": date(2020, 1, 1)},
            "staff.appointment_without_qualification",
            "appointed_officer_on",
        ),
    ],
)
def test_staff_create_refuses_bad_input_and_writes_nothing(
    tree, make_staff, kwargs, error_code, field
):
    before = _counts()
    with pytest.raises(InputError) as caught:
        make_staff(tree.chaoyang, "bad", **kwargs)
    assert caught.value.code == error_code
    assert caught.value.field == field
    assert _counts() == before


def test_staff_username_taken(tree, make_staff):
    make_staff(tree.chaoyang, "li")
    with pytest.raises(InputError) as caught:
        make_staff(tree.haidian, "li")
    assert caught.value.code == "staff.username_taken"


def test_staff_set_roles_checks_placement_and_audits(tree, make_staff, superuser):
    staff = make_staff(tree.chaoyang, "wang", roles=[Role.OFFICER])
    services.staff_set_roles(actor=superuser, staff=staff, roles=[Role.OFFICER, Role.CLERK])
    assert staff.role_set == {Role.OFFICER, Role.CLERK}
    with pytest.raises(InputError):
        services.staff_set_roles(actor=superuser, staff=staff, roles=[Role.PETITION_OFFICER])
    assert Staff.objects.get(pk=staff.pk).role_set == {Role.OFFICER, Role.CLERK}
    record = AuditRecord.objects.filter(action="staff.set_roles").get()
    assert record.before["roles"] == ["officer"] and record.after["roles"] == ["clerk", "officer"]


def test_reveal_id_number_is_logged_and_limited(tree, make_staff, admin_of):
    target = make_staff(tree.chaoyang, "zhao", id_number="11010519491231002X")
    colleague = make_staff(tree.chaoyang, "qian")
    with pytest.raises(AccessDenied):
        services.staff_id_number_reveal(actor=colleague.user, staff=target)
    admin = admin_of(tree.chaoyang)
    assert services.staff_id_number_reveal(actor=admin.user, staff=target) == "11010519491231002X"
    read = AuditRecord.objects.get(action="personal_data.view")
    assert read.actor_id == admin.user.pk and read.object_id == str(target.pk)


def test_other_court_administrator_cannot_add_staff(tree, admin_of, make_staff):
    haidian_admin = admin_of(tree.haidian).user
    with pytest.raises(AccessDenied):
        services.staff_create(
            actor=haidian_admin,
            court=tree.chaoyang,
            username="x1",
            password="12345678",
            name="某",
            education="bachelor",
            roles=[Role.OFFICER],
            unit=Unit.objects.get(court=tree.chaoyang, kind="implementation"),
        )


def test_staffing_report_and_team_figures(tree, make_staff, superuser):
    from zhixing.organization.selectors import team_figures_for

    for i in range(3):
        make_staff(tree.chaoyang, f"o{i}", education="master")
    make_staff(
        tree.chaoyang, "pres", roles=[Role.PRESIDENT], unit_kind=None
    )  # not enforcement staff
    services.court_staffing_report(
        actor=superuser,
        court=tree.chaoyang,
        authorized_headcount=30,
        education_counts={"bachelor": 30},
        reported_on=date(2026, 1, 1),
    )
    figures = team_figures_for(actor=superuser, court=tree.chaoyang)
    assert figures.enforcement_staff == 3
    assert [r.code for r in figures.refusals] == ["team.share"]  # 3 / 30 = 10 %
    services.court_staffing_report(
        actor=superuser,
        court=tree.chaoyang,
        authorized_headcount=20,
        education_counts={"bachelor": 20},
        reported_on=date(2026, 2, 1),
    )
    assert team_figures_for(actor=superuser, court=tree.chaoyang).meets_standard
    assert CourtStaffing.objects.get(court=tree.chaoyang).authorized_headcount == 20
    with pytest.raises(InputError) as caught:
        services.court_staffing_report(
            actor=superuser,
            court=tree.chaoyang,
            authorized_headcount=10,
            education_counts={"bachelor": 11},
            reported_on=date(2026, 3, 1),
        )
    assert caught.value.code == "staffing.education_total"
