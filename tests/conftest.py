"""Shared fixtures: a small real court tree built through the services (so audit runs too)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

from zhixing.core.rules.roles import Role

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API beside the ORM

PASSWORD = "test-password-1"


@dataclass
class Tree:
    """最高法 → 京 → 京01 → 京0108 海淀, 京03 → 京0105 朝阳."""

    spc: object
    high: object
    bj1: object
    bj3: object
    haidian: object
    chaoyang: object


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password=PASSWORD)


@pytest.fixture
def tree(superuser) -> Tree:
    from zhixing.organization.services import court_create

    def make(name, level, code, parent, **kw):
        return court_create(actor=superuser, name=name, level=level, code=code, parent=parent, **kw)

    spc = make("最高人民法院", "supreme", "最高法", None)
    high = make("北京市高级人民法院", "high", "京", spc, province="北京市")
    bj1 = make("北京市第一中级人民法院", "intermediate", "京01", high)
    bj3 = make("北京市第三中级人民法院", "intermediate", "京03", high)
    haidian = make("北京市海淀区人民法院", "basic", "京0108", bj1)
    chaoyang = make("北京市朝阳区人民法院", "basic", "京0105", bj3)
    return Tree(spc, high, bj1, bj3, haidian, chaoyang)


@pytest.fixture
def make_staff(superuser):
    """make_staff(court, username, roles=[...], unit_kind=None, command_center=False) → Staff."""
    from zhixing.organization.models import Unit
    from zhixing.organization.services import staff_create

    def make(
        court,
        username,
        roles=(Role.OFFICER,),
        unit_kind="implementation",
        command_center=False,
        **kw,
    ):
        unit = Unit.objects.get(court=court, kind=unit_kind) if unit_kind else None
        kw.setdefault("education", "bachelor")
        kw.setdefault("name", username)
        return staff_create(
            actor=superuser,
            court=court,
            username=username,
            password=PASSWORD,
            roles=list(roles),
            unit=unit,
            in_command_center=command_center,
            **kw,
        )

    return make


@pytest.fixture
def admin_of(make_staff):
    """admin_of(court) → the administrator staff of that court."""

    def make(court, username=None):
        return make_staff(
            court,
            username or f"admin_{court.code}",
            roles=[Role.ADMINISTRATOR],
            unit_kind="administration",
        )

    return make


@pytest.fixture(scope="session", autouse=True)
def _close_connections_before_teardown(django_db_setup, django_db_blocker):
    """The live server's request threads may keep a connection open; PostgreSQL then refuses to
    drop the test database. End those sessions before pytest-django tears it down."""
    yield
    from django.db import connection, connections

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        connections.close_all()
