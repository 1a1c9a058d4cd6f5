"""Only enforcement cases (执, 执恢) carry credit sanctions: a preservation case (执保) executes a ruling
that fixes no obligation to perform (失信规定 第1条; 限高规定 第1条). Refused, nothing written."""

from __future__ import annotations

from datetime import date

import pytest

from tests.credit.conftest import respondent
from zhixing.core.errors import DomainError
from zhixing.credit.models import ConsumptionRestriction, DishonestDebtorListing, FeedEntry
from zhixing.credit.services import listing as listings
from zhixing.credit.services import restriction as restrictions

pytestmark = pytest.mark.django_db


@pytest.fixture
def preservation_case(docketed):
    return docketed(type_code="执保", origin="preservation_ruling")


def test_no_restriction_in_a_preservation_case(preservation_case, people):
    with pytest.raises(DomainError) as refused:
        restrictions.restriction_issue(
            actor=people["president"].user,
            case=preservation_case,
            party=respondent(preservation_case),
            on=date(2026, 10, 8),
            initiative="application",
        )
    assert refused.value.code == "restriction.case_type"
    assert "限高规定 第1条" in refused.value.source
    assert not ConsumptionRestriction.objects.exists() and not FeedEntry.objects.exists()


def test_no_listing_in_a_preservation_case(preservation_case, people, restrict):
    restrict(preservation_case)
    with pytest.raises(DomainError) as refused:
        listings.listing_decide(
            actor=people["officer"].user,
            case=preservation_case,
            party=respondent(preservation_case),
            ground="report_duty",
            conduct="拒绝报告财产",
            on=date(2026, 10, 9),
            initiative="ex_officio",
        )
    assert refused.value.code == "listing.case_type"
    assert not DishonestDebtorListing.objects.exists()
