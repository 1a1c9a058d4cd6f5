"""credit.rules.listing: 失信规定 第1—4条、第10条、第12条 (no database)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.core.rules.calendar import LegalCalendar
from zhixing.core.rules.identity import id_check_digit
from zhixing.credit.rules.listing import (
    GROUND_LABELS,
    MAX_TERM_YEARS,
    ExtensionReason,
    Ground,
    RemovalGround,
    RespondentKind,
    check_case_type,
    check_extension,
    check_listing,
    check_removal,
    correction_due,
    correction_review_due,
    decision_due,
    listing_term,
    publication_due,
    reconsideration_deadline,
    removal_due,
    term_ends_on,
)

G, R = Ground, RemovalGround
PERSON, ORG = RespondentKind.PERSON, RespondentKind.ORGANISATION
CAL = LegalCalendar()


def id_for(born: date) -> str:
    first17 = f"110105{born:%Y%m%d}123"
    return first17 + id_check_digit(first17)


def codes(refusals: list) -> list[str]:  # type: ignore[type-arg]
    return [r.code for r in refusals]


def test_six_grounds_with_chinese_labels() -> None:
    assert len(Ground) == 6
    assert all(GROUND_LABELS[g] for g in Ground)


@pytest.mark.parametrize(
    ("born", "decided", "expected"),
    [
        (date(2008, 6, 1), date(2026, 6, 1), []),  # 18th birthday: adult
        (date(2008, 6, 2), date(2026, 6, 1), ["listing.minor"]),  # one day short
        (date(2009, 3, 1), date(2026, 6, 1), ["listing.minor"]),  # 17 years old
        (date(2008, 2, 29), date(2026, 2, 28), []),  # leap-day birth, 28 Feb counts
        (date(2008, 2, 29), date(2026, 2, 27), ["listing.minor"]),
        (date(1980, 1, 1), date(2026, 6, 1), []),
    ],
)
def test_minor_from_id_number(born: date, decided: date, expected: list[str]) -> None:
    got = check_listing(
        ground=G.OBSTRUCTS, decided_on=decided, respondent_kind=PERSON, id_number=id_for(born)
    )
    assert codes(got) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"id_number": "11010520080601123"}, ["listing.id_number"]),
        ({}, ["listing.birth_unknown"]),
        ({"birth_date": date(1990, 1, 1)}, []),
        ({"birth_date": date(2010, 1, 1)}, ["listing.minor"]),
        (
            {"id_number": id_for(date(1990, 1, 1)), "birth_date": date(1990, 1, 2)},
            ["listing.birth_mismatch"],
        ),
    ],
)
def test_person_birth_sources(kwargs: dict, expected: list[str]) -> None:  # type: ignore[type-arg]
    got = check_listing(
        ground=G.EVADES, decided_on=date(2026, 6, 1), respondent_kind=PERSON, **kwargs
    )
    assert codes(got) == expected


def test_organisation_needs_no_birth_date() -> None:
    assert check_listing(ground=G.EVADES, decided_on=date(2026, 6, 1), respondent_kind=ORG) == []


@pytest.mark.parametrize(
    ("ground", "security", "controlled", "debt", "later", "expected"),
    [
        (G.ABLE_BUT_REFUSES, False, "0", "1000", False, []),
        (G.ABLE_BUT_REFUSES, True, "0", "1000", False, ["listing.security"]),
        (G.ABLE_BUT_REFUSES, False, "1000", "1000", False, ["listing.controlled_property"]),
        (G.ABLE_BUT_REFUSES, False, "999.99", "1000", False, []),
        (G.ABLE_BUT_REFUSES, False, "0", "1000", True, ["listing.later_in_order"]),
        (
            G.ABLE_BUT_REFUSES,
            True,
            "5000",
            "1000",
            True,
            ["listing.security", "listing.controlled_property", "listing.later_in_order"],
        ),
        # 第3条 concerns ground (1) only.
        (G.OBSTRUCTS, True, "5000", "1000", True, []),
        (G.SETTLEMENT_REFUSED, True, "5000", "1000", True, []),
    ],
)
def test_ground_one_exclusions(
    ground: Ground, security: bool, controlled: str, debt: str, later: bool, expected: list[str]
) -> None:
    got = check_listing(
        ground=ground,
        decided_on=date(2026, 6, 1),
        respondent_kind=ORG,
        security_given=security,
        controlled_value=Decimal(controlled),
        debt=Decimal(debt),
        later_in_order=later,
    )
    assert codes(got) == expected


@pytest.mark.parametrize(
    ("ground", "extension", "term"),
    [(G.ABLE_BUT_REFUSES, 0, None), (G.OBSTRUCTS, 0, 2), (G.EVADES, 1, 3), (G.REPORT_DUTY, 3, 5)],
)
def test_listing_term(ground: Ground, extension: int, term: int | None) -> None:
    assert listing_term(ground, extension) == term


@pytest.mark.parametrize(("ground", "extension"), [(G.ABLE_BUT_REFUSES, 1), (G.OBSTRUCTS, 4)])
def test_listing_term_rejects_unlawful_extension(ground: Ground, extension: int) -> None:
    with pytest.raises(ValueError):
        listing_term(ground, extension)


@pytest.mark.parametrize(
    ("ground", "years", "reason", "note", "expected"),
    [
        (G.OBSTRUCTS, 1, ExtensionReason.SERIOUS_VIOLENCE, "持刀阻挠", []),
        (G.EVADES, 3, ExtensionReason.MULTIPLE_CONDUCT, "三项失信行为", []),
        (G.OBSTRUCTS, 4, ExtensionReason.SERIOUS_VIOLENCE, "x", ["extension.years"]),
        (G.OBSTRUCTS, 0, ExtensionReason.SERIOUS_VIOLENCE, "x", ["extension.years"]),
        (G.OBSTRUCTS, 2, None, "x", ["extension.reason"]),
        (G.OBSTRUCTS, 2, ExtensionReason.MULTIPLE_CONDUCT, "  ", ["extension.reason_note"]),
        (G.ABLE_BUT_REFUSES, 1, ExtensionReason.MULTIPLE_CONDUCT, "x", ["extension.no_term"]),
    ],
)
def test_check_extension(
    ground: Ground, years: int, reason: ExtensionReason | None, note: str, expected: list[str]
) -> None:
    assert codes(check_extension(ground=ground, years=years, reason=reason, reason_note=note)) == (
        expected
    )


END = date(2028, 6, 1)


@pytest.mark.parametrize(
    ("ground", "on", "term_end", "kwargs", "expected"),
    [
        (R.FULL_PERFORMANCE, date(2026, 7, 1), END, {}, []),
        (R.SETTLEMENT_PERFORMED, date(2026, 7, 1), None, {}, []),
        (R.APPLICANT_REQUEST, date(2026, 7, 1), None, {}, ["removal.request_not_approved"]),
        (R.APPLICANT_REQUEST, date(2026, 7, 1), None, {"applicant_request_approved": True}, []),
        (
            R.NO_PROPERTY_AFTER_TERMINATION,
            date(2026, 7, 1),
            None,
            {"terminated_this_round": True, "empty_inquiries": 2},
            [],
        ),
        (
            R.NO_PROPERTY_AFTER_TERMINATION,
            date(2026, 7, 1),
            None,
            {"terminated_this_round": True, "empty_inquiries": 1},
            ["removal.inquiries"],
        ),
        (
            R.NO_PROPERTY_AFTER_TERMINATION,
            date(2026, 7, 1),
            None,
            {"terminated_this_round": True, "empty_inquiries": 3, "new_lead": True},
            ["removal.new_lead"],
        ),
        (
            R.NO_PROPERTY_AFTER_TERMINATION,
            date(2026, 7, 1),
            END,
            {"terminated_this_round": True, "empty_inquiries": 2},
            ["removal.fixed_term"],
        ),
        (
            R.NO_PROPERTY_AFTER_TERMINATION,
            date(2026, 7, 1),
            None,
            {"empty_inquiries": 2},
            ["removal.not_terminated"],
        ),
        (R.TERM_EXPIRED, END, END, {}, ["removal.term_running"]),
        (R.TERM_EXPIRED, END + timedelta(days=1), END, {}, []),
        (R.TERM_EXPIRED, END, None, {}, ["removal.no_term"]),
        (R.NOT_ENFORCED, date(2026, 7, 1), END, {}, []),
        (R.ENFORCEMENT_ENDED, date(2026, 7, 1), None, {}, []),
        (R.SUSPENDED, date(2026, 7, 1), None, {}, []),
    ],
)
def test_check_removal(
    ground: RemovalGround,
    on: date,
    term_end: date | None,
    kwargs: dict,
    expected: list[str],  # type: ignore[type-arg]
) -> None:
    assert codes(check_removal(ground=ground, on=on, term_end=term_end, **kwargs)) == expected


@pytest.mark.parametrize(
    ("fn", "start", "due"),
    [
        # 2026-09-30 + 3 working days skips the National Day holiday (10-01..10-07) and counts the
        # make-up working Saturday 2026-10-10.
        (removal_due, date(2026, 9, 30), date(2026, 10, 10)),
        (publication_due, date(2026, 6, 5), date(2026, 6, 10)),  # Fri → Wed
        (correction_due, date(2026, 6, 1), date(2026, 6, 4)),
        # 15 calendar days; 2026-06-20 is a Saturday → next working day 2026-06-22.
        (decision_due, date(2026, 6, 5), date(2026, 6, 22)),
        (correction_review_due, date(2026, 6, 1), date(2026, 6, 16)),
        (reconsideration_deadline, date(2026, 6, 1), date(2026, 6, 11)),
    ],
)
def test_deadlines(fn, start: date, due: date) -> None:  # type: ignore[no-untyped-def]
    assert fn(start, CAL).due == due


def test_publication_days_is_a_setting() -> None:
    assert publication_due(date(2026, 6, 1), CAL, workdays=5).due == date(2026, 6, 8)


def test_term_ends_on() -> None:
    assert term_ends_on(date(2026, 6, 1), 2) == date(2028, 6, 1)
    assert term_ends_on(date(2024, 2, 29), 2) == date(2026, 2, 28)
    assert term_ends_on(date(2026, 6, 1), None) is None


# --- properties -----------------------------------------------------------------------------

births = st.dates(min_value=date(1930, 1, 1), max_value=date(2030, 12, 31))
decisions = st.dates(min_value=date(2017, 3, 1), max_value=date(2040, 12, 31))


@given(born=births, decided=decisions, ground=st.sampled_from(list(Ground)))
def test_under_18_on_decision_date_is_always_refused(
    born: date, decided: date, ground: Ground
) -> None:
    got = codes(
        check_listing(
            ground=ground, decided_on=decided, respondent_kind=PERSON, id_number=id_for(born)
        )
    )
    try:
        adult_from = born.replace(year=born.year + 18)
    except ValueError:  # 29 February → 28 February (民法典 第202条 reading, as in identity)
        adult_from = date(born.year + 18, 2, 28)
    assert ("listing.minor" in got) == (decided < adult_from)


@given(
    ground=st.sampled_from(list(Ground)),
    years=st.integers(min_value=-5, max_value=10),
    reason=st.none() | st.sampled_from(list(ExtensionReason)),
    note=st.text(max_size=5),
)
def test_term_never_exceeds_five_years(
    ground: Ground, years: int, reason: ExtensionReason | None, note: str
) -> None:
    if check_extension(ground=ground, years=years, reason=reason, reason_note=note):
        return
    term = listing_term(ground, years)
    assert term is not None
    assert 2 < term <= MAX_TERM_YEARS
    assert reason is not None and note.strip()


@given(ground=st.sampled_from(list(Ground)))
def test_only_ground_one_has_no_term(ground: Ground) -> None:
    assert (listing_term(ground) is None) == (ground is Ground.ABLE_BUT_REFUSES)


@given(st.dates(min_value=date(2018, 1, 1), max_value=date(2026, 12, 31)))
def test_removal_due_is_three_working_days_later(start: date) -> None:
    due = removal_due(start, CAL).due
    assert CAL.workdays_between(start, due) == 3
    assert CAL.is_workday(due)


@given(st.dates(min_value=date(2018, 1, 1), max_value=date(2026, 12, 31)))
def test_calendar_day_deadlines_land_on_working_days(start: date) -> None:
    for fn, days in (
        (decision_due, 15),
        (correction_review_due, 15),
        (reconsideration_deadline, 10),
    ):
        due = fn(start, CAL).due
        assert CAL.is_workday(due)
        assert due >= start + timedelta(days=days)


@pytest.mark.parametrize(
    ("type_code", "refused"),
    [("执", False), ("执恢", False), ("执保", True), ("执异", True), ("执复", True)],
)
def test_only_enforcement_cases_carry_credit_sanctions(type_code, refused):
    """失信规定 第1条; 限高规定 第1条: a preservation case fixes no obligation to perform."""
    refusals = check_case_type(type_code)
    assert bool(refusals) is refused
    if refused:
        assert refusals[0].code == "case_type" and "限高规定 第1条" in refusals[0].source
