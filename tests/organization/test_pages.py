"""Pages render in Chinese, within scope, and show refusals beside the field."""

import pytest

from zhixing.core.models import AuditRecord
from zhixing.organization.models import Staff

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "执行工作平台" in response.content.decode() and "登录名" in response.content.decode()


def test_login_then_home(client, tree, make_staff):
    make_staff(tree.chaoyang, "cy1", name="张三")
    response = client.post(
        "/login/", {"username": "cy1", "password": "test-password-1"}, follow=True
    )
    page = response.content.decode()
    assert "工作台" in page and "张三" in page and "北京市朝阳区人民法院" in page


def test_court_tree_shows_only_scope(client, tree, make_staff):
    client.force_login(make_staff(tree.bj3, "bj3o", unit_kind="implementation").user)
    page = client.get("/courts/").content.decode()
    assert "北京市朝阳区人民法院" in page and "北京市第三中级人民法院" in page
    assert "北京市海淀区人民法院" not in page


def test_court_page_lists_units_staff_and_team_figures(client, tree, make_staff):
    make_staff(tree.chaoyang, "cy2", name="李四")
    client.force_login(make_staff(tree.chaoyang, "cy3").user)
    page = client.get("/courts/京0105/").content.decode()
    for text in (
        "执行实施机构",
        "执行审查机构",
        "申诉审查机构",
        "综合管理机构",
        "李四",
        "执行人员占比",
        "不设（基层法院）",
    ):
        assert text in page


def test_staff_form_shows_rule_refusal_beside_field(client, tree, admin_of):
    client.force_login(admin_of(tree.chaoyang).user)
    before = Staff.objects.count()
    response = client.post(
        "/courts/京0105/staff/new/",
        {
            "name": "王五",
            "username": "wangwu",
            "password": "12345678",
            "id_number": "110105194912310021",
            "education": "bachelor",
            "placement": "implementation",
            "roles": ["officer"],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "身份证号码" in page and "校验" in page
    assert Staff.objects.count() == before
    response = client.post(
        "/courts/京0105/staff/new/",
        {
            "name": "王五",
            "username": "wangwu",
            "password": "12345678",
            "education": "bachelor",
            "placement": "review",
            "roles": ["officer"],
        },
    )
    assert "执行审查机构的人员不能担任“执行员”" in response.content.decode()
    response = client.post(
        "/courts/京0105/staff/new/",
        {
            "name": "王五",
            "username": "wangwu",
            "password": "12345678",
            "education": "bachelor",
            "placement": "implementation",
            "roles": ["officer"],
        },
    )
    assert response.status_code == 302
    assert Staff.objects.get(user__username="wangwu").court == tree.chaoyang


def test_reveal_id_writes_a_read_record(client, tree, make_staff, admin_of):
    target = make_staff(tree.chaoyang, "t1", id_number="11010519491231002X")
    client.force_login(admin_of(tree.chaoyang).user)
    page = client.get(f"/staff/{target.pk}/").content.decode()
    assert "110105********002X" in page and "11010519491231002X" not in page
    response = client.post(f"/staff/{target.pk}/reveal-id/")
    assert "11010519491231002X" in response.content.decode()
    assert (
        AuditRecord.objects.filter(action="personal_data.view", object_id=str(target.pk)).count()
        == 1
    )


def test_team_figures_page_lists_short_courts(client, tree, make_staff, superuser):
    client.force_login(superuser)
    page = client.get("/team-figures/").content.decode()
    assert "未填报全院编制总数" in page and "北京市朝阳区人民法院" in page


def test_calendar_tool_page(client, tree, make_staff):
    client.force_login(make_staff(tree.chaoyang, "c1").user)
    page = client.get("/calendar/?start=2026-09-25&length=10&unit=days").content.decode()
    assert "2026年10月8日" in page and "顺延" in page
