"""Fixtures of the 限制消费令 tests: 朝阳 staff and cases (shared with the cases tests), a docketed
case against a person and one against a company, the president's order on either, and a 失信
listing row written straight through the model (the listing services belong to another area)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.cases import conftest as cases_conftest
from tests.credit.conftest import respondent
from zhixing.credit.models import DishonestDebtorListing
from zhixing.credit.rules.restriction import CoveredRole
from zhixing.credit.services.restriction import restriction_issue

people = cases_conftest.people
file_case = cases_conftest.file_case

RECEIVED = date(2026, 9, 21)
DOCKETED = date(2026, 9, 22)
SIGNED = date(2026, 10, 9)
COMPANY_CODE = "91110105MA01ABCD13"

UNIT_PEOPLE = [
    {"role": CoveredRole.PRINCIPAL_MANAGER.value, "name": "钱经理", "id_number": ""},
    {"role": CoveredRole.DIRECTLY_RESPONSIBLE.value, "name": "孙财务", "id_number": ""},
    {"role": CoveredRole.ACTUAL_CONTROLLER.value, "name": "周实控", "id_number": ""},
]


@pytest.fixture
def person_case(file_case):
    return file_case(RECEIVED, DOCKETED)


@pytest.fixture
def company_case(file_case):
    return file_case(
        RECEIVED,
        DOCKETED,
        parties=cases_conftest.parties(
            kind="legal_entity",
            name="北京某建材有限公司",
            id_number="",
            credit_code=COMPANY_CODE,
            legal_representative="赵法人",
        ),
    )


def issue(people, case, who="president", **kw):
    kw.setdefault("on", SIGNED)
    kw.setdefault("initiative", "application")
    return restriction_issue(actor=people[who].user, case=case, party=respondent(case), **kw)


def listing_for(case, status=DishonestDebtorListing.Status.PUBLISHED) -> DishonestDebtorListing:
    """A 失信 listing of the case's respondent, written directly (as the listing services would)."""
    party = respondent(case)
    return DishonestDebtorListing.objects.create(
        respondent_kind="person",
        name=party.name,
        id_number=party.id_number,
        court_name=case.court.name,
        case_number=case.case_number,
        case=case,
        court_id=case.court_id,
        party=party,
        decision_number=f"{case.case_number}之失信",
        ground="able_but_refuses",
        conduct="有履行能力而拒不履行生效法律文书确定义务",
        initiative="application",
        decided_on=SIGNED,
        published_on=SIGNED,
        status=status,
    )
