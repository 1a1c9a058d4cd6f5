"""Fixtures of the feed, push and correction tests: a published listing written straight through
the model (status published, the published copy filled, its 纳入 node on the timeline, its feed
entry recorded), and departments with subscriptions and tokens.

Import the fixtures by name into a test module: `from tests.credit.feed_fixtures import *`."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from tests.cases.conftest import file_case, people  # noqa: F401  (fixtures)
from zhixing.cases.rules.nodes import NodeCode
from zhixing.cases.services import node_record_owned
from zhixing.core.rules.identity import mask_id_number
from zhixing.core.tokens import api_token_create
from zhixing.credit.feed import feed_record
from zhixing.credit.models import (
    ConsumptionRestriction,
    DishonestDebtorListing,
    FeedEntry,
    FeedSubscription,
)
from zhixing.linkage.models import LinkedDepartment
from zhixing.linkage.rules.outbox import DepartmentKind

DOCKETED = date(2026, 9, 22)
DECIDED = date(2026, 10, 9)
ID_NUMBER = "11010519491231002X"

__all__ = [
    "DECIDED",
    "DOCKETED",
    "ID_NUMBER",
    "department",
    "file_case",
    "listing",
    "make_listing",
    "make_restriction",
    "people",
    "bearer",
]


def _published_copy(case, party) -> dict:
    return dict(
        respondent_kind="person" if party.kind == "person" else "organisation",
        name=party.name,
        sex="女",
        birth_date=date(1949, 12, 31),
        id_number=party.id_number,
        id_masked=mask_id_number(party.id_number) if party.id_number else "",
        credit_code=party.credit_code,
        court_name=case.court.name,
        case_number=case.case_number,
        filed_on=case.filed_on,
        basis_issuer="北京市朝阳区人民法院",
        basis_number="（2025）京0105民初100号",
        obligations="被执行人向申请执行人支付货款 100000 元",
        performance="全部未履行",
    )


@pytest.fixture
def make_listing(file_case, people):  # noqa: F811
    """make_listing(case=None, record=True) → a published listing of the case's respondent (a new
    docketed case unless given), its 纳入 node recorded and, with `record`, its LISTED entry."""

    def make(case=None, record=True):
        case = case or file_case(docket_on=DOCKETED)
        party = case.parties.get(role="respondent")
        with transaction.atomic():
            listing = DishonestDebtorListing.objects.create(
                case=case,
                court_id=case.court_id,
                party=party,
                decision_number=f"（2026）京0105执{case.pk}号之一",
                ground="report_duty",
                conduct="违反财产报告制度，拒不报告财产",
                initiative="ex_officio",
                decided_on=DECIDED,
                decided_by=people["officer"].user,
                term_years=2,
                term_ends_on=date(2028, 10, 9),
                status="published",
                published_on=DECIDED,
                **_published_copy(case, party),
            )
            node_record_owned(
                actor=people["officer"].user,
                case=case,
                code=NodeCode.DISHONEST_LISTED,
                on=DECIDED,
                data={"respondent": party.name, "ground": "report_duty"},
            )
            if record:
                feed_record(FeedEntry.Change.LISTED, listing=listing)
        return listing

    return make


@pytest.fixture
def listing(make_listing):
    return make_listing()


@pytest.fixture
def make_restriction(people):  # noqa: F811
    """make_restriction(listing, record=True) → an issued order against the listing's respondent."""

    def make(listing, record=True):
        case = listing.case
        with transaction.atomic():
            row = ConsumptionRestriction.objects.create(
                case=case,
                court_id=case.court_id,
                party=listing.party,
                listing=listing,
                order_number=f"（2026）京0105执{case.pk}号之二",
                initiative="ex_officio",
                behaviours=["flight", "rail_g"],
                signed_by=people["president"].user,
                signed_on=DECIDED,
                **_published_copy(case, listing.party),
            )
            if record:
                feed_record(FeedEntry.Change.RESTRICTED, restriction=row)
        return row

    return make


@pytest.fixture
def department(superuser, django_user_model):
    """department(code, listings=True, restrictions=False, full_identity=True, push=False,
    subscribe=True) → (LinkedDepartment, raw token of its system account)."""
    made = {}

    def make(
        code="pbc",
        listings=True,
        restrictions=False,
        full_identity=True,
        push=False,
        subscribe=True,
    ):
        user = django_user_model.objects.create_user(f"dept_{code}")
        row = LinkedDepartment.objects.create(
            code=code,
            name=f"测试单位{code}",
            kind=DepartmentKind.OTHER.value,
            duties="限制贷款",
            answers_inquiries=False,
            system_user=user,
        )
        if subscribe:
            FeedSubscription.objects.create(
                department=row,
                listings=listings,
                restrictions=restrictions,
                full_identity=full_identity,
                push=push,
            )
        _, raw = api_token_create(actor=superuser, user=user, name=f"{code}对接", court_id=None)
        made[code] = (row, raw)
        return row, raw

    return make


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
