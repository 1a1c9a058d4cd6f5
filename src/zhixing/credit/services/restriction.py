"""限制消费令: issuing an order against a respondent and lifting it (限高规定 第1条、第3—5条、第9条).

Who acts: only the president of the case's court signs an order (第5条); the president, or an
officer or judge of the court, lifts it (第9条 gives the court, not a named office, the decision to
lift; the signing president need not sign the lifting, and full performance obliges the court to lift
"promptly", which the officer closing the case does). A respondent on the 失信 list stays restricted
(第1条): lifting is refused while the party is listed (a decided or published listing; a mere
request does not hold the order).

Order number: the case number with 之一, 之二 … in the order the case's orders were issued
(（2026）京0105执12号之一), the way a court numbers several documents of one kind in one case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhixing.cases.models import EnforcementCase, Party
from zhixing.cases.rules.filing import PartyRole
from zhixing.cases.rules.nodes import NodeCode
from zhixing.cases.services.toolkit import (
    NOT_FOUND,
    Area,
    locked_case,
    node_record_owned,
    raise_first,
    user,
)
from zhixing.core.audit import audit_record
from zhixing.core.errors import DomainError, InputError, NotFound
from zhixing.core.rules.identity import IdNumberError, parse_id_number
from zhixing.core.rules.roles import Role
from zhixing.organization.selectors import roles_of, scope_of, staff_of

from ..feed import feed_record
from ..models import ConsumptionRestriction, FeedEntry
from ..rules import listing as listing_rules
from ..rules import restriction as rules
from ..rules.listing import RespondentKind
from ._common import (
    LISTED,
    OPEN_LISTING,
    listed_listing,
    open_listing,
    ordinal,
    published_fields,
    respondent_kind,
)

__all__ = [
    "DEFAULT_PERIOD",
    "LIFTERS",
    "LISTED",
    "OPEN_LISTING",
    "SignerRefused",
    "covered_prefill",
    "may_lift",
    "may_sign",
    "order_number_for",
    "restriction_issue",
    "restriction_lift",
    "restrictions_lift_on_full_performance",
]

_area = Area("restriction")
LIFTERS = frozenset({Role.PRESIDENT, Role.OFFICER, Role.JUDGE})
DEFAULT_PERIOD = (
    "自本令送达之日起，至被执行人全部履行生效法律文书确定的义务或者本院依法解除限制时止"
)


class SignerRefused(DomainError):
    """第5条: someone other than the president of the case's court tried to sign (403, with the
    article, so the page shows it beside the form like any rule refusal)."""

    status = 403


def order_number_for(case: EnforcementCase) -> str:
    """The next order number of the case: its case number 之N (N counts every order of the case,
    lifted ones too, so a number is never given twice)."""
    issued = ConsumptionRestriction.objects.filter(case=case).count()
    return f"{case.case_number or f'案件{case.pk}'}之{ordinal(issued + 1)}"


def may_sign(actor: Any, case: EnforcementCase) -> bool:
    """第5条: the president of the case's own court (pages offer the form by it)."""
    member = staff_of(actor)
    return (
        member is not None
        and member.court_id == case.court_id
        and Role.PRESIDENT in roles_of(actor)
    )


def may_lift(actor: Any, case: EnforcementCase) -> bool:
    return _area.may_act(actor, case.court_id, LIFTERS)


def covered_prefill(party: Party) -> list[dict[str, str]]:
    """The covered persons the page proposes for an organisation: its legal representative as
    recorded on the party (第3条第2款), the other roles left for the president to name."""
    if respondent_kind(party) is not RespondentKind.ORGANISATION:
        return []
    return [
        {
            "role": rules.CoveredRole.LEGAL_REPRESENTATIVE.value,
            "name": party.legal_representative,
            "id_number": "",
        }
    ]


def _covered(party: Party, rows: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The persons the order also binds, checked: a known role, a name, a valid identity number
    when one is given. Rows without a name are blank form rows and dropped. For an organisation the
    legal representative recorded on the party is added when the rows do not name one."""
    if respondent_kind(party) is not RespondentKind.ORGANISATION:
        return []
    people: list[dict[str, str]] = []
    for row in rows:
        name = str(row.get("name") or "").strip()
        number = "".join(str(row.get("id_number") or "").split()).upper()
        role = str(row.get("role") or "")
        if not name and not number:
            continue
        try:
            covered_role = rules.CoveredRole(role)
        except ValueError:
            raise InputError(
                "restriction.covered_role", f"被限制人员的身份取值无效：{role}", field="covered"
            ) from None
        if covered_role is rules.CoveredRole.RESPONDENT:
            continue
        label = rules.COVERED_ROLE_LABELS[covered_role]
        if not name:
            raise InputError("restriction.covered_name", f"请填写{label}的姓名", field="covered")
        if len(name) > 40:
            raise InputError(
                "restriction.covered_name", f"{label}的姓名不能超过 40 个字", field="covered"
            )
        if number:
            try:
                number = parse_id_number(number, today=timezone.localdate()).value
            except IdNumberError as error:
                raise InputError(
                    error.code, f"{label}{name}的{error.message}", field="covered"
                ) from None
        people.append({"role": covered_role.value, "name": name, "id_number": number})
    named = {p["role"] for p in people}
    if (
        rules.CoveredRole.LEGAL_REPRESENTATIVE.value not in named
        and party.legal_representative.strip()
    ):
        people.insert(
            0,
            {
                "role": rules.CoveredRole.LEGAL_REPRESENTATIVE.value,
                "name": party.legal_representative.strip(),
                "id_number": "",
            },
        )
    return people


def _behaviours(values: Iterable[Any]) -> list[rules.Behaviour]:
    chosen = set()
    for value in values:
        try:
            chosen.add(rules.Behaviour(value))
        except ValueError:
            raise InputError(
                "restriction.behaviour", f"限制的消费行为取值无效：{value}", field="behaviours"
            ) from None
    return [b for b in rules.Behaviour if b in chosen]  # in the order of 第3条第1款


def _signer(actor: Any, case: EnforcementCase) -> frozenset[Role]:
    """第5条: the signer's roles, refused unless the president of the case's court signs."""
    if not scope_of(actor).covers(case.court_id):
        raise NotFound(NOT_FOUND)
    signer_roles = roles_of(actor) if may_sign(actor, case) else frozenset()
    if not signer_roles & rules.SIGNERS:  # superusers too: the law names the office
        raise SignerRefused(
            "restriction.signer",
            f"限制消费令须由院长签发：只有{case.court.name}院长可以签发本案的限制消费令",
            source=rules.SOURCE_ORDER,
            field="signer",
        )
    return signer_roles


def _check_case_and_party(case: EnforcementCase, party: Party) -> None:
    refused = listing_rules.check_case_type(case.type_code)
    if refused:
        raise DomainError(
            f"restriction.{refused[0].code}", refused[0].message, source=refused[0].source
        )
    if case.status != EnforcementCase.Status.DOCKETED:
        raise DomainError(
            "restriction.case_not_open",
            "案件未立案或已结案，不能发出限制消费令",
            source=rules.SOURCE_TRIGGER,
        )
    if party.case_id != case.pk or party.role != PartyRole.RESPONDENT.value:
        raise InputError("restriction.party", "请选择本案的被执行人", field="party")


def _initiative(value: str) -> rules.Initiative:
    try:
        return rules.Initiative(value)
    except ValueError:
        raise InputError("restriction.initiative", "请选择启动方式", field="initiative") from None


def _refuse_second_order(party: Party) -> None:
    if ConsumptionRestriction.objects.filter(
        party=party, status=ConsumptionRestriction.Status.ISSUED
    ).exists():
        raise DomainError(
            "restriction.exists",
            f"已对{party.name}发出限制消费令且尚未解除，不能重复发出",
            source=rules.SOURCE_ORDER,
            field="party",
        )


def _record_issue(
    *, actor: Any, case: EnforcementCase, restriction: ConsumptionRestriction, period: str
) -> None:
    """The node, the audit record and the feed entry of an issued order."""
    on = restriction.signed_on
    node_record_owned(
        "on",
        actor=actor,
        case=case,
        code=NodeCode.CONSUMPTION_RESTRICTED,
        on=on,
        data={
            "respondent": restriction.name,
            "order_number": restriction.order_number,
            "restriction_id": restriction.pk,
            "period": period,
        },
    )
    audit_record(
        actor=actor,
        action="restriction.issue",
        court_id=case.court_id,
        obj=restriction,
        summary=f"{case} 签发限制消费令 {restriction.order_number}：{restriction.name}",
        after={
            "party": restriction.party_id,
            "order_number": restriction.order_number,
            "initiative": restriction.initiative,
            "behaviours": restriction.behaviours,
            "covered": [{"role": p["role"], "name": p["name"]} for p in restriction.covered],
            "signed_on": on,
            "period": period,
            "hidden": restriction.hidden,
        },
    )
    feed_record(FeedEntry.Change.RESTRICTED, restriction=restriction)


def restriction_issue(
    *,
    actor: Any,
    case: EnforcementCase,
    party: Party,
    on: date,
    initiative: str,
    ex_officio_reason: str = "",
    behaviours: Iterable[str] = tuple(rules.Behaviour),
    covered: Iterable[Mapping[str, Any]] = (),
    period_text: str = "",
) -> ConsumptionRestriction:
    """Signs and issues a 限制消费令 against one respondent of the case (限高规定 第4—5条).

    Refused: a signer who is not the president of the case's court (第5条), a case not open, a
    party not a respondent of the case, a party already under an issued order, an ex officio order
    without its reason (第4条), no behaviour chosen, for an organisation any of its legal
    representative, principal manager, directly responsible person or actual controller not named
    (第3条第2款). Records the `consumption_restricted` node and the feed entry. An order against a
    respondent whose listing is hidden (屏蔽) starts hidden too."""
    with transaction.atomic():
        locked = locked_case(case.pk, "court", "basis")
        signer_roles = _signer(actor, locked)
        _check_case_and_party(locked, party)
        on = _area.date(on, "on", "签发日期", not_before=locked.filed_on, what="立案日期")
        chosen_initiative = _initiative(initiative)
        reason = _area.text(ex_officio_reason, "ex_officio_reason", "依职权理由", 300, False)
        period = _area.text(period_text, "period_text", "限制期间", 200, False) or DEFAULT_PERIOD
        chosen = _behaviours(behaviours)
        people = _covered(party, covered)
        _refuse_second_order(party)
        raise_first(
            rules.check_order(
                respondent_kind=respondent_kind(party),
                initiative=chosen_initiative,
                ex_officio_reason=reason,
                signer_roles=signer_roles,
                behaviours=frozenset(chosen),
                covered=frozenset(rules.CoveredRole(p["role"]) for p in people)
                | {rules.CoveredRole.RESPONDENT},
            ),
            input_codes=frozenset({"restriction.ex_officio_reason", "restriction.behaviours"}),
        )
        listing = open_listing(party)
        restriction = ConsumptionRestriction.objects.create(
            **published_fields(locked, party),
            case=locked,
            court_id=locked.court_id,
            party=party,
            listing=listing,
            order_number=order_number_for(locked),
            initiative=chosen_initiative.value,
            ex_officio_reason=reason if chosen_initiative is rules.Initiative.EX_OFFICIO else "",
            behaviours=[b.value for b in chosen],
            covered=people,
            signed_by=actor,
            signed_on=on,
            hidden=listing is not None and listing.status in LISTED and listing.hidden,
        )
        _record_issue(actor=actor, case=locked, restriction=restriction, period=period)
        return restriction


def _lift(
    *,
    actor: Any,
    restriction: ConsumptionRestriction,
    case: EnforcementCase,
    ground: rules.LiftingGround,
    on: date,
    security_recorded: bool,
    consent_recorded: bool,
    note: str,
) -> ConsumptionRestriction:
    """Lifts one order inside the caller's transaction, the case already locked and the actor
    already checked."""
    row = ConsumptionRestriction.objects.select_for_update().get(pk=restriction.pk)
    if row.status != ConsumptionRestriction.Status.ISSUED:
        raise DomainError(
            "restriction.not_issued", "该限制消费令已解除", source=rules.SOURCE_LIFTING
        )
    raise_first(
        rules.check_lifting(
            ground=ground, security_recorded=security_recorded, consent_recorded=consent_recorded
        )
    )
    listing = listed_listing(row.party)
    if listing is not None:
        raise DomainError(
            "restriction.listed",
            f"{row.name}仍在失信被执行人名单中（{listing.get_status_display()}），"
            "应当同时限制消费，不能解除限制消费令；请先删除失信信息",
            source=rules.SOURCE_TRIGGER,
            field="ground",
        )
    before = {"status": row.status}
    row.status = ConsumptionRestriction.Status.LIFTED
    row.lifting_ground = ground.value
    row.lifted_on = on
    row.lifted_by = user(actor)
    row.save(update_fields=["status", "lifting_ground", "lifted_on", "lifted_by", "updated_at"])
    label = rules.LIFTING_GROUND_LABELS[ground]
    node_record_owned(
        "on",
        actor=actor,
        case=case,
        code=NodeCode.RESTRICTION_LIFTED,
        on=on,
        data={
            "respondent": row.name,
            "ground": ground.value,
            "order_number": row.order_number,
            "restriction_id": row.pk,
        },
        note=(f"{label}；{note}" if note else label)[:300],
    )
    audit_record(
        actor=actor,
        action="restriction.lift",
        court_id=row.court_id,
        obj=row,
        summary=f"{case} 解除限制消费令 {row.order_number}：{row.name}（{label}）",
        before=before,
        after={
            "status": row.status,
            "ground": ground.value,
            "lifted_on": on,
            "security_recorded": security_recorded,
            "consent_recorded": consent_recorded,
            "note": note,
            "mandatory": rules.lifting_is_mandatory(ground),
        },
    )
    feed_record(FeedEntry.Change.LIFTED, restriction=row)
    return row


def restriction_lift(
    *,
    actor: Any,
    restriction: ConsumptionRestriction,
    ground: str,
    on: date,
    security_recorded: bool = False,
    consent_recorded: bool = False,
    note: str = "",
) -> ConsumptionRestriction:
    """Lifts an issued order (限高规定 第9条): on security or the applicant's consent (which must be
    on the file), or on full performance (which obliges the court to lift promptly). By the
    president, an officer or a judge of the case's court. Refused while the respondent is on the
    失信 list (第1条). Records the `restriction_lifted` node and the feed entry."""
    with transaction.atomic():
        case = locked_case(restriction.case_id, "court")
        _area.acting_staff(actor, case.court_id, LIFTERS, "解除限制消费令")
        try:
            chosen = rules.LiftingGround(ground)
        except ValueError:
            raise InputError("lifting.ground", "请选择解除事由", field="ground") from None
        on = _area.date(on, "on", "解除日期", not_before=restriction.signed_on, what="签发日期")
        text = _area.text(note, "note", "说明", 300, False)
        return _lift(
            actor=actor,
            restriction=restriction,
            case=case,
            ground=chosen,
            on=on,
            security_recorded=bool(security_recorded),
            consent_recorded=bool(consent_recorded),
            note=text,
        )


def restrictions_lift_on_full_performance(
    *, actor: Any, case: EnforcementCase, on: date
) -> list[ConsumptionRestriction]:
    """第9条: the case closed as 执行完毕 — every issued order of the case is lifted at once, inside
    the closing transaction (the closing officer's act; no separate decision is needed). Runs after
    the listing area's own reaction has removed the listings, so the 第1条 check passes."""
    lifted = []
    rows = ConsumptionRestriction.objects.filter(
        case=case, status=ConsumptionRestriction.Status.ISSUED
    ).order_by("pk")
    for row in rows:
        lifted.append(
            _lift(
                actor=actor,
                restriction=row,
                case=case,
                ground=rules.LiftingGround.FULL_PERFORMANCE,
                on=on,
                security_recorded=False,
                consent_recorded=False,
                note="案件以执行完毕结案，依法及时解除",
            )
        )
    return lifted
