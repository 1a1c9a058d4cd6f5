"""限制消费令 on the database: signing by the president alone, the persons an organisation's order
binds, one open order per respondent, lifting (never while listed), the sharing feed, and the
automatic lifting when the case closes as 执行完毕 (限高规定 第1条、第3—5条、第9条)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from tests.credit.restriction_fixtures import (  # noqa: F401  (fixtures)
    SIGNED,
    UNIT_PEOPLE,
    company_case,
    file_case,
    issue,
    listing_for,
    people,
    person_case,
    respondent,
)
from zhixing.cases import hooks
from zhixing.cases.models import NodeEvent
from zhixing.cases.rules.nodes import NodeCode
from zhixing.closure.services import case_close
from zhixing.core.audit import AuditRecord
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.rules.roles import Role
from zhixing.credit.documents_restriction import restriction_docx
from zhixing.credit.models import ConsumptionRestriction, DishonestDebtorListing, FeedEntry
from zhixing.credit.rules.restriction import BEHAVIOUR_LABELS, Behaviour
from zhixing.credit.services.listing import listing_decide
from zhixing.credit.services.restriction import (
    SignerRefused,
    restriction_lift,
)
from zhixing.credit.wiring.restriction import lift_on_full_performance

pytestmark = pytest.mark.django_db

LIFTED_ON = date(2026, 10, 20)


def snapshot(case):
    """Everything an order or a lifting writes."""
    return (
        list(
            ConsumptionRestriction.objects.filter(case=case).values_list(
                "pk", "status", "lifting_ground", "lifted_on"
            )
        ),
        NodeEvent.objects.filter(case=case).count(),
        FeedEntry.objects.count(),
        AuditRecord.objects.count(),
    )


def lift(people, row, who="officer", **kw):
    kw.setdefault("on", LIFTED_ON)
    return restriction_lift(actor=people[who].user, restriction=row, **kw)


# --- issuing ---------------------------------------------------------------------------------


def test_the_president_signs_an_order_with_the_published_fields_node_feed_and_audit(
    people, person_case
):
    audits = AuditRecord.objects.count()
    row = issue(people, person_case)
    assert row.status == ConsumptionRestriction.Status.ISSUED
    assert row.signed_by == people["president"].user and row.signed_on == SIGNED
    assert row.order_number == f"{person_case.case_number}之一"
    assert row.behaviours == [b.value for b in Behaviour]  # all nine by default
    assert row.covered == []  # a person's order binds the person
    # the published copy (失信规定 第6条): sex and birth from the identity number, masked number
    assert (row.name, row.sex, row.birth_date) == ("王被执", "女", date(1949, 12, 31))
    assert row.id_masked == "110105********002X"
    assert row.court_name == "北京市朝阳区人民法院" and row.case_number == person_case.case_number
    assert row.filed_on == date(2026, 9, 22)
    assert row.basis_number == "（2025）京0105民初100号" and "100000" in row.obligations
    assert row.performance == "全部未履行"
    event = NodeEvent.objects.get(case=person_case, code=NodeCode.CONSUMPTION_RESTRICTED.value)
    assert event.data["respondent"] == "王被执" and event.data["restriction_id"] == row.pk
    entry = FeedEntry.objects.get(restriction=row)
    assert entry.change == FeedEntry.Change.RESTRICTED
    assert entry.payload["order_number"] == row.order_number
    assert AuditRecord.objects.filter(action="restriction.issue", object_id=str(row.pk)).exists()
    assert AuditRecord.objects.count() > audits


@pytest.mark.parametrize("who", ["officer", "chief", "judge", "clerk"])
def test_only_the_president_signs_anyone_else_is_refused_and_nothing_is_written(
    people, person_case, who
):
    before = snapshot(person_case)
    with pytest.raises(SignerRefused) as caught:
        issue(people, person_case, who=who)
    assert caught.value.code == "restriction.signer"
    assert caught.value.status == 403
    assert caught.value.source == "限高规定 第5条"
    assert snapshot(person_case) == before


def test_a_superuser_cannot_sign_in_the_presidents_place(people, person_case, superuser):
    before = snapshot(person_case)
    with pytest.raises(SignerRefused):
        from zhixing.credit.services.restriction import restriction_issue

        restriction_issue(
            actor=superuser,
            case=person_case,
            party=respondent(person_case),
            on=SIGNED,
            initiative="application",
        )
    assert snapshot(person_case) == before


def test_the_president_of_an_upper_court_does_not_sign_a_lower_courts_order(
    people, person_case, tree, make_staff
):
    make_staff(tree.bj3, "bj3_president", roles=[Role.PRESIDENT], unit_kind=None)
    people["upper"] = type("S", (), {"user": _user("bj3_president")})
    before = snapshot(person_case)
    with pytest.raises(SignerRefused):
        issue(people, person_case, who="upper")
    assert snapshot(person_case) == before


def test_a_president_of_another_court_outside_scope_sees_nothing(
    people, person_case, tree, make_staff
):
    make_staff(tree.haidian, "hd_president", roles=[Role.PRESIDENT], unit_kind=None)
    people["other"] = type("S", (), {"user": _user("hd_president")})
    with pytest.raises(NotFound):
        issue(people, person_case, who="other")


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_an_organisation_without_its_covered_persons_is_refused_and_nothing_written(
    people, company_case
):
    before = snapshot(company_case)
    with pytest.raises(DomainError) as caught:
        issue(people, company_case)  # only the legal representative, prefilled from the party
    assert caught.value.code == "restriction.covered"
    assert caught.value.source == "限高规定 第3条第2款"
    assert "主要负责人" in caught.value.message and "实际控制人" in caught.value.message
    assert "法定代表人" not in caught.value.message  # prefilled from the filing
    assert snapshot(company_case) == before


def test_an_organisations_order_binds_its_four_kinds_of_persons(people, company_case):
    row = issue(people, company_case, covered=UNIT_PEOPLE)
    roles = {p["role"]: p["name"] for p in row.covered}
    assert roles == {
        "legal_representative": "赵法人",  # prefilled from party.legal_representative
        "principal_manager": "钱经理",
        "directly_responsible": "孙财务",
        "actual_controller": "周实控",
    }
    assert row.credit_code == "91110105MA01ABCD13" and row.legal_representative == "赵法人"
    assert row.respondent_kind == "organisation" and row.id_masked == ""


def test_a_covered_persons_malformed_identity_number_is_bad_input(people, company_case):
    before = snapshot(company_case)
    bad = [*UNIT_PEOPLE[:2], {**UNIT_PEOPLE[2], "id_number": "110105194912310021"}]
    with pytest.raises(InputError) as caught:
        issue(people, company_case, covered=bad)
    assert caught.value.field == "covered" and "周实控" in caught.value.message
    assert snapshot(company_case) == before


def test_a_second_order_while_one_is_issued_is_refused(people, person_case):
    issue(people, person_case)
    before = snapshot(person_case)
    with pytest.raises(DomainError) as caught:
        issue(people, person_case, on=date(2026, 10, 10))
    assert caught.value.code == "restriction.exists"
    assert snapshot(person_case) == before


def test_an_ex_officio_order_needs_its_reason(people, person_case):
    before = snapshot(person_case)
    with pytest.raises(InputError) as caught:
        issue(people, person_case, initiative="ex_officio")
    assert caught.value.code == "restriction.ex_officio_reason"
    assert caught.value.source == "限高规定 第4条"
    assert snapshot(person_case) == before
    row = issue(people, person_case, initiative="ex_officio", ex_officio_reason="被执行人转移财产")
    assert row.initiative == "ex_officio" and row.ex_officio_reason == "被执行人转移财产"


def test_an_order_restricting_nothing_is_refused(people, person_case):
    before = snapshot(person_case)
    with pytest.raises(InputError) as caught:
        issue(people, person_case, behaviours=[])
    assert caught.value.code == "restriction.behaviours"
    assert snapshot(person_case) == before


def test_an_order_names_the_behaviours_chosen_only(people, person_case):
    row = issue(people, person_case, behaviours=["high_speed_rail", "travel_class"])
    assert row.behaviours == ["travel_class", "high_speed_rail"]  # the order of 第3条


def test_an_order_on_a_listed_respondent_points_at_its_listing(people, person_case):
    listing = listing_for(person_case)
    row = issue(people, person_case)
    assert row.listing == listing


# --- lifting ---------------------------------------------------------------------------------


def test_lifting_while_the_respondent_is_listed_is_refused_and_nothing_written(people, person_case):
    row = issue(people, person_case)
    listing_for(person_case)
    before = snapshot(person_case)
    with pytest.raises(DomainError) as caught:
        lift(people, row, ground="applicant_consent", consent_recorded=True)
    assert caught.value.code == "restriction.listed"
    assert caught.value.source == "限高规定 第1条"
    assert snapshot(person_case) == before


@pytest.mark.parametrize("status", ["decided", "published"], ids=str)
def test_every_listed_status_holds_the_order(people, person_case, status):
    row = issue(people, person_case)
    listing_for(person_case, status=status)
    with pytest.raises(DomainError) as caught:
        lift(people, row, ground="full_performance")
    assert caught.value.code == "restriction.listed"


def test_a_mere_request_does_not_hold_the_order(people, person_case):
    row = issue(people, person_case)
    listing_for(person_case, status=DishonestDebtorListing.Status.REQUESTED)
    assert lift(people, row, ground="full_performance").status == "lifted"


def test_a_removed_listing_no_longer_holds_the_order(people, person_case):
    row = issue(people, person_case)
    listing_for(person_case, status=DishonestDebtorListing.Status.REMOVED)
    assert lift(people, row, ground="full_performance").status == "lifted"


def test_lifting_on_security_needs_the_security_on_the_file(people, person_case):
    row = issue(people, person_case)
    before = snapshot(person_case)
    with pytest.raises(DomainError) as caught:
        lift(people, row, ground="security")
    assert caught.value.code == "lifting.security"
    assert caught.value.source == "限高规定 第9条"
    assert snapshot(person_case) == before
    lifted = lift(people, row, ground="security", security_recorded=True, note="提供房产担保")
    assert (lifted.status, lifted.lifting_ground, lifted.lifted_on) == (
        "lifted",
        "security",
        LIFTED_ON,
    )
    assert lifted.lifted_by == people["officer"].user
    event = NodeEvent.objects.get(case=person_case, code=NodeCode.RESTRICTION_LIFTED.value)
    assert event.data["ground"] == "security" and "提供房产担保" in event.note
    changes = list(
        FeedEntry.objects.filter(restriction=row).order_by("seq").values_list("change", flat=True)
    )
    assert changes == ["restricted", "lifted"]
    assert AuditRecord.objects.filter(action="restriction.lift", object_id=str(row.pk)).exists()


def test_lifting_on_consent_needs_the_consent_on_the_file(people, person_case):
    row = issue(people, person_case)
    with pytest.raises(DomainError) as caught:
        lift(people, row, ground="applicant_consent", who="judge")
    assert caught.value.code == "lifting.consent"
    assert (
        lift(people, row, ground="applicant_consent", consent_recorded=True, who="judge").status
        == "lifted"
    )


@pytest.mark.parametrize("who", ["clerk", "chief"])
def test_lifting_by_someone_without_the_role_is_refused(people, person_case, who):
    row = issue(people, person_case)
    before = snapshot(person_case)
    with pytest.raises(AccessDenied):
        lift(people, row, who=who, ground="full_performance")
    assert snapshot(person_case) == before


def test_the_president_lifts_too_and_a_lifted_order_is_not_lifted_twice(people, person_case):
    row = issue(people, person_case)
    lift(people, row, who="president", ground="full_performance")
    before = snapshot(person_case)
    with pytest.raises(DomainError) as caught:
        lift(people, row, ground="full_performance")
    assert caught.value.code == "restriction.not_issued"
    assert snapshot(person_case) == before


def test_after_lifting_a_new_order_gets_the_next_number(people, person_case):
    first = issue(people, person_case)
    lift(people, first, ground="full_performance")
    second = issue(people, person_case, on=date(2026, 10, 21))
    assert second.order_number == f"{person_case.case_number}之二"


def test_an_unknown_ground_is_bad_input(people, person_case):
    row = issue(people, person_case)
    with pytest.raises(InputError) as caught:
        lift(people, row, ground="mercy")
    assert caught.value.field == "ground"


# --- full performance ------------------------------------------------------------------------


def test_closing_as_fully_performed_removes_the_listing_and_lifts_the_order(people, person_case):
    """The listing area's CLOSED handler runs first and removes the listing; then the order lifts
    (it could not while the respondent was listed)."""
    row = issue(people, person_case)
    listing = listing_decide(
        actor=people["officer"].user,
        case=person_case,
        party=respondent(person_case),
        ground="able_but_refuses",
        conduct="有履行能力而拒不履行",
        on=date(2026, 10, 12),
        initiative="application",
    )
    assert listing.status == DishonestDebtorListing.Status.PUBLISHED
    case_close(actor=people["officer"].user, case=person_case, mode="fully_performed", on=LIFTED_ON)
    row.refresh_from_db()
    listing.refresh_from_db()
    assert listing.status == DishonestDebtorListing.Status.REMOVED
    assert (row.status, row.lifting_ground, row.lifted_on) == (
        "lifted",
        "full_performance",
        LIFTED_ON,
    )
    codes = list(
        NodeEvent.objects.filter(case=person_case).order_by("seq").values_list("code", flat=True)
    )
    assert codes[-3:] == ["closed", "dishonest_removed", "restriction_lifted"]
    assert FeedEntry.objects.filter(restriction=row, change="lifted").count() == 1


def test_closing_by_full_performance_lifts_every_respondents_order(people, company_case):
    row = issue(people, company_case, covered=UNIT_PEOPLE)
    case_close(actor=people["judge"].user, case=company_case, mode="fully_performed", on=LIFTED_ON)
    row.refresh_from_db()
    assert row.status == "lifted" and row.lifted_by == people["judge"].user


def test_the_wiring_is_registered_after_the_listing_area(people):
    handlers = hooks.registered()[NodeCode.CLOSED]
    assert lift_on_full_performance in handlers
    listing = [i for i, h in enumerate(handlers) if "credit.wiring.listing" in h.__module__]
    assert all(i < handlers.index(lift_on_full_performance) for i in listing)


def test_another_closing_mode_leaves_the_order(people, person_case):
    row = issue(people, person_case)
    event = type("E", (), {"data": {"mode": "terminated"}, "occurred_on": LIFTED_ON})
    lift_on_full_performance(case=person_case, event=event, actor=people["officer"].user)
    row.refresh_from_db()
    assert row.status == "issued"


# --- the document ----------------------------------------------------------------------------


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_the_document_names_the_chosen_behaviours_the_persons_and_the_president(
    people, company_case
):
    row = issue(
        people,
        company_case,
        covered=UNIT_PEOPLE,
        behaviours=["travel_class", "high_speed_rail"],
        period_text="自本令送达之日起至2027年10月8日止",
    )
    text = _text(restriction_docx(row))
    assert "限制消费令" in text and row.order_number in text
    assert BEHAVIOUR_LABELS[Behaviour.TRAVEL_CLASS] in text
    assert BEHAVIOUR_LABELS[Behaviour.HIGH_SPEED_RAIL] in text
    assert BEHAVIOUR_LABELS[Behaviour.REAL_ESTATE] not in text  # not chosen
    assert "院长　cy_president" in text  # the signing president by name
    for name in ("赵法人", "钱经理", "孙财务", "周实控"):
        assert name in text
    assert "自本令送达之日起至2027年10月8日止" in text  # the period stated (第5条)
    assert "第一百一十四条" in text  # the consequences (第11条)
    assert "二〇二六年十月九日" in text
