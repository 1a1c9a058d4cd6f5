"""No minor is ever shown to the public (失信规定 第4条; 个人信息保护法 第31条): a 限制消费令 may bind
a minor respondent, but the restriction query, page and API alike, never shows it; a listing or an
exposure of a minor (which the credit rules refuse, so only reachable through bad data) is never
shown either. "Minor" is judged today, with the 2月29日 reading of the identity rules."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.portal.conftest import person_id
from zhixing.core.errors import NotFound
from zhixing.portal import rules, selectors, services
from zhixing.portal.models import Exposure

pytestmark = pytest.mark.django_db

API = "/api/v1/public"
QUERY = "/public/query/"


def adult_and_minor():
    """The last birth date of an adult today, and the day after it (a minor until tomorrow)."""
    latest = rules.latest_adult_birth(timezone.localdate())
    return latest, latest + timedelta(days=1)


def results(client, category, **params):
    text = client.get(QUERY, {"category": category, **params}).content.decode()
    return text.split('id="results"')[1]


def test_a_restriction_of_a_minor_is_not_found_by_name_or_number_page_or_api(client, restriction):
    _, minor = adult_and_minor()
    row = restriction(name="钱少年", birth=minor)
    assert selectors.search_restrictions(name="钱少年") == []
    assert selectors.search_restrictions(id_number=row.id_number) == []
    for params in ({"name": "钱少年"}, {"id_number": row.id_number}):
        body = client.get(f"{API}/restrictions", params).json()
        assert body["results"] == []
        assert "钱少年" not in results(client, "restricted", **params)
    assert (
        row.id_masked not in client.get(f"{API}/restrictions", {"name": "钱少年"}).content.decode()
    )


def test_the_day_a_respondent_turns_eighteen_the_restriction_is_shown(restriction):
    adult, minor = adult_and_minor()
    restriction(name="钱成年", birth=adult)
    restriction(name="钱成年", birth=minor)
    [found] = selectors.search_restrictions(name="钱成年")
    assert found.age == 18


def test_a_minor_is_recognised_from_the_identity_number_when_no_birth_date_was_copied(
    restriction,
):
    _, minor = adult_and_minor()
    number = person_id(birth=minor.strftime("%Y%m%d"), serial=901)
    restriction(name="钱无生日", id_number=number, birth=None)
    assert selectors.search_restrictions(name="钱无生日") == []
    assert selectors.search_restrictions(id_number=number) == []
    # an adult without a copied birth date is still shown
    restriction(name="钱无生日", id_number=person_id(serial=902), birth=None)
    assert len(selectors.search_restrictions(name="钱无生日")) == 1


def test_an_organisation_is_never_taken_for_a_minor(listing):
    listing(name="北京某某科技有限公司", kind="organisation", credit_code="91350100M000100Y43")
    assert len(selectors.search_listings(credit_code="91350100M000100Y43")) == 1


def test_a_listing_of_a_minor_is_never_found(client, listing):
    _, minor = adult_and_minor()
    row = listing(name="孙少年", birth=minor)
    assert selectors.search_listings(name="孙少年") == []
    assert client.get(f"{API}/dishonest", {"id_number": row.id_number}).json()["results"] == []


def test_an_exposure_of_a_minor_is_never_shown_and_cannot_be_published(client, people, listing):
    _, minor = adult_and_minor()
    row = listing(name="孙少年", birth=minor)
    # publishing is refused, nothing written
    with pytest.raises(NotFound):
        services.exposure_publish(
            actor=people["president"].user, listing=row, headline="曝光", summary="线索"
        )
    assert not Exposure.objects.exists()
    # an exposure already there (bad data) is not shown on any page or in the API
    exposure = Exposure.objects.create(
        court=row.court,
        listing=row,
        headline="失信被执行人孙少年",
        summary="线索",
        published_on=timezone.localdate(),
        published_by=people["president"].user,
    )
    assert list(selectors.exposures_public()) == []
    for path in ("/public/", "/public/exposure/"):
        assert "孙少年" not in client.get(path).content.decode()
    assert client.get(f"/public/exposure/{exposure.pk}/").status_code == 404
    assert client.get(f"{API}/exposures").json()["results"] == []
    # the same exposure with an adult's birth date is shown: the filter is the age, nothing else
    row.birth_date = date(2000, 1, 1)
    row.save(update_fields=["birth_date"])
    assert [e.pk for e in selectors.exposures_public()] == [exposure.pk]


def test_exposure_of_a_minor_without_a_birth_date_is_refused(people, listing):
    _, minor = adult_and_minor()
    row = listing(name="孙无生日", id_number=person_id(birth=minor.strftime("%Y%m%d"), serial=903))
    type(row).objects.filter(pk=row.pk).update(birth_date=None)
    row.refresh_from_db()
    with pytest.raises(NotFound):
        services.exposure_publish(
            actor=people["president"].user, listing=row, headline="曝光", summary="线索"
        )
    assert not Exposure.objects.exists()
