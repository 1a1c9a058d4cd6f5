"""Shared fixtures of the credit tests: 朝阳 staff in every role the credit services check, a
docketed case with an adult respondent (its officer assigned), one whose respondent is 17, one whose
respondent is an organisation, and an issued 限制消费令 for a respondent (the row the listing
decision requires, 限高规定 第1条)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.cases import conftest as cases_conftest
from zhixing.cases import services as case_services
from zhixing.cases.rules.nodes import NodeCode
from zhixing.core.rules.identity import id_check_digit

people = cases_conftest.people
file_case = cases_conftest.file_case
parties = cases_conftest.parties

DOCKETED = date(2026, 9, 22)
ADULT_ID = "11010519491231002X"  # the cases fixtures' respondent, born 1949


def id_number(born: date, seq: str = "001") -> str:
    first17 = f"110105{born:%Y%m%d}{seq}"
    return first17 + id_check_digit(first17)


MINOR_ID = id_number(date(2009, 6, 1))  # 17 years old in 2026


@pytest.fixture
def docketed(file_case, people):
    """docketed(**kw) → a docketed case (DOCKETED) whose officer is people['officer']."""

    def make(**kw):
        case = file_case(received_on=DOCKETED, docket_on=DOCKETED, **kw)
        case_services.officer_assign(
            actor=people["chief"].user, cases=[case], officer=people["officer"], on=DOCKETED
        )
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def adult_case(docketed):
    return docketed()


@pytest.fixture
def minor_case(docketed):
    return docketed(parties=parties(name="小被执", id_number=MINOR_ID))


@pytest.fixture
def org_case(docketed):
    return docketed(
        parties=parties(
            kind="legal_entity",
            name="北京某建材有限公司",
            id_number="",
            credit_code="91110105MA01ABCD13",
            legal_representative="赵法代",
        )
    )


def respondent(case):
    return case.parties.get(role="respondent")


@pytest.fixture
def restrict(people):
    """restrict(case, party=None, on=date) → an issued 限制消费令 for the respondent, with its node
    on the timeline (a plain row: the restriction services are tested on their own)."""
    from zhixing.credit.models import ConsumptionRestriction
    from zhixing.credit.rules.restriction import ALL_BEHAVIOURS

    def make(case, party=None, on=date(2026, 10, 8)):
        party = party or respondent(case)
        case_services.node_record_owned(  # the timeline node the order service records with it
            actor=people["president"].user,
            case=case,
            code=NodeCode.CONSUMPTION_RESTRICTED,
            on=on,
            data={"respondent": party.name},
        )
        return ConsumptionRestriction.objects.create(
            case=case,
            court_id=case.court_id,
            party=party,
            order_number=f"{case.case_number}限{party.pk}",
            initiative="ex_officio",
            ex_officio_reason="被执行人拒不申报财产",
            behaviours=sorted(b.value for b in ALL_BEHAVIOURS),
            signed_by=people["president"].user,
            signed_on=on,
            respondent_kind="person" if party.kind == "person" else "organisation",
            name=party.name,
            court_name=case.court.name,
            case_number=case.case_number,
        )

    return make
