"""seed-bulk --listings: bulk dishonest-debtor listings for the public-query benchmark."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F

from zhixing.cases.models import Party
from zhixing.core.rules.identity import mask_id_number, parse_credit_code, parse_id_number
from zhixing.credit.models import ConsumptionRestriction, DishonestDebtorListing
from zhixing.credit.rules import listing as rules
from zhixing.demo import bulk_credit
from zhixing.organization.models import Staff

pytestmark = pytest.mark.django_db

L = DishonestDebtorListing.Status


def test_columns_cover_every_field_of_the_models():
    """COPY writes exactly these columns: a field added to a model without a column here would be
    left NULL by PostgreSQL's COPY (Django sets no database defaults)."""
    for model, columns in bulk_credit.TABLES:
        assert set(columns) == {f.attname for f in model._meta.concrete_fields}, model


def test_identities_are_valid_and_distinct():
    numbers = [bulk_credit.person_identity(i) for i in range(50_000)]
    assert len(set(numbers)) == len(numbers)
    for number in numbers[:5_000]:
        parsed = parse_id_number(number, today=date(2026, 11, 27))
        assert parsed.age_on(date(2019, 1, 1)) >= 18  # 失信规定 第4条: no minors
    codes = [bulk_credit.organisation_code(i) for i in range(50_000)]
    assert len(set(codes)) == len(codes)
    assert all(parse_credit_code(code) == code for code in codes[:5_000])


def test_names_repeat_like_real_names():
    generator = bulk_credit.ListingGenerator(
        [
            bulk_credit.SourceCase(
                1, 1, "（2026）京0105执1号", date(2026, 3, 2), "朝阳", ("", "", "")
            )
        ],
        {},
        date(2026, 11, 27),
    )
    names = Counter(generator._person_name("男") for _ in range(100_000))
    surnames = Counter(name[0] for name in names.elements())
    assert names.most_common(1)[0][0] in {"王伟", "李伟", "张伟"}
    assert 0.001 < names["王伟"] / 100_000 < 0.005
    assert 0.06 < surnames["王"] / 100_000 < 0.08
    assert sum(1 for n in names.values() if n == 1) > 1_000  # and many rare names


def test_seed_bulk_listings():
    """300 cases, then 3,000 listings (SQLite, bulk_create): one load, checked twice."""
    call_command("seed_demo", "--no-cases", stdout=io.StringIO())
    call_command(
        "seed_bulk", "--cases", "300", "--court-codes", "京0105,京0108", stdout=io.StringIO()
    )
    parties_before = Party.objects.count()
    out = io.StringIO()
    call_command("seed_bulk", "--listings", "3000", stdout=out)
    _valid_copies(out.getvalue(), parties_before)
    _statuses_mix_and_restrictions()

    # a second run lists new debtors, not the first run's again
    first = set(DishonestDebtorListing.objects.values_list("id_number", "credit_code"))
    last = DishonestDebtorListing.objects.order_by("-pk").values_list("pk", flat=True).first()
    call_command("seed_bulk", "--listings", "500", stdout=io.StringIO())
    added = DishonestDebtorListing.objects.filter(pk__gt=last)
    assert added.count() == 500
    assert not first & set(added.values_list("id_number", "credit_code"))


def _valid_copies(out, parties_before):
    assert "已生成失信名单 3,000 条" in out
    listings = DishonestDebtorListing.objects.select_related("party", "case", "court")
    assert listings.count() == 3000
    assert Party.objects.count() == parties_before + 3000  # one new respondent per listing
    assert not listings.exclude(party__case=F("case")).exists()
    assert not listings.exclude(party__role="respondent").exists()
    for row in listings.order_by("pk")[:600]:
        assert row.name == row.party.name
        assert row.case_number == row.case.case_number and row.filed_on == row.case.filed_on
        assert row.court_name == row.court.name and row.court_id == row.case.court_id
        if row.respondent_kind == "person":
            parsed = parse_id_number(row.id_number)
            assert row.id_number == row.party.id_number
            assert row.id_masked == mask_id_number(row.id_number)
            assert row.birth_date == parsed.birth_date
            assert row.sex == ("男" if parsed.sex.value == "male" else "女")
            assert row.credit_code == ""
        else:
            assert parse_credit_code(row.credit_code) == row.party.credit_code
            assert row.id_number == row.id_masked == "" and row.legal_representative
        if row.status in (L.PUBLISHED, L.REMOVED):
            assert row.decided_on <= row.published_on <= row.publish_due_on
            assert row.term_years == rules.listing_term(
                rules.Ground(row.ground), row.extension_years
            )
        if row.status == L.REMOVED:
            assert row.removal_ground and row.published_on <= row.removed_on
    # at most one open listing per party (the model's constraint), and debtors listed repeatedly
    open_ = listings.filter(status__in=[L.REQUESTED, L.DECIDED, L.PUBLISHED])
    assert not open_.values("party").annotate(n=Count("pk")).filter(n__gt=1).exists()
    repeated = (
        listings.exclude(id_number="").values("id_number").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert repeated.count() > 100


def _statuses_mix_and_restrictions():
    statuses = Counter(DishonestDebtorListing.objects.values_list("status", flat=True))
    assert 0.78 < statuses[L.PUBLISHED] / 3000 < 0.90
    assert 0.07 < statuses[L.REMOVED] / 3000 < 0.15
    assert {L.DECIDED, L.REQUESTED, L.REJECTED, L.REVOKED} <= set(statuses)
    hidden = DishonestDebtorListing.objects.filter(hidden=True)
    assert 0 < hidden.count() < 150 and not hidden.exclude(status=L.PUBLISHED).exists()
    kinds = Counter(DishonestDebtorListing.objects.values_list("respondent_kind", flat=True))
    assert 0.75 < kinds["person"] / 3000 < 0.85

    restrictions = ConsumptionRestriction.objects.select_related("listing", "signed_by__staff")
    assert 200 < restrictions.count() < 400  # ~10 % of the listings
    assert not restrictions.exclude(party=F("listing__party")).exists()
    assert not restrictions.filter(status="issued").exclude(listing__status=L.PUBLISHED).exists()
    assert not restrictions.filter(status="lifted").exclude(listing__status=L.REMOVED).exists()
    presidents = set(
        Staff.objects.filter(roles__role="president").values_list("user_id", flat=True)
    )
    assert set(restrictions.values_list("signed_by_id", flat=True)) <= presidents


def test_listings_need_docketed_cases():
    with pytest.raises(CommandError, match="没有已立案的案件"):
        call_command("seed_bulk", "--listings", "10", stdout=io.StringIO())


def test_seed_bulk_needs_cases_or_listings():
    with pytest.raises(CommandError, match="--cases 或 --listings"):
        call_command("seed_bulk", stdout=io.StringIO())
