"""Fixtures for review matters: a 朝阳 case with implementation acts by one officer, review judges
of 朝阳 and of 京03 who never touched it, and helpers to file, assign, decide and serve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from zhixing.cases import services as case_services
from zhixing.core.rules.roles import Role
from zhixing.review.services import cases as services

DOCKETED = date(2026, 9, 1)
ASSIGNED = date(2026, 9, 2)
SEIZED = date(2026, 9, 5)


@dataclass
class Judges:
    cy: list  # 朝阳 review judges, uninvolved
    bj3: list  # 京03 judges


@pytest.fixture
def judges(tree, make_staff, people):  # noqa: F811
    cy = [
        people["judge"],
        make_staff(tree.chaoyang, "cy_rj2", roles=[Role.JUDGE], unit_kind="review", name="审查二"),
        make_staff(tree.chaoyang, "cy_rj3", roles=[Role.JUDGE], unit_kind="review", name="审查三"),
    ]
    bj3 = [
        make_staff(tree.bj3, f"bj3_j{i}", roles=[Role.JUDGE], unit_kind="review", name=f"复议{i}")
        for i in (1, 2, 3)
    ]
    return Judges(cy, bj3)


@pytest.fixture
def bj3_chief(tree, make_staff):
    return make_staff(
        tree.bj3, "bj3_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None, name="高局长"
    )


@pytest.fixture
def case(file_case, people):  # noqa: F811
    """Docketed 2026-09-01; 陈执行 is the 承办人 and recorded a seizure on 2026-09-05."""
    case = file_case(received_on=date(2026, 8, 31), docket_on=DOCKETED)
    case_services.officer_assign(
        actor=people["chief"].user, cases=[case], officer=people["officer"], on=ASSIGNED
    )
    case_services.node_record(
        actor=people["officer"].user,
        case=case,
        code="measure_taken",
        on=SEIZED,
        data={"measure": "查封房产"},
    )
    case.refresh_from_db()
    return case


def file(people, case, kind="act_objection", on=date(2026, 9, 10), **kw):  # noqa: F811
    values = dict(applicant="王被执", subject="查封超标的", received_on=on)
    values.update(kw)
    return services.review_file(actor=people["clerk"].user, case=case, kind=kind, **values)


def assign(people, review, members):  # noqa: F811
    return services.review_assign(
        actor=people["chief"].user, review=review, judge=members[0], panel=members
    )


def decided(people, judges, case, outcome="rejected", on=date(2026, 9, 20), served=None):  # noqa: F811
    review = file(people, case)
    assign(people, review, judges.cy)
    review = services.review_decide(
        actor=judges.cy[0].user, review=review, outcome=outcome, reasoning="理由", on=on
    )
    if served:
        review = services.review_serve(actor=people["clerk"].user, review=review, served_on=served)
    return review
