"""The dishonest-debtor list (失信被执行人名单): a request recorded, the decision (纳入 or 不予纳入),
publication, extension of the term, hiding (屏蔽) and removal (删除), automatic removal when the
system already knows the ground (失信规定 第10条).

Every service: keyword-only arguments, an explicit actor, one transaction with the case locked, the
role and scope checked, the first refusal of `credit.rules.listing` raised with its article, an
audit record, and — for a published row — the sharing feed written in the same transaction.

Decision number: the case number, 失信, and the listing's ordinal within the case in Chinese
numerals — （2026）京0105执1号失信之一, 失信之二 … — numbered under the case the way a court numbers
a decision issued in it; "失信" keeps it apart from the 限制消费令 numbered 之一, 之二 in the same case.

Who may act: a request is recorded by the enforcement staff (IMPLEMENTATION_ROLES); the decision,
publication and extension by an officer or judge of the case's court (RULING_ROLES); hiding by the
bureau chief or president; removal by an officer, judge or bureau chief of the case's court.
Automatic removals (case closed by 执行完毕 / 终结执行 / 不予执行; the duties) act as the system actor
(`core.duties.system_actor`): the deletion is the system's own act under 第10条, the closing officer's
act is the 结案 node itself.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Sum

from zhixing.cases.models import EnforcementCase, Party
from zhixing.cases.rules.filing import PartyRole
from zhixing.cases.rules.nodes import IMPLEMENTATION_ROLES, RULING_ROLES, NodeCode
from zhixing.cases.services.toolkit import (
    Area,
    holds_at,
    locked_case,
    node_record,
    node_record_owned,
    user,
)
from zhixing.core.audit import audit_record
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound, parse_choice
from zhixing.core.rules.roles import Role
from zhixing.organization.selectors import scope_of

from ..feed import feed_record
from ..models import ConsumptionRestriction, DishonestDebtorListing, FeedEntry, Initiative
from ..rules import listing as rules
from ..rules import restriction as restriction_rules
from ._common import (
    LISTED,
    open_listing,
    ordinal,
    published_fields,
    respondent_kind,
    restrictions_follow,
)

__all__ = [
    "DECIDE_ROLES",
    "HIDE_ROLES",
    "REMOVE_ROLES",
    "REQUEST_ROLES",
    "listing_decide",
    "listing_extend",
    "listing_hide",
    "listing_publish",
    "listing_reject",
    "listing_remove",
    "listing_remove_automatic",
    "listing_request",
    "listing_requests_lapse",
    "listing_unhide",
]

log = logging.getLogger("zhixing.credit")
_area = Area("listing")
S = DishonestDebtorListing.Status

REQUEST_ROLES = IMPLEMENTATION_ROLES
DECIDE_ROLES = RULING_ROLES
HIDE_ROLES = frozenset({Role.BUREAU_CHIEF, Role.PRESIDENT})
REMOVE_ROLES = RULING_ROLES | frozenset({Role.BUREAU_CHIEF})
SOURCE_HIDE = "失信规定 第7条（公布范围由人民法院决定）"
RESTRICTION_MESSAGE = (
    "被执行人纳入失信被执行人名单，应当同时限制其高消费：请先报院长签发限制消费令，再作出纳入决定"
)


# --- small helpers ------------------------------------------------------------------------------


def _code(code: str) -> str:
    """Rule codes in this area's namespace: extension.reason → listing.extension_reason."""
    return code if code.startswith("listing.") else "listing." + code.replace(".", "_")


def _raise(refusals: list[Any], *, fields: dict[str, str] | None = None) -> None:
    if refusals:
        first = refusals[0]
        field = (fields or {}).get(first.field, first.field)
        raise DomainError(
            _code(first.code), first.message, source=first.source, field=field or None
        )


def _respondent(case: EnforcementCase, party: Party) -> Party:
    _raise(rules.check_case_type(case.type_code))
    if party.case_id != case.pk or party.role != PartyRole.RESPONDENT.value:
        raise InputError(
            "listing.not_respondent", "只能将本案的被执行人纳入失信名单", field="party"
        )
    return party


def _ground(ground: Any) -> rules.Ground:
    return parse_choice(rules.Ground, ground, field="ground", label="纳入情形")


def controlled_value(party: Party, on: date) -> Decimal:
    """Value of the respondent's property sealed, seized or frozen in force on `on` (第3条第2项):
    the measures app's controls with an amount, less what was already transferred."""
    from zhixing.measures.models.control import ControlMeasure

    total = (
        ControlMeasure.objects.filter(
            party=party, status=ControlMeasure.Status.IN_EFFECT, amount__isnull=False
        )
        .exclude(expires_on__lt=on)
        .aggregate(v=Sum(F("amount") - F("deducted_total")))["v"]
    )
    return Decimal(total or 0)


def _debt(case: EnforcementCase) -> Decimal:
    basis = getattr(case, "basis", None)
    amount = case.claim_amount if case.claim_amount is not None else getattr(basis, "amount", None)
    return Decimal(amount or 0)


def _snapshot(listing: DishonestDebtorListing) -> dict[str, Any]:
    return {
        "status": listing.status,
        "ground": listing.ground,
        "term_ends_on": listing.term_ends_on,
        "extension_years": listing.extension_years,
        "published_on": listing.published_on,
        "hidden": listing.hidden,
        "removal_ground": listing.removal_ground,
        "removed_on": listing.removed_on,
    }


def _locked_listing(listing: DishonestDebtorListing) -> tuple[DishonestDebtorListing, Any]:
    """The case locked first (the order every service takes), then the listing row."""
    case = locked_case(listing.case_id, "court")
    row = DishonestDebtorListing.objects.select_for_update().filter(pk=listing.pk).first()
    if row is None:
        raise NotFound("未找到该失信名单记录")
    return row, case


def _date(on: Any, field: str, label: str, case: EnforcementCase, not_before: date | None = None):
    return _area.date(
        on,
        field,
        label,
        not_before=not_before or case.filed_on,
        what="" if not_before else "立案日期",
    )


# --- the request ----------------------------------------------------------------------------------


def listing_request(
    *,
    actor: Any,
    case: EnforcementCase,
    party: Party,
    ground: Any,
    conduct: str,
    requested_on: date,
) -> DishonestDebtorListing:
    """The applicant's written request (失信规定 第5条), recorded by the court's staff: status
    requested, to be decided within 15 days (第5条, UNVERIFIED)."""
    ground = _ground(ground)
    conduct = _area.text(conduct, "conduct", "失信行为具体情形", 300)
    with transaction.atomic():
        case = _area.open_case(
            case.pk, "court", what="登记纳入失信名单申请", source=rules.SOURCE_DECISION
        )
        _area.require(actor, case.court_id, REQUEST_ROLES, "登记纳入失信名单申请")
        party = _respondent(case, party)
        requested_on = _date(requested_on, "requested_on", "申请日期", case)
        if open_listing(party) is not None:
            raise DomainError(
                "listing.already_open",
                f"{party.name}已有待决定或已纳入的失信名单记录",
                source=rules.SOURCE_GROUNDS,
                field="party",
            )
        due = rules.decision_due(requested_on, legal_calendar())
        listing = DishonestDebtorListing.objects.create(
            case=case,
            court_id=case.court_id,
            party=party,
            ground=ground.value,
            conduct=conduct,
            initiative=Initiative.APPLICATION,
            requested_on=requested_on,
            decision_due_on=due.due,
            status=S.REQUESTED,
            **published_fields(case, party),
        )
        audit_record(
            actor=actor,
            action="credit.listing_request",
            court_id=case.court_id,
            obj=listing,
            summary=f"{case.case_number} 登记申请执行人申请将{party.name}纳入失信名单",
            after={"ground": ground.value, "requested_on": requested_on, "due": due.due},
        )
        return listing


def _pending_request(
    party: Party, request: DishonestDebtorListing | None, on: date
) -> DishonestDebtorListing | None:
    """The request being decided, locked — or, without one, a refusal when the party already has
    a pending or in-force listing."""
    if request is None:
        existing = open_listing(party)
        if existing is not None:
            raise DomainError(
                "listing.already_open",
                f"{party.name}已有待决定或已纳入的失信名单记录"
                + ("，请就该申请作出决定" if existing.status == S.REQUESTED else ""),
                source=rules.SOURCE_GROUNDS,
                field="party",
            )
        return None
    row = DishonestDebtorListing.objects.select_for_update().filter(pk=request.pk).first()
    if row is None or row.party_id != party.pk or row.status != S.REQUESTED:
        raise DomainError(
            "listing.not_requested",
            "该申请已经决定，或不是本被执行人的申请",
            source=rules.SOURCE_DECISION,
        )
    if row.requested_on and on < row.requested_on:
        raise InputError("listing.date_order", "决定日期不能早于申请日期", field="on")
    return row


def _check_decision(
    *,
    case: EnforcementCase,
    party: Party,
    ground: rules.Ground,
    on: date,
    security_given: bool,
    later_in_order: bool,
) -> None:
    """第3条、第4条: the ground's exclusions and the minor."""
    kind = respondent_kind(party)
    _raise(
        rules.check_listing(
            ground=ground,
            decided_on=on,
            respondent_kind=kind,
            id_number=party.id_number if kind is rules.RespondentKind.PERSON else "",
            security_given=security_given,
            controlled_value=controlled_value(party, on),
            debt=_debt(case),
            later_in_order=later_in_order,
        ),
        fields={"respondent": "party"},
    )


def _check_extension_at_decision(
    ground: rules.Ground, years: int, reason: rules.ExtensionReason | None, note: str
) -> None:
    """第2条: an extension given with the decision needs its lawful reason."""
    if years or reason is not None or note.strip():
        _raise(
            rules.check_extension(ground=ground, years=years, reason=reason, reason_note=note),
            fields={
                "reason": "extension_reason",
                "reason_note": "extension_note",
                "years": "extension_years",
            },
        )


def _require_restriction(party: Party, on: date) -> None:
    """限高规定 第1条: the respondent must be under an issued 限制消费令 signed on or before the
    decision date."""
    issued = ConsumptionRestriction.objects.filter(
        party=party, status=ConsumptionRestriction.Status.ISSUED
    )
    restricted = issued.filter(signed_on__lte=on).exists()
    refusals = restriction_rules.check_listed_has_restriction(listed=True, restricted=restricted)
    if not refusals:
        return
    later = issued.order_by("signed_on").first()
    message = RESTRICTION_MESSAGE
    if later is not None:
        message = (
            f"对{party.name}的限制消费令于{later.signed_on:%Y年%m月%d日}签发，晚于纳入决定日期"
            f"{on:%Y年%m月%d日}：纳入失信名单时应当已经限制其高消费，决定日期不能早于签发日期"
        )
    raise DomainError(
        "listing.restriction_required", message, source=refusals[0].source, field="party"
    )


def _decision_values(
    *,
    actor: Any,
    case: EnforcementCase,
    party: Party,
    ground: rules.Ground,
    conduct: str,
    initiative: Initiative,
    on: date,
    extension_years: int,
    reason: rules.ExtensionReason | None,
    extension_note: str,
    publish: bool,
) -> dict[str, Any]:
    """The decided listing's fields: number, term, deadlines and the published copy."""
    term = rules.listing_term(ground, extension_years)
    n = DishonestDebtorListing.objects.filter(case=case).exclude(decision_number="").count() + 1
    return dict(
        ground=ground.value,
        conduct=conduct,
        initiative=initiative.value,
        decided_on=on,
        decided_by=user(actor),
        decision_number=f"{case.case_number}失信之{ordinal(n)}",
        term_years=term,
        extension_years=extension_years,
        extension_reason=reason.value if reason else "",
        extension_note=extension_note.strip(),
        term_ends_on=rules.term_ends_on(on, term),
        publish_due_on=rules.publication_due(on, legal_calendar()).due,
        status=S.PUBLISHED if publish else S.DECIDED,
        published_on=on if publish else None,
        **published_fields(case, party),
    )


def _record_decision(
    *, actor: Any, case: EnforcementCase, listing: DishonestDebtorListing, publish: bool
) -> None:
    """The 纳入 node, the feed entry when published at once, the audit record."""
    node_record_owned(
        "on",
        actor=actor,
        case=case,
        code=NodeCode.DISHONEST_LISTED,
        on=listing.decided_on,
        data={"respondent": listing.name, "ground": listing.ground},
    )
    if publish:
        feed_record(FeedEntry.Change.LISTED, listing=listing)
    audit_record(
        actor=actor,
        action="credit.listing_decide",
        court_id=case.court_id,
        obj=listing,
        summary=f"{case.case_number} 决定将{listing.name}纳入失信被执行人名单"
        + ("并发布" if publish else ""),
        after={**_snapshot(listing), "decision_number": listing.decision_number},
    )


# --- the decision ---------------------------------------------------------------------------------


def listing_decide(
    *,
    actor: Any,
    case: EnforcementCase,
    party: Party,
    ground: Any,
    conduct: str,
    on: date,
    initiative: Any,
    request: DishonestDebtorListing | None = None,
    extension_years: int = 0,
    extension_reason: Any = None,
    extension_note: str = "",
    security_given: bool = False,
    later_in_order: bool = False,
    publish: bool = True,
) -> DishonestDebtorListing:
    """决定纳入失信被执行人名单 (第1条): refused for a minor (第4条), for ground (1) when an exclusion of
    第3条 holds, for an extension without a lawful reason (第2条), and unless the respondent is under
    an issued 限制消费令 (限高规定 第1条). With `publish` the listing is published at once (feed
    LISTED); otherwise it waits, due within 3 working days."""
    ground = _ground(ground)
    initiative = parse_choice(Initiative, initiative, field="initiative", label="启动方式")
    conduct = _area.text(conduct, "conduct", "失信行为具体情形", 300)
    reason = (
        parse_choice(
            rules.ExtensionReason, extension_reason, field="extension_reason", label="延长理由"
        )
        if extension_reason
        else None
    )
    try:
        extension_years = int(extension_years or 0)
    except (TypeError, ValueError):
        raise InputError(
            "listing.extension_years", "延长年数应为整数", field="extension_years"
        ) from None
    with transaction.atomic():
        case = _area.open_case(
            case.pk, "court", what="决定纳入失信名单", source=rules.SOURCE_GROUNDS
        )
        _area.require(actor, case.court_id, DECIDE_ROLES, "决定纳入失信被执行人名单")
        party = _respondent(case, party)
        on = _date(on, "on", "决定日期", case)
        request = _pending_request(party, request, on)
        _check_decision(
            case=case,
            party=party,
            ground=ground,
            on=on,
            security_given=security_given,
            later_in_order=later_in_order,
        )
        _check_extension_at_decision(ground, extension_years, reason, extension_note)
        _require_restriction(party, on)
        values = _decision_values(
            actor=actor,
            case=case,
            party=party,
            ground=ground,
            conduct=conduct,
            initiative=initiative,
            on=on,
            extension_years=extension_years,
            reason=reason,
            extension_note=extension_note,
            publish=publish,
        )
        if request is not None:
            for name, value in values.items():
                setattr(request, name, value)
            request.save()
            listing = request
        else:
            listing = DishonestDebtorListing.objects.create(
                case=case, court_id=case.court_id, party=party, **values
            )
        _record_decision(actor=actor, case=case, listing=listing, publish=publish)
        return listing


def listing_reject(
    *, actor: Any, listing: DishonestDebtorListing, on: date, reason: str
) -> DishonestDebtorListing:
    """决定不予纳入: the applicant's request refused with a written reason (第5条)."""
    reason = _area.text(reason, "reason", "不予纳入的理由", 300)
    with transaction.atomic():
        row, case = _locked_listing(listing)
        _area.require(actor, case.court_id, DECIDE_ROLES, "决定不予纳入失信名单")
        if row.status != S.REQUESTED:
            raise DomainError(
                "listing.not_requested",
                "只能对待决定的申请作出不予纳入的决定",
                source=rules.SOURCE_DECISION,
            )
        on = _date(on, "on", "决定日期", case, not_before=row.requested_on)
        before = _snapshot(row)
        row.status = S.REJECTED
        row.decided_on = on
        row.decided_by = user(actor)
        row.rejection_reason = reason
        row.save()
        if case.status == EnforcementCase.Status.DOCKETED:
            node_record(
                "on",
                actor=actor,
                case=case,
                code=NodeCode.DISHONEST_NOT_QUALIFIED.value,
                on=on,
                data={"reason": reason, "respondent": row.name},
            )
        audit_record(
            actor=actor,
            action="credit.listing_reject",
            court_id=case.court_id,
            obj=row,
            summary=f"{row.case_number} 决定不将{row.name}纳入失信名单",
            before=before,
            after={**_snapshot(row), "reason": reason},
        )
        return row


# --- publication, extension, hiding ---------------------------------------------------------------


def listing_publish(
    *, actor: Any, listing: DishonestDebtorListing, on: date
) -> DishonestDebtorListing:
    """Publishes a decided listing (第7条; within 3 working days — this system's requirement)."""
    with transaction.atomic():
        row, case = _locked_listing(listing)
        _area.require(actor, case.court_id, DECIDE_ROLES, "发布失信名单")
        if row.status != S.DECIDED:
            raise DomainError(
                "listing.not_decided",
                "只能发布已决定、尚未发布的失信名单",
                source=rules.SOURCE_PUBLICATION,
            )
        on = _date(on, "on", "发布日期", case, not_before=row.decided_on)
        before = _snapshot(row)
        row.status = S.PUBLISHED
        row.published_on = on
        row.save()
        feed_record(FeedEntry.Change.LISTED, listing=row)
        audit_record(
            actor=actor,
            action="credit.listing_publish",
            court_id=case.court_id,
            obj=row,
            summary=f"{row.case_number} 发布失信名单：{row.name}",
            before=before,
            after=_snapshot(row),
        )
        return row


def listing_extend(
    *,
    actor: Any,
    listing: DishonestDebtorListing,
    years: int,
    reason: Any,
    note: str,
    on: date,
) -> DishonestDebtorListing:
    """Extends the term by 1–3 years (第2条), only with one of the two reasons and the facts written
    down; the whole extension may not exceed 3 years."""
    try:
        years = int(years)
    except (TypeError, ValueError):
        raise InputError("listing.extension_years", "延长年数应为整数", field="years") from None
    parsed = (
        parse_choice(rules.ExtensionReason, reason, field="reason", label="延长理由")
        if reason
        else None
    )
    with transaction.atomic():
        row, case = _locked_listing(listing)
        _area.require(actor, case.court_id, DECIDE_ROLES, "延长失信名单纳入期限")
        if row.status not in LISTED:
            raise DomainError(
                "listing.not_listed", "只能延长已纳入名单的失信信息的期限", source=rules.SOURCE_TERM
            )
        on = _date(on, "on", "决定日期", case, not_before=row.decided_on)
        ground = rules.Ground(row.ground)
        _raise(rules.check_extension(ground=ground, years=years, reason=parsed, reason_note=note))
        total = row.extension_years + years
        if total > rules.EXTENSION_MAX_YEARS:
            raise DomainError(
                "listing.extension_years",
                f"纳入期限累计只能延长一至三年（已延长{row.extension_years}年）",
                source=rules.SOURCE_TERM,
                field="years",
            )
        if row.term_ends_on is not None and on > row.term_ends_on:
            raise DomainError(
                "listing.term_expired",
                "纳入期限已经届满，应当删除而不能延长",
                source=rules.SOURCE_REMOVAL,
            )
        before = _snapshot(row)
        assert parsed is not None
        row.extension_years = total
        row.extension_reason = parsed.value
        row.extension_note = note.strip()[:300]
        row.term_years = rules.listing_term(ground, total)
        assert row.decided_on is not None
        row.term_ends_on = rules.term_ends_on(row.decided_on, row.term_years)
        row.save()
        if row.status == S.PUBLISHED:
            feed_record(FeedEntry.Change.CHANGED, listing=row)
        audit_record(
            actor=actor,
            action="credit.listing_extend",
            court_id=case.court_id,
            obj=row,
            summary=f"{row.case_number} 延长{row.name}的失信名单纳入期限{years}年",
            before=before,
            after={**_snapshot(row), "reason": parsed.value, "note": row.extension_note, "on": on},
        )
        return row


def _set_hidden(
    actor: Any, listing: DishonestDebtorListing, hidden: bool, reason: str
) -> DishonestDebtorListing:
    """屏蔽 or its lifting; the party's issued 限制消费令 follow (hidden from the public query too),
    each shared as CHANGED."""
    what = "屏蔽失信信息" if hidden else "解除屏蔽失信信息"
    reason = _area.text(reason, "reason", "理由", 300)
    with transaction.atomic():
        row, case = _locked_listing(listing)
        _area.require(actor, case.court_id, HIDE_ROLES, what)
        if row.status not in LISTED:
            raise DomainError(
                "listing.not_listed", f"只能对名单内的失信信息{what}", source=SOURCE_HIDE
            )
        if row.hidden == hidden:
            raise DomainError(
                "listing.hidden_already",
                "该失信信息已经屏蔽" if hidden else "该失信信息未被屏蔽",
                source=SOURCE_HIDE,
            )
        before = _snapshot(row)
        row.hidden = hidden
        row.save()
        if row.status == S.PUBLISHED:
            feed_record(FeedEntry.Change.CHANGED, listing=row)
        restrictions_follow(
            actor=actor,
            party_id=row.party_id,
            values={"hidden": hidden},
            action="restriction.hide" if hidden else "restriction.unhide",
            what="屏蔽" if hidden else "解除屏蔽",
        )
        audit_record(
            actor=actor,
            action="credit.listing_hide" if hidden else "credit.listing_unhide",
            court_id=case.court_id,
            obj=row,
            summary=f"{row.case_number} {what}：{row.name}",
            before=before,
            after={**_snapshot(row), "reason": reason},
        )
        return row


def listing_hide(
    *, actor: Any, listing: DishonestDebtorListing, reason: str
) -> DishonestDebtorListing:
    """屏蔽: the listing stays in force but is no longer shown publicly (bureau chief or president)."""
    return _set_hidden(actor, listing, True, reason)


def listing_unhide(
    *, actor: Any, listing: DishonestDebtorListing, reason: str
) -> DishonestDebtorListing:
    return _set_hidden(actor, listing, False, reason)


# --- removal --------------------------------------------------------------------------------------


def _removal_facts(row: DishonestDebtorListing) -> dict[str, Any]:
    """What 第10条第1款第4项 needs from the closure app: a 终本 case, empty answered re-inquiries,
    no open resumption flag (a new lead or property found)."""
    from zhixing.closure.models import ReInquiry, ResumptionFlag
    from zhixing.closure.rules.modes import Mode

    case = row.case
    return {
        "terminated_this_round": case.status == EnforcementCase.Status.CLOSED
        and case.closure_mode == Mode.ROUND_TERMINATED.value,
        "empty_inquiries": ReInquiry.objects.filter(
            case=case, answered_on__isnull=False, found=False, cancelled=False
        ).count(),
        "new_lead": ResumptionFlag.objects.filter(
            case=case, status=ResumptionFlag.Status.OPEN
        ).exists()
        or ReInquiry.objects.filter(case=case, found=True).exists(),
    }


def _remove(
    *,
    actor: Any,
    row: DishonestDebtorListing,
    case: EnforcementCase,
    ground: rules.RemovalGround,
    on: date,
    arose_on: date,
    note: str,
    applicant_request_approved: bool,
) -> DishonestDebtorListing:
    if row.status not in LISTED:
        raise DomainError(
            "listing.not_listed", "该失信信息不在名单内，无需删除", source=rules.SOURCE_REMOVAL
        )
    facts = (
        _removal_facts(row) if ground is rules.RemovalGround.NO_PROPERTY_AFTER_TERMINATION else {}
    )
    _raise(
        rules.check_removal(
            ground=ground,
            on=on,
            term_end=row.term_ends_on,
            applicant_request_approved=applicant_request_approved,
            **facts,
        )
    )
    before = _snapshot(row)
    published = row.status == S.PUBLISHED
    row.status = S.REMOVED
    row.removal_ground = ground.value
    row.removal_arose_on = arose_on
    row.removed_on = on
    row.removed_by = user(actor)
    row.save()
    node_record_owned(
        "on",
        actor=actor,
        case=case,
        code=NodeCode.DISHONEST_REMOVED,
        on=on,
        data={"respondent": row.name, "ground": ground.value},
        note=note,
    )
    if published:
        feed_record(FeedEntry.Change.REMOVED, listing=row)
    audit_record(
        actor=actor,
        action="credit.listing_remove",
        court_id=case.court_id,
        obj=row,
        summary=f"{row.case_number} 删除失信信息：{row.name}（{rules.REMOVAL_GROUND_LABELS[ground]}）",
        before=before,
        after={**_snapshot(row), "note": note},
    )
    return row


def listing_remove(
    *,
    actor: Any,
    listing: DishonestDebtorListing,
    ground: Any,
    on: date,
    note: str = "",
    applicant_request_approved: bool = False,
    arose_on: date | None = None,
) -> DishonestDebtorListing:
    """删除失信信息 (第10条) by an officer, judge or bureau chief of the case's court, on a ground the
    rules accept on `on`; the feed tells the departments (REMOVED). `arose_on` is the date the
    removal ground arose (default: `on`), from which the 3 working days of 第10条 run; it may not
    precede the decision nor follow the removal."""
    ground = parse_choice(rules.RemovalGround, ground, field="ground", label="删除情形")
    note = str(note or "").strip()[:300]
    with transaction.atomic():
        row, case = _locked_listing(listing)
        if not scope_of(actor).covers(case.court_id):
            raise NotFound("未找到该失信名单记录，或您无权查看")
        if not holds_at(actor, [case.court_id], REMOVE_ROLES):
            raise AccessDenied(
                f"删除失信信息只能由{case.court.name}的执行员、法官或执行局局长办理",
                code="listing.remove_role",
            )
        on = _date(on, "on", "删除日期", case, not_before=row.decided_on)
        if arose_on is None:
            arose_on = on
        else:
            arose_on = _date(arose_on, "arose_on", "删除情形发生日期", case, row.decided_on)
            if arose_on > on:
                raise InputError(
                    "listing.arose_after_removal",
                    "删除情形发生日期不能晚于删除日期",
                    field="arose_on",
                )
        return _remove(
            actor=actor,
            row=row,
            case=case,
            ground=ground,
            on=on,
            arose_on=arose_on,
            note=note,
            applicant_request_approved=applicant_request_approved,
        )


def listing_remove_automatic(
    *, case: EnforcementCase, ground: rules.RemovalGround, on: date, note: str = ""
) -> list[DishonestDebtorListing]:
    """Removes every decided or published listing of the case on a ground the system knows
    (第10条: within 3 working days — done at once), as the system actor. Runs in the caller's
    transaction; requests awaiting a decision lapse separately (`listing_requests_lapse`)."""
    from zhixing.core.duties import system_actor

    actor = system_actor()
    removed = []
    with transaction.atomic():
        rows = DishonestDebtorListing.objects.select_for_update().filter(
            case_id=case.pk, status__in=LISTED
        )
        for row in rows:
            if rules.check_removal(ground=ground, on=on, term_end=row.term_ends_on):
                continue
            try:  # a savepoint: a row the rules refuse never blocks closing the case
                with transaction.atomic():
                    removed.append(
                        _remove(
                            actor=actor,
                            row=row,
                            case=case,
                            ground=ground,
                            on=on,
                            arose_on=on,
                            note=note or "系统依据结案情况自动删除",
                            applicant_request_approved=False,
                        )
                    )
            except DomainError as error:
                log.warning("%s 失信信息未能自动删除：%s", row, error.message)
    return removed


def listing_requests_lapse(
    *, case: EnforcementCase, on: date, closing: str
) -> list[DishonestDebtorListing]:
    """A closed case can no longer decide a request (第5条): every request still awaiting a decision
    is rejected with the closing mode (`closing`, e.g. 销案) as the reason, by the system actor, in
    the caller's transaction. No feed entry: a request was never shared."""
    from zhixing.core.duties import system_actor

    actor = system_actor()
    lapsed = []
    with transaction.atomic():
        rows = DishonestDebtorListing.objects.select_for_update().filter(
            case_id=case.pk, status=S.REQUESTED
        )
        for row in rows.order_by("pk"):
            row.status = S.REJECTED
            row.decided_on = on
            row.rejection_reason = f"案件已结案（{closing}）"
            row.save()
            audit_record(
                actor=actor,
                action="credit.listing_request_lapsed",
                court_id=case.court_id,
                obj=row,
                summary=f"{row.case_number} 案件结案，纳入失信名单的申请不再决定",
                after=_snapshot(row),
            )
            lapsed.append(row)
    return lapsed


def listing_remove_by_system(
    *, listing: DishonestDebtorListing, ground: rules.RemovalGround, on: date, arose_on: date
) -> DishonestDebtorListing | None:
    """One removal by the duties (term expiry, 终本 with two empty inquiries), as the system actor.
    Claim-safe: the row is re-read under lock and skipped (None) when another run removed it or the
    ground no longer holds, so running twice removes nothing twice."""
    from zhixing.core.duties import system_actor

    actor = system_actor()
    with transaction.atomic():
        case = locked_case(listing.case_id, "court")
        row = (
            DishonestDebtorListing.objects.select_for_update()
            .filter(pk=listing.pk, status__in=LISTED)
            .first()
        )
        if row is None:
            return None
        try:
            with transaction.atomic():
                return _remove(
                    actor=actor,
                    row=row,
                    case=case,
                    ground=ground,
                    on=on,
                    arose_on=arose_on,
                    note="定期任务自动删除",
                    applicant_request_approved=False,
                )
        except DomainError:
            return None
