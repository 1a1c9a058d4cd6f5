"""Fixtures of the portal tests: published (and removed, hidden, lifted) rows created through the
models, since the public side only reads them; a rate-limit cache emptied around every test."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache

from tests.cases import conftest as cases_conftest
from zhixing.cases.models import Party
from zhixing.core.rules.identity import id_check_digit, mask_id_number
from zhixing.credit.models import ConsumptionRestriction, DishonestDebtorListing

people = cases_conftest.people
file_case = cases_conftest.file_case


def person_id(birth: str = "19800506", serial: int = 1, region: str = "110105") -> str:
    first17 = f"{region}{birth}{serial:03d}"
    return first17 + id_check_digit(first17)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def case(file_case):
    return file_case(received_on=date(2026, 5, 7), docket_on=date(2026, 5, 7))


_serial = iter(range(100, 999))


def _respondent(case, *, name, id_number, kind, credit_code, address="北京市朝阳区某街1号"):
    return Party.objects.create(
        case=case,
        court=case.court,
        role="respondent",
        kind="person" if kind == "person" else "legal_entity",
        name=name,
        id_number=id_number,
        credit_code=credit_code,
        legal_representative="" if kind == "person" else "钱法代",
        phone="13812345678",
        address=address,
    )


def _published(case, party, kind, birth, performance="全部未履行"):
    return dict(
        case=case,
        court=case.court,
        party=party,
        respondent_kind=kind,
        name=party.name,
        sex="男" if kind == "person" else "",
        birth_date=birth if kind == "person" else None,
        id_number=party.id_number,
        id_masked=mask_id_number(party.id_number) if party.id_number else "",
        credit_code=party.credit_code,
        legal_representative=party.legal_representative,
        court_name=case.court.name,
        case_number=case.case_number,
        filed_on=case.filed_on,
        basis_issuer="北京市朝阳区人民法院",
        basis_number="（2025）京0105民初100号",
        obligations="被执行人向申请执行人支付货款 100000 元",
        performance=performance,
    )


@pytest.fixture
def listing(case):
    """listing(name=…, id_number=…, status=…, hidden=…) → a DishonestDebtorListing row."""

    def make(
        name="孙失信",
        id_number=None,
        status="published",
        hidden=False,
        kind="person",
        credit_code="",
        birth=date(1980, 5, 6),
        performance="全部未履行",
    ):
        if id_number is None:
            id_number = (
                person_id(birth=birth.strftime("%Y%m%d"), serial=next(_serial))
                if kind == "person"
                else ""
            )
        party = _respondent(
            case, name=name, id_number=id_number, kind=kind, credit_code=credit_code
        )
        return DishonestDebtorListing.objects.create(
            **_published(case, party, kind, birth, performance),
            ground="evades",
            conduct="以转移财产方式规避执行",
            initiative="ex_officio",
            status=status,
            hidden=hidden,
            published_on=date(2026, 6, 1) if status != "decided" else None,
        )

    return make


@pytest.fixture
def restriction(case, people):
    """restriction(…, birth=…, party=…, performance=…): `party` reuses a listed respondent;
    `birth=None` copies no birth date (the identity number still carries one)."""

    def make(
        name="孙失信",
        id_number=None,
        status="issued",
        hidden=False,
        birth=date(1980, 5, 6),
        party=None,
        performance="全部未履行",
        listing=None,
    ):
        if party is None:
            if id_number is None:
                born = birth or date(1980, 5, 6)
                id_number = person_id(birth=born.strftime("%Y%m%d"), serial=next(_serial))
            party = _respondent(case, name=name, id_number=id_number, kind="person", credit_code="")
        return ConsumptionRestriction.objects.create(
            **_published(case, party, "person", birth, performance),
            listing=listing,
            order_number="（2026）京0105执100号限制消费令",
            initiative="ex_officio",
            behaviours=["travel_class", "high_speed_rail"],
            signed_by=people["president"].user,
            signed_on=date(2026, 6, 1),
            status=status,
            hidden=hidden,
        )

    return make
