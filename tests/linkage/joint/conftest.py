from datetime import date, timedelta

import pytest

from zhixing.core.rules.roles import Role
from zhixing.linkage.joint import services

HELD = date(2026, 11, 2)


@pytest.fixture
def upper(tree, make_staff):
    """Staff of the courts above 朝阳 (京03, 京) and of a court beside it (京01)."""
    return {
        "bj3_chief": make_staff(tree.bj3, "bj3_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None),
        "bj3_judge": make_staff(tree.bj3, "bj3_judge", roles=[Role.JUDGE], unit_kind="review"),
        "bj3_officer": make_staff(tree.bj3, "bj3_officer", roles=[Role.OFFICER]),
        "high_president": make_staff(
            tree.high, "high_president", roles=[Role.PRESIDENT], unit_kind=None
        ),
        "bj1_chief": make_staff(tree.bj1, "bj1_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None),
    }


@pytest.fixture
def deps(departments):
    """Three linked departments (whichever the demo list holds)."""
    rows = list(departments.values())
    return rows[0], rows[1], rows[2]


@pytest.fixture
def conference(people, deps):
    return services.conference_convene(
        actor=people["chief"].user,
        court=people["chief"].court,
        title="2026年第四季度执行联席会议",
        held_on=HELD,
        place="朝阳法院第一会议室",
        departments=deps[:2],
    )


@pytest.fixture
def decision(people, conference, deps):
    return services.decision_assign(
        actor=people["chief"].user,
        conference=conference,
        department=deps[0],
        task="督促区属国有企业履行生效判决",
        due_on=HELD + timedelta(days=30),
    )
