"""credit.rules.restriction: 限高规定 第1、3—5、9条 (no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.core.rules.roles import Role
from zhixing.credit.rules.listing import RespondentKind
from zhixing.credit.rules.restriction import (
    ALL_BEHAVIOURS,
    BEHAVIOUR_LABELS,
    CoveredRole,
    Initiative,
    LiftingGround,
    check_lifting,
    check_listed_has_restriction,
    check_order,
    covered_roles,
    lifting_is_mandatory,
)

PERSON, ORG = RespondentKind.PERSON, RespondentKind.ORGANISATION
PRESIDENT = frozenset({Role.PRESIDENT})
UNIT_ALL = frozenset(CoveredRole)


def codes(refusals: list) -> list[str]:  # type: ignore[type-arg]
    return [r.code for r in refusals]


def test_nine_behaviours_including_g_trains() -> None:
    assert len(ALL_BEHAVIOURS) == 9
    assert any("G字头" in label for label in BEHAVIOUR_LABELS.values())


@pytest.mark.parametrize(
    ("listed", "restricted", "expected"),
    [
        (True, False, ["restriction.required"]),
        (True, True, []),
        (False, False, []),
        (False, True, []),
    ],
)
def test_listed_respondent_must_be_restricted(
    listed: bool, restricted: bool, expected: list[str]
) -> None:
    assert codes(check_listed_has_restriction(listed=listed, restricted=restricted)) == expected


def test_unit_covers_five_roles() -> None:
    assert covered_roles(ORG) == {
        CoveredRole.RESPONDENT,
        CoveredRole.LEGAL_REPRESENTATIVE,
        CoveredRole.PRINCIPAL_MANAGER,
        CoveredRole.DIRECTLY_RESPONSIBLE,
        CoveredRole.ACTUAL_CONTROLLER,
    }
    assert covered_roles(PERSON) == {CoveredRole.RESPONDENT}


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"respondent_kind": ORG, "covered": UNIT_ALL}, []),
        ({"respondent_kind": PERSON, "covered": frozenset({CoveredRole.RESPONDENT})}, []),
        (
            {"respondent_kind": ORG, "covered": UNIT_ALL - {CoveredRole.ACTUAL_CONTROLLER}},
            ["restriction.covered"],
        ),
        (
            {
                "respondent_kind": ORG,
                "covered": UNIT_ALL,
                "signer_roles": frozenset({Role.VICE_PRESIDENT}),
            },
            ["restriction.signer"],
        ),
        (
            {"respondent_kind": ORG, "covered": UNIT_ALL, "initiative": Initiative.EX_OFFICIO},
            ["restriction.ex_officio_reason"],
        ),
        (
            {
                "respondent_kind": ORG,
                "covered": UNIT_ALL,
                "initiative": Initiative.EX_OFFICIO,
                "ex_officio_reason": "被执行人转移财产",
            },
            [],
        ),
        (
            {"respondent_kind": ORG, "covered": UNIT_ALL, "behaviours": frozenset()},
            ["restriction.behaviours"],
        ),
        (
            {"respondent_kind": ORG, "covered": UNIT_ALL, "states_period": False},
            ["restriction.period"],
        ),
        (
            {"respondent_kind": ORG, "covered": UNIT_ALL, "states_consequences": False},
            ["restriction.consequences"],
        ),
    ],
)
def test_check_order(kwargs: dict, expected: list[str]) -> None:  # type: ignore[type-arg]
    args = {"initiative": Initiative.APPLICATION, "signer_roles": PRESIDENT, **kwargs}
    assert codes(check_order(**args)) == expected


def test_missing_roles_named_in_chinese() -> None:
    got = check_order(
        respondent_kind=ORG,
        initiative=Initiative.APPLICATION,
        signer_roles=PRESIDENT,
        covered=frozenset({CoveredRole.RESPONDENT}),
    )
    assert "实际控制人" in got[0].message and "法定代表人" in got[0].message


@pytest.mark.parametrize(
    ("ground", "security", "consent", "expected", "mandatory"),
    [
        (LiftingGround.SECURITY, True, False, [], False),
        (LiftingGround.SECURITY, False, False, ["lifting.security"], False),
        (LiftingGround.APPLICANT_CONSENT, False, True, [], False),
        (LiftingGround.APPLICANT_CONSENT, True, False, ["lifting.consent"], False),
        (LiftingGround.FULL_PERFORMANCE, False, False, [], True),
    ],
)
def test_lifting(
    ground: LiftingGround, security: bool, consent: bool, expected: list[str], mandatory: bool
) -> None:
    got = check_lifting(ground=ground, security_recorded=security, consent_recorded=consent)
    assert codes(got) == expected
    assert lifting_is_mandatory(ground) is mandatory


# --- properties -----------------------------------------------------------------------------


@given(covered=st.frozensets(st.sampled_from(list(CoveredRole))))
def test_unit_order_refused_unless_all_five_covered(covered: frozenset[CoveredRole]) -> None:
    got = codes(
        check_order(
            respondent_kind=ORG,
            initiative=Initiative.APPLICATION,
            signer_roles=PRESIDENT,
            covered=covered,
        )
    )
    assert ("restriction.covered" in got) == (covered != UNIT_ALL)


@given(signers=st.frozensets(st.sampled_from(list(Role))))
def test_only_the_president_signs(signers: frozenset[Role]) -> None:
    got = codes(
        check_order(
            respondent_kind=ORG,
            initiative=Initiative.APPLICATION,
            signer_roles=signers,
            covered=UNIT_ALL,
        )
    )
    assert ("restriction.signer" in got) == (Role.PRESIDENT not in signers)


@given(listed=st.booleans(), restricted=st.booleans())
def test_no_listing_without_restriction(listed: bool, restricted: bool) -> None:
    assert bool(check_listed_has_restriction(listed=listed, restricted=restricted)) == (
        listed and not restricted
    )
