"""Changing staff records through pages, API and admin: rules checked, every change audited."""

import json

import pytest

from zhixing.core.audit import audit_verify
from zhixing.core.errors import DomainError
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role
from zhixing.organization import services
from zhixing.organization.models import CourtStaffing, Staff, TrainingRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tree, make_staff, admin_of):
    return make_staff(tree.chaoyang, "cy_o1", name="孙七"), admin_of(tree.chaoyang)


def test_page_sets_roles_and_shows_refusal(client, setup):
    staff, admin = setup
    client.force_login(admin.user)
    response = client.post(f"/staff/{staff.pk}/roles/", {"roles": ["officer", "petition_officer"]})
    assert response.status_code == 422
    assert "执行实施机构的人员不能担任“申诉信访审查人员”" in response.content.decode()
    assert staff.role_set == {Role.OFFICER}
    response = client.post(f"/staff/{staff.pk}/roles/", {"roles": ["officer", "clerk"]})
    assert response.status_code == 302
    assert Staff.objects.get(pk=staff.pk).role_set == {Role.OFFICER, Role.CLERK}


def test_page_adds_training_and_checks_dates(client, setup):
    staff, admin = setup
    client.force_login(admin.user)
    bad = {
        "title": "执行实务",
        "organizer": "国家法官学院",
        "started_on": "2026-03-05",
        "ended_on": "2026-03-01",
        "hours": "8",
    }
    response = client.post(f"/staff/{staff.pk}/training/", bad)
    assert response.status_code == 422 and "结束日期不能早于开始日期" in response.content.decode()
    assert not TrainingRecord.objects.exists()
    good = bad | {"ended_on": "2026-03-06"}
    assert client.post(f"/staff/{staff.pk}/training/", good).status_code == 302
    assert client.get(f"/staff/{staff.pk}/").content.decode().count("执行实务") == 1


def test_page_deactivation_blocks_login(client, setup):
    staff, admin = setup
    client.force_login(admin.user)
    assert (
        client.post(f"/staff/{staff.pk}/deactivate/", {"reason": "调离执行局"}).status_code == 302
    )
    client.logout()
    assert not client.login(username="cy_o1", password="test-password-1")
    record = AuditRecord.objects.get(action="staff.set_active")
    assert record.after == {"is_active": False, "reason": "调离执行局"}


def test_cannot_deactivate_oneself(setup):
    _, admin = setup
    with pytest.raises(DomainError) as caught:
        services.staff_set_active(actor=admin.user, staff=admin, active=False, reason="x")
    assert caught.value.code == "staff.self_deactivate"


def test_officer_cannot_use_the_management_forms(client, setup, make_staff, tree):
    staff, _ = setup
    colleague = make_staff(tree.chaoyang, "cy_o2")
    client.force_login(colleague.user)
    page = client.get(f"/staff/{staff.pk}/").content.decode()
    assert "人员管理" not in page
    assert client.post(f"/staff/{staff.pk}/roles/", {"roles": ["clerk"]}).status_code == 403
    assert Staff.objects.get(pk=staff.pk).role_set == {Role.OFFICER}


def test_api_qualification_training_active(client, setup):
    staff, admin = setup
    client.force_login(admin.user)
    url = f"/api/v1/staff/{staff.pk}"
    response = client.put(
        f"{url}/qualification",
        json.dumps({"appointed_officer_on": "2026-01-01"}),
        content_type="application/json",
    )
    assert (
        response.status_code == 422
        and response.json()["code"] == "staff.appointment_without_qualification"
    )
    body = {
        "officer_qualified_on": "2025-01-01",
        "appointed_officer_on": "2025-04-01",
        "appointment_document": "京朝法任〔2025〕3号",
    }
    assert (
        client.put(
            f"{url}/qualification", json.dumps(body), content_type="application/json"
        ).json()["appointed_officer_on"]
        == "2025-04-01"
    )
    training = {
        "title": "拍卖实务",
        "organizer": "北京高院",
        "started_on": "2026-05-01",
        "ended_on": "2026-05-02",
        "hours": "12.5",
    }
    created = client.post(f"{url}/trainings", json.dumps(training), content_type="application/json")
    assert created.status_code == 201 and created.json()["hours"] == "12.5"
    assert [t["title"] for t in client.get(f"{url}/trainings").json()] == ["拍卖实务"]
    off = client.put(
        f"{url}/active",
        json.dumps({"active": False, "reason": "退休"}),
        content_type="application/json",
    )
    assert off.json()["is_active"] is False


def test_api_staffing_report(client, tree, admin_of, make_staff):
    client.force_login(admin_of(tree.chaoyang).user)
    body = {"authorized_headcount": 10, "bachelor": 10, "reported_on": "2026-01-01"}
    response = client.put(
        "/api/v1/courts/京0105/staffing", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["enforcement_staff"] == 1 and response.json()["share"] == "0.1000"
    assert CourtStaffing.objects.get(court=tree.chaoyang).authorized_headcount == 10
    too_many = body | {"bachelor": 11}
    response = client.put(
        "/api/v1/courts/京0105/staffing", json.dumps(too_many), content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["code"] == "staffing.education_total"


def test_staffing_page(client, tree, admin_of):
    client.force_login(admin_of(tree.chaoyang).user)
    form = {
        "authorized_headcount": "40",
        "doctorate": "0",
        "master": "10",
        "bachelor": "25",
        "associate": "5",
        "secondary": "0",
        "reported_on": "2026-02-01",
    }
    assert client.post("/courts/京0105/staffing/", form).status_code == 302
    assert CourtStaffing.objects.get(court=tree.chaoyang).master == 10
    assert "已更新" in client.get("/courts/京0105/").content.decode()


def test_admin_edit_is_audited(client, tree, superuser):
    client.force_login(superuser)
    center = tree.bj3.command_center
    url = f"/admin/organization/commandcenter/{center.pk}/change/"
    response = client.post(url, {"name": center.name, "duty_phone": "010-12345678"})
    assert response.status_code == 302
    record = AuditRecord.objects.get(action="admin.change")
    assert record.chain == tree.bj3.id and record.after == {"duty_phone": "010-12345678"}
    assert audit_verify() == []


def test_admin_cannot_edit_staff_or_staffing(client, tree, superuser, make_staff):
    client.force_login(superuser)
    staff = make_staff(tree.chaoyang, "x9")
    response = client.post(f"/admin/organization/staff/{staff.pk}/change/", {"name": "改名"})
    assert response.status_code == 403
    assert Staff.objects.get(pk=staff.pk).name == "x9"
    assert client.get(f"/admin/organization/staff/{staff.pk}/change/").status_code == 200
