"""organization.rules: court placement, unit sets, role placement, team figures (no database)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.core.rules.roles import Role
from zhixing.organization import rules
from zhixing.organization.demo import COURTS, basic_court_code
from zhixing.organization.rules import CourtLevel as L
from zhixing.organization.rules import Education as E


@pytest.mark.parametrize(
    ("level", "code", "parent_level", "parent_code", "codes"),
    [
        (L.SUPREME, "最高法", None, None, []),
        (L.HIGH, "京", L.SUPREME, "最高法", []),
        (L.INTERMEDIATE, "京03", L.HIGH, "京", []),
        (L.BASIC, "京0105", L.INTERMEDIATE, "京03", []),
        (L.SPECIAL, "京73", L.HIGH, "京", []),
        (L.SPECIAL, "京0491", L.INTERMEDIATE, "京04", []),
        (L.SPECIAL, "京7101", L.INTERMEDIATE, "京04", []),
        # wrong parent level
        (L.BASIC, "京0105", L.HIGH, "京", ["court.parent_level"]),
        (L.INTERMEDIATE, "京03", L.INTERMEDIATE, "京01", ["court.parent_level"]),
        (L.HIGH, "京", None, None, ["court.parent_level"]),
        (L.SUPREME, "最高法", L.HIGH, "京", ["court.parent_level"]),
        # code does not fit the level
        (L.BASIC, "京03", L.INTERMEDIATE, "京03", ["court_code.level"]),
        (L.INTERMEDIATE, "京0105", L.HIGH, "京", ["court_code.level"]),
        (L.HIGH, "京01", L.SUPREME, "最高法", ["court_code.level"]),
        # special block reserved
        (L.INTERMEDIATE, "京73", L.HIGH, "京", ["court_code.special_block"]),
        # province differs from the parent's
        (L.BASIC, "沪0105", L.INTERMEDIATE, "京03", ["court_code.province"]),
        # malformed codes
        (L.BASIC, "京01050", L.INTERMEDIATE, "京03", ["court_code.format"]),
        (L.HIGH, "哈", L.SUPREME, "最高法", ["court_code.province"]),
        (L.HIGH, "X", L.SUPREME, "最高法", ["court_code.format"]),
    ],
)
def test_court_placement(level, code, parent_level, parent_code, codes):
    refusals = rules.check_court_placement(
        level=level, code=code, parent_level=parent_level, parent_code=parent_code
    )
    assert [r.code for r in refusals] == codes
    assert all(r.message for r in refusals)


@pytest.mark.parametrize(
    ("level", "parent_level", "units", "center"),
    [
        (
            L.HIGH,
            L.SUPREME,
            {"reconsideration_supervision", "coordination", "complaint_review", "administration"},
            True,
        ),
        (
            L.INTERMEDIATE,
            L.HIGH,
            {"implementation", "review", "complaint_review", "administration"},
            True,
        ),
        (
            L.BASIC,
            L.INTERMEDIATE,
            {"implementation", "review", "complaint_review", "administration"},
            False,
        ),
        (
            L.SPECIAL,
            L.HIGH,
            {"implementation", "review", "complaint_review", "administration"},
            True,
        ),
        (
            L.SPECIAL,
            L.INTERMEDIATE,
            {"implementation", "review", "complaint_review", "administration"},
            False,
        ),
    ],
)
def test_units_and_command_center_per_level(level, parent_level, units, center):
    """法发〔2009〕43号 三(二) unit sets; 一(一) command centers for high and intermediate courts."""
    tier = rules.tier_of(level, parent_level)
    assert {u.value for u in rules.UNITS_BY_TIER[tier]} == units
    assert (tier in rules.COMMAND_CENTER_TIERS) is center


@pytest.mark.parametrize(
    ("roles", "placement", "ok"),
    [
        ([Role.OFFICER], "implementation", True),
        ([Role.OFFICER], "review", False),  # implementation kept out of review units
        ([Role.JUDICIAL_POLICE], "review", False),
        ([Role.JUDGE], "review", True),
        ([Role.PRESIDENT], "leadership", True),
        ([Role.PRESIDENT], "implementation", False),
        ([Role.BUREAU_CHIEF], "administration", False),
        ([Role.COMMAND_STAFF], "command_center", True),
        ([Role.COMMAND_STAFF], "implementation", False),
        ([Role.PETITION_OFFICER], "complaint_review", True),
        ([Role.PETITION_OFFICER], "administration", False),
        ([Role.EVALUATOR], "administration", True),
        ([Role.OFFICER, Role.JUDGE], "implementation", True),
        ([Role.OFFICER, Role.PRESIDENT], "implementation", False),
    ],
)
def test_role_placement(roles, placement, ok):
    refusals = rules.check_roles(roles, placement)
    assert (not refusals) is ok
    assert all(r.code == "staff.role_placement" for r in refusals)


def test_every_role_has_a_placement():
    assert set(rules.ROLE_PLACEMENTS) == set(Role)
    assert all(rules.ROLE_PLACEMENTS[r] for r in Role)


@pytest.mark.parametrize(
    ("staff", "edu", "headcount", "court_edu", "codes"),
    [
        (15, {E.BACHELOR: 15}, 100, {E.BACHELOR: 100}, []),  # exactly 15 % meets the standard
        (14, {E.BACHELOR: 14}, 100, {E.BACHELOR: 100}, ["team.share"]),
        (20, {E.ASSOCIATE: 20}, 100, {E.BACHELOR: 100}, ["team.education"]),
        (20, {E.MASTER: 20}, None, {E.BACHELOR: 100}, ["team.no_headcount"]),
        (20, {E.MASTER: 20}, 100, {}, ["team.no_court_education"]),
        (0, {}, 100, {E.BACHELOR: 100}, ["team.share", "team.no_enforcement_staff"]),
    ],
)
def test_team_figures(staff, edu, headcount, court_edu, codes):
    figures = rules.team_figures(
        enforcement_staff=staff,
        enforcement_education=edu,
        authorized_headcount=headcount,
        court_education=court_edu,
    )
    assert [r.code for r in figures.refusals] == codes
    assert figures.meets_standard is (not codes)


@given(staff=st.integers(0, 500), headcount=st.integers(1, 3000))
def test_share_threshold_is_fifteen_percent(staff, headcount):
    """The share refusal appears exactly when staff/headcount < 15 % (法发〔2009〕43号 五)."""
    figures = rules.team_figures(
        enforcement_staff=staff,
        enforcement_education={E.BACHELOR: max(staff, 1)},
        authorized_headcount=headcount,
        court_education={E.BACHELOR: 1},
    )
    share = (Decimal(staff) / Decimal(headcount)).quantize(Decimal("0.0001"))
    assert ("team.share" in [r.code for r in figures.refusals]) is (share < Decimal("0.15"))


@given(st.dictionaries(st.sampled_from(list(E)), st.integers(1, 200), min_size=1))
def test_average_years_lies_between_extremes(counts):
    avg = rules.average_years(counts)
    years = [rules.EDUCATION_YEARS[level] for level in counts]
    assert min(years) <= avg <= max(years)


@pytest.mark.parametrize(
    ("division", "code"),
    [("110105", "京0105"), ("110108", "京0108"), ("440703", "京0703"), ("110119", "京0119")],
)
def test_basic_court_code_from_division(division, code):
    """法〔2015〕137号 第5条: abbreviation + prefecture and county digits."""
    assert basic_court_code("京", division) == code


def test_demo_courts_fit_the_rules():
    """Every demo court code is valid for its level under its parent."""
    by_code = {c.code: c for c in COURTS}
    for court in COURTS:
        parent = by_code.get(court.parent) if court.parent else None
        refusals = rules.check_court_placement(
            level=court.level,
            code=court.code,
            parent_level=parent.level if parent else None,
            parent_code=parent.code if parent else None,
        )
        assert refusals == [], court.name
    assert by_code["京0105"].name == "北京市朝阳区人民法院"
    assert by_code["京0105"].parent == "京03"
    assert len([c for c in COURTS if c.level is L.BASIC]) == 16
