"""Correction requests against a listing (失信规定 第11—12条), and their reconsideration.

A written request (the respondent's, or anybody's whose listing information is wrong) is reviewed
by the listing court within 15 days; if justified it is corrected within 3 working days — revoked
when the respondent should not have been listed (第9条), the published copy corrected when it is
inaccurate, deleted when a deletion ground applies (第10条) — otherwise rejected. Against the
rejection the applicant may apply within 10 days of service to the next-higher court for 复议,
decided there within 15 days; 复议 does not stay the listing (RECONSIDERATION_STAYS is False).

Every deadline is computed with the injected legal calendar (`core.calendar.legal_calendar`) and
stored on the request for the lists; each write locks the case, then the listing, then the
request, in one transaction with its audit record.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from zhixing.cases.rules.nodes import FILING_ROLES, NodeCode
from zhixing.cases.services.toolkit import Area, is_superuser, locked_case, node_record_owned, user
from zhixing.core.audit import audit_record
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound, parse_choice
from zhixing.core.rules.identity import (
    ADULT_AGE,
    CreditCodeError,
    IdNumberError,
    mask_id_number,
    parse_credit_code,
    parse_id_number,
)
from zhixing.organization.selectors import scope_of

from ..feed import feed_record
from ..models import CorrectionRequest, DishonestDebtorListing, FeedEntry
from ..rules import listing as rules
from ..selectors import correction as selectors
from ._common import LISTED, restrictions_follow

SOURCE = rules.SOURCE_CORRECTION
RECEIVE_ROLES = FILING_ROLES  # 书记员、法官助理、执行员、法官 register the written request
# 执行员、执行法官 of the listing court review it (and revoke); 复议 is decided by a judge of the
# upper court (the worklist reads the same constants).
DECIDE_ROLES, RECONSIDERATION_ROLES = selectors.DECIDE_ROLES, selectors.RECONSIDERATION_ROLES
REVOKED_GROUND = "revoked"  # the 删除 node's ground when a listing is revoked (第9条)
REVOKED_LABEL = "不应纳入，撤销（失信规定 第9条、第12条）"

R = CorrectionRequest.Reason
S = CorrectionRequest.Status
Rc = CorrectionRequest.Reconsideration
L = DishonestDebtorListing.Status

# The published copy fields a correction of inaccurate information may change (第6条, 第12条).
CORRECTABLE: dict[str, tuple[str, int]] = {
    "name": ("姓名或名称", 100),
    "sex": ("性别", 2),
    "id_number": ("身份证号码", 18),
    "credit_code": ("统一社会信用代码", 18),
    "legal_representative": ("法定代表人或负责人", 40),
    "basis_issuer": ("执行依据制作单位", 100),
    "basis_number": ("执行依据文号", 60),
    "obligations": ("生效法律文书确定的义务", 2000),
    "performance": ("履行情况", 40),
    "conduct": ("失信行为具体情形", 300),
}

_area = Area("correction")


# --- helpers -------------------------------------------------------------------------------------


def _locked(request: CorrectionRequest) -> tuple[CorrectionRequest, DishonestDebtorListing, Any]:
    """Case, listing, request: locked in the order every credit service takes them."""
    case = locked_case(request.listing.case_id, "court")
    listing = DishonestDebtorListing.objects.select_for_update().get(pk=request.listing_id)
    row = (
        CorrectionRequest.objects.select_for_update(of=("self",))  # not the outer-joined courts
        .select_related("court", "court__parent", "reconsideration_court")
        .filter(pk=request.pk)
        .first()
    )
    if row is None:
        raise NotFound("未找到该纠正申请")
    return row, listing, case


def _in_scope(actor: Any, row: CorrectionRequest) -> None:
    scope = scope_of(actor)
    if not (scope.covers(row.court_id) or scope.covers(row.reconsideration_court_id)):
        raise NotFound("未找到该纠正申请，或您无权查看")


def _snapshot(row: CorrectionRequest) -> dict[str, Any]:
    return {
        "status": row.status,
        "decided_on": row.decided_on,
        "correct_due_on": row.correct_due_on,
        "corrected_on": row.corrected_on,
        "served_on": row.served_on,
        "reconsideration": row.reconsideration,
        "reconsideration_due_on": row.reconsideration_due_on,
    }


def _listing_copy(listing: DishonestDebtorListing) -> dict[str, Any]:
    return {name: getattr(listing, name) for name in (*CORRECTABLE, "id_masked", "birth_date")}


# --- receive -------------------------------------------------------------------------------------


def correction_receive(
    *,
    actor: Any,
    listing: DishonestDebtorListing,
    reason: Any,
    statement: Any,
    requested_by: Any,
    received_on: Any,
) -> CorrectionRequest:
    """Registers a written correction request (第11条) with its review deadline: 15 days from
    receipt (第12条). One open request per listing at a time."""
    reason = parse_choice(R, reason, field="reason", label="纠正理由")
    statement = _area.text(statement, "statement", "申请内容", 2000)
    requested_by = _area.text(requested_by, "requested_by", "申请人", 100)
    with transaction.atomic():
        case = locked_case(listing.case_id, "court")
        row = DishonestDebtorListing.objects.select_for_update().filter(pk=listing.pk).first()
        if row is None or not scope_of(actor).covers(row.court_id):
            raise NotFound("未找到该失信名单记录，或您无权查看")
        _area.require(actor, row.court_id, RECEIVE_ROLES, "登记失信信息纠正申请")
        if row.status not in LISTED:
            raise DomainError(
                "correction.listing_closed",
                f"该失信信息{row.get_status_display()}，已不在名单内，无需纠正",
                source=SOURCE,
            )
        received_on = _area.date(
            received_on,
            "received_on",
            "收到申请日期",
            not_before=row.decided_on,
            what="纳入决定日期",
        )
        open_request = CorrectionRequest.objects.filter(
            listing=row, status__in=[S.RECEIVED, S.GRANTED]
        ).first()
        if open_request is not None:
            raise DomainError(
                "correction.pending",
                f"该失信信息已有一件纠正申请（{open_request.received_on:%Y年%m月%d日}收到）"
                "尚未办结，请在该申请中办理",
                source=SOURCE,
            )
        due = rules.correction_review_due(received_on, legal_calendar())
        request = CorrectionRequest.objects.create(
            listing=row,
            court_id=row.court_id,
            reason=reason.value,
            statement=statement,
            requested_by=requested_by,
            received_on=received_on,
            review_due_on=due.due,
        )
        audit_record(
            actor=actor,
            action="credit.correction_receive",
            court_id=row.court_id,
            obj=request,
            summary=f"{case} 收到{requested_by}对{row.name}失信信息的纠正申请：{reason.label}",
            after={
                "listing": row.pk,
                "reason": reason.value,
                "received_on": received_on,
                "review_due_on": due.due,
            },
        )
    return request


# --- decide and carry out ------------------------------------------------------------------------


def _refuse_own_listing(actor: Any, listing: DishonestDebtorListing) -> None:
    """Who decided the listing does not review the request against it."""
    if (
        not is_superuser(actor)
        and listing.decided_by_id is not None
        and listing.decided_by_id == getattr(actor, "pk", None)
    ):
        raise AccessDenied(
            "作出纳入决定的人员不能审查针对该决定的纠正申请，请由本院其他执行员或法官审查",
            code="correction.own_listing",
        )


def _grant(
    *,
    actor: Any,
    row: CorrectionRequest,
    listing: DishonestDebtorListing,
    case: Any,
    before: dict[str, Any],
) -> None:
    """Justified: to be corrected within 3 working days (第12条)."""
    assert row.decided_on is not None
    row.status = S.GRANTED
    row.correct_due_on = rules.correction_due(row.decided_on, legal_calendar()).due
    row.save()
    audit_record(
        actor=actor,
        action="credit.correction_decide",
        court_id=row.court_id,
        obj=row,
        summary=f"{case} 纠正申请理由成立（{row.get_reason_display()}），"
        f"应于{row.correct_due_on:%Y年%m月%d日}前纠正",
        before=before,
        after={**_snapshot(row), "reason": row.decision_reason},
    )


def _reject(
    *, actor: Any, row: CorrectionRequest, case: Any, before: dict[str, Any], served_on: Any
) -> None:
    """Rejected; the service date (now or later) starts the 10 days for 复议."""
    row.status = S.REJECTED
    if served_on not in (None, ""):
        row.served_on = _area.date(
            served_on, "served_on", "送达日期", not_before=row.decided_on, what="审查决定日期"
        )
    row.save()
    audit_record(
        actor=actor,
        action="credit.correction_decide",
        court_id=row.court_id,
        obj=row,
        summary=f"{case} 驳回{row.requested_by}的纠正申请（{row.get_reason_display()}）",
        before=before,
        after={**_snapshot(row), "reason": row.decision_reason},
    )


def correction_decide(
    *,
    actor: Any,
    request: CorrectionRequest,
    granted: bool,
    on: Any,
    reason: Any,
    removal_ground: Any = "",
    served_on: Any = None,
    changes: dict[str, Any] | None = None,
) -> CorrectionRequest:
    """The review's outcome (第12条), by an officer or judge of the listing court other than the
    one who decided the listing.

    Granted: to be corrected within 3 working days, and carried out in the same call when it can
    be — a listing that should not have been listed is revoked (第9条), one that should be deleted
    is deleted when `removal_ground` is given (第10条), inaccurate information is corrected when
    `changes` are given; otherwise later through `correction_apply`. A refusal of the correction
    (the deletion ground not met …) refuses the whole decision: nothing is written. Rejected: the rejection's service date
    (`served_on`, or later `correction_serve`) starts the 10 days for 复议."""
    if not isinstance(granted, bool):
        raise InputError("correction.granted", "请选择审查结果", field="granted")
    decision_reason = _area.text(reason, "reason", "审查意见", 2000)
    with transaction.atomic():
        row, listing, case = _locked(request)
        _in_scope(actor, row)
        _area.require(actor, row.court_id, DECIDE_ROLES, "审查失信信息纠正申请")
        _refuse_own_listing(actor, listing)
        if row.status != S.RECEIVED:
            raise DomainError(
                "correction.decided",
                f"该纠正申请已审查（{row.get_status_display()}）",
                source=SOURCE,
            )
        on = _area.date(on, "on", "审查决定日期", not_before=row.received_on, what="收到申请日期")
        before = _snapshot(row)
        row.decided_on = on
        row.decided_by = user(actor)
        row.decision_reason = decision_reason
        if granted:
            _grant(actor=actor, row=row, listing=listing, case=case, before=before)
            if _can_carry_out(row, removal_ground, changes):
                _carry_out(
                    actor=actor,
                    row=row,
                    listing=listing,
                    case=case,
                    on=on,
                    removal_ground=removal_ground,
                    changes=changes or {},
                )
        else:
            _reject(actor=actor, row=row, case=case, before=before, served_on=served_on)
    return row


def _can_carry_out(row: CorrectionRequest, removal_ground: Any, changes: Any) -> bool:
    """Whether the decision has what the correction needs: a revocation needs nothing more, a
    deletion its ground, a correction the corrected fields."""
    if row.reason == R.SHOULD_NOT_LIST:
        return True
    if row.reason == R.SHOULD_DELETE:
        return removal_ground not in (None, "")
    return bool(changes)


def correction_apply(
    *,
    actor: Any,
    request: CorrectionRequest,
    on: Any,
    removal_ground: Any = "",
    **fields: Any,
) -> CorrectionRequest:
    """Carries out a granted request that was not carried out when decided (inaccurate
    information: the corrected `fields` of the published copy; or after the upper court reversed a
    rejection): by an officer or judge of the listing court, due within 3 working days (第12条)."""
    with transaction.atomic():
        row, listing, case = _locked(request)
        _in_scope(actor, row)
        _area.require(actor, row.court_id, DECIDE_ROLES, "纠正失信信息")
        if row.status != S.GRANTED:
            raise DomainError(
                "correction.not_granted",
                f"该纠正申请{row.get_status_display()}，不能再作纠正",
                source=SOURCE,
            )
        not_before = row.reconsideration_decided_on or row.decided_on
        on = _area.date(on, "on", "纠正日期", not_before=not_before, what="审查决定日期")
        _carry_out(
            actor=actor,
            row=row,
            listing=listing,
            case=case,
            on=on,
            removal_ground=removal_ground,
            changes=fields,
        )
    return row


def _carry_out(
    *,
    actor: Any,
    row: CorrectionRequest,
    listing: DishonestDebtorListing,
    case: Any,
    on: date,
    removal_ground: Any,
    changes: dict[str, Any],
) -> None:
    if listing.status not in LISTED:
        raise DomainError(
            "correction.listing_closed",
            f"该失信信息{listing.get_status_display()}，已不在名单内",
            source=SOURCE,
        )
    if row.reason == R.SHOULD_NOT_LIST:
        _revoke(actor=actor, listing=listing, case=case, on=on, request=row)
    elif row.reason == R.SHOULD_DELETE:
        if removal_ground in (None, ""):
            raise InputError(
                "correction.removal_ground",
                "请选择应予删除的情形（失信规定 第10条）",
                source=rules.SOURCE_REMOVAL,
                field="removal_ground",
            )
        from .listing import listing_remove  # written beside this module; imported when used

        ground = parse_choice(
            rules.RemovalGround, removal_ground, field="removal_ground", label="删除情形"
        )
        listing_remove(
            actor=actor,
            listing=listing,
            ground=ground,
            on=on,
            note=f"纠正申请理由成立：{row.requested_by}申请删除",
            applicant_request_approved=ground is rules.RemovalGround.APPLICANT_REQUEST,
        )
    else:
        _correct_copy(actor=actor, listing=listing, case=case, changes=changes)
    before = _snapshot(row)
    row.status = S.CORRECTED
    row.corrected_on = on
    row.save()
    late = row.correct_due_on is not None and on > row.correct_due_on
    audit_record(
        actor=actor,
        action="credit.correction_apply",
        court_id=row.court_id,
        obj=row,
        summary=f"{case} 已纠正失信信息（{row.get_reason_display()}）"
        + ("，已超过纠正期限" if late else ""),
        before=before,
        after={**_snapshot(row), "late": late},
    )


def _revoke(
    *,
    actor: Any,
    listing: DishonestDebtorListing,
    case: Any,
    on: date,
    request: CorrectionRequest,
) -> None:
    """第9条: a respondent who should not have been listed is taken off by revoking the decision;
    the timeline records the 删除 node with the ground `revoked`, the departments get REMOVED."""
    published = listing.status == L.PUBLISHED
    listing.status = L.REVOKED
    listing.removed_on = on
    listing.removal_arose_on = request.decided_on or on
    listing.removed_by = user(actor)
    listing.save()
    node_record_owned(
        "on",
        actor=actor,
        case=case,
        code=NodeCode.DISHONEST_REMOVED,
        on=on,
        data={"respondent": listing.name, "ground": REVOKED_GROUND},
        note=f"纠正申请理由成立，撤销纳入决定（{request.requested_by}申请）",
    )
    if published:  # hidden or not: the departments received it before any hiding
        feed_record(FeedEntry.Change.REMOVED, listing=listing)
    audit_record(
        actor=actor,
        action="credit.listing_revoke",
        court_id=listing.court_id,
        obj=listing,
        summary=f"{listing.case_number} 撤销纳入失信名单决定：{listing.name}（不应纳入）",
        before={"status": L.PUBLISHED if published else L.DECIDED},
        after={"status": listing.status, "removed_on": on, "request": request.pk},
    )


def _correct_copy(
    *, actor: Any, listing: DishonestDebtorListing, case: Any, changes: dict[str, Any]
) -> None:
    """The published copy corrected field by field; the departments get CHANGED. The party's
    issued 限制消费令 carry the same copy and are corrected with it (each CHANGED too), so the
    public restriction query no longer finds the old name or number."""
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise InputError(
            "correction.field_unknown", f"不能更正的项目：{'、'.join(unknown)}", field=unknown[0]
        )
    new: dict[str, Any] = {}
    for name, raw in changes.items():
        if raw is None:
            continue
        label, length = CORRECTABLE[name]
        value = _area.text(raw, name, label, length, required=name not in ("sex",))
        if value != getattr(listing, name):
            new[name] = value
    if not new:
        raise InputError(
            "correction.nothing_changed",
            "请填写更正后的内容（与现公布的信息相同，无需更正）",
            source=SOURCE,
            field=next(iter(changes), "name"),
        )
    if "id_number" in new:
        try:
            parsed = parse_id_number(new["id_number"])
        except IdNumberError as error:
            raise InputError(error.code, error.message, field="id_number") from None
        if parsed.age_on(max(listing.decided_on, parsed.birth_date)) < ADULT_AGE:
            raise DomainError(
                "correction.minor",
                "更正后的身份证号码显示被执行人在纳入决定时未满十八周岁，不应纳入失信名单："
                "请以“不应被纳入失信名单”审查并撤销",
                source=rules.SOURCE_MINOR,
                field="id_number",
            )
        new["id_number"] = parsed.value
        new["id_masked"] = mask_id_number(parsed.value)
        new["birth_date"] = parsed.birth_date
    if "credit_code" in new:
        try:
            new["credit_code"] = parse_credit_code(new["credit_code"])
        except CreditCodeError as error:
            raise InputError(error.code, error.message, field="credit_code") from None
    before = _listing_copy(listing)
    for name, value in new.items():
        setattr(listing, name, value)
    listing.save()
    if listing.status == L.PUBLISHED:  # hidden or not: the departments hold the old copy
        feed_record(FeedEntry.Change.CHANGED, listing=listing)
    restrictions_follow(
        actor=actor,
        party_id=listing.party_id,
        values=new,
        action="restriction.correct",
        what="更正",
    )
    audit_record(
        actor=actor,
        action="credit.listing_correct",
        court_id=listing.court_id,
        obj=listing,
        summary=f"{listing.case_number} 更正失信信息：{'、'.join(CORRECTABLE[n][0] for n in new if n in CORRECTABLE)}",
        before={n: before[n] for n in new},
        after=new,
    )


# --- service of a rejection and 复议 -------------------------------------------------------------


def correction_serve(
    *, actor: Any, request: CorrectionRequest, served_on: Any
) -> CorrectionRequest:
    """Records when the rejection was served: the 10 days for 复议 run from then (第12条)."""
    with transaction.atomic():
        row, _listing, case = _locked(request)
        _in_scope(actor, row)
        _area.require(actor, row.court_id, RECEIVE_ROLES, "登记驳回决定的送达")
        if row.status != S.REJECTED:
            raise DomainError(
                "correction.not_rejected", "只有被驳回的纠正申请需要登记送达", source=SOURCE
            )
        if row.served_on is not None:
            raise DomainError(
                "correction.served",
                f"驳回决定已于{row.served_on:%Y年%m月%d日}送达",
                source=SOURCE,
            )
        assert row.decided_on is not None
        row.served_on = _area.date(
            served_on, "served_on", "送达日期", not_before=row.decided_on, what="审查决定日期"
        )
        row.save(update_fields=["served_on"])
        audit_record(
            actor=actor,
            action="credit.correction_serve",
            court_id=row.court_id,
            obj=row,
            summary=f"{case} 驳回纠正申请的决定已送达{row.requested_by}",
            after={"served_on": row.served_on},
        )
    return row


def reconsideration_file(
    *, actor: Any, request: CorrectionRequest, filed_on: Any
) -> CorrectionRequest:
    """复议 against a rejection, to the next-higher court (第12条): only within 10 days of service,
    registered by the listing court or the upper court, decided within 15 days of filing. The
    listing stays in force meanwhile (复议期间不停止原决定的执行)."""
    with transaction.atomic():
        row, listing, case = _locked(request)
        _in_scope(actor, row)
        upper = row.court.parent
        courts = [row.court_id] + ([upper.pk] if upper else [])
        if not is_superuser(actor):
            _area.staff_at(actor, courts, RECEIVE_ROLES, "登记复议申请")
        if row.status != S.REJECTED:
            raise DomainError(
                "reconsideration.not_rejected",
                "只能对驳回纠正申请的决定申请复议",
                source=SOURCE,
            )
        if row.reconsideration:
            raise DomainError(
                "reconsideration.filed",
                f"已于{row.reconsideration_filed_on:%Y年%m月%d日}申请复议"
                f"（{row.get_reconsideration_display()}）",
                source=SOURCE,
            )
        if row.served_on is None:
            raise DomainError(
                "reconsideration.not_served",
                "驳回决定尚未登记送达：复议期间自送达之日起计算，请先登记送达日期",
                source=SOURCE,
                field="filed_on",
            )
        if upper is None:
            raise DomainError(
                "reconsideration.no_upper", "本院没有上一级法院，无法申请复议", source=SOURCE
            )
        filed_on = _area.date(
            filed_on, "filed_on", "申请复议日期", not_before=row.served_on, what="送达日期"
        )
        calendar = legal_calendar()
        window = rules.reconsideration_deadline(row.served_on, calendar)
        if filed_on > window.due:
            raise DomainError(
                "reconsideration.late",
                f"申请复议的期间为驳回决定送达之日起十日，已于{window.due:%Y年%m月%d日}届满，"
                "不能再申请复议",
                source=SOURCE,
                field="filed_on",
            )
        before = _snapshot(row)
        row.reconsideration = Rc.PENDING
        row.reconsideration_court = upper
        row.reconsideration_filed_on = filed_on
        row.reconsideration_due_on = rules.reconsideration_decision_due(filed_on, calendar).due
        row.save()
        audit_record(
            actor=actor,
            action="credit.reconsideration_file",
            court_id=row.court_id,
            obj=row,
            summary=f"{case} {row.requested_by}就驳回纠正申请向{upper.name}申请复议"
            "（复议期间不停止原决定的执行）",
            before=before,
            after={
                **_snapshot(row),
                "court": upper.pk,
                "stays": rules.RECONSIDERATION_STAYS,
                "listing_status": listing.status,
            },
        )
    return row


def reconsideration_decide(
    *, actor: Any, request: CorrectionRequest, upheld: bool, on: Any, reason: Any
) -> CorrectionRequest:
    """The upper court's 复议 decision (第12条), by a judge of that court only. Upheld: the
    rejection stands. Reversed: the request is justified and the listing court corrects within 3
    working days (`correction_apply`; a listing to be revoked or deleted waits for it there)."""
    if not isinstance(upheld, bool):
        raise InputError("reconsideration.upheld", "请选择复议结果", field="upheld")
    text = _area.text(reason, "reason", "复议意见", 2000)
    with transaction.atomic():
        row, _listing, case = _locked(request)
        _in_scope(actor, row)
        if row.reconsideration != Rc.PENDING or row.reconsideration_court_id is None:
            raise DomainError(
                "reconsideration.not_pending", "该纠正申请没有待审查的复议", source=SOURCE
            )
        _area.staff_at(
            actor,
            [row.reconsideration_court_id],
            RECONSIDERATION_ROLES,
            "审查失信信息纠正复议",
            no_staff="法院工作人员",
        )
        assert row.reconsideration_filed_on is not None
        on = _area.date(
            on, "on", "复议决定日期", not_before=row.reconsideration_filed_on, what="申请复议日期"
        )
        before = _snapshot(row)
        row.reconsideration_decided_on = on
        row.reconsideration_reason = text
        if upheld:
            row.reconsideration = Rc.UPHELD
        else:
            row.reconsideration = Rc.REVERSED
            row.status = S.GRANTED
            row.correct_due_on = rules.correction_due(on, legal_calendar()).due
        row.save()
        audit_record(
            actor=actor,
            action="credit.reconsideration_decide",
            court_id=row.court_id,
            obj=row,
            summary=f"{case} 纠正申请复议："
            + ("驳回复议申请，维持原决定" if upheld else "撤销驳回决定，由执行法院予以纠正"),
            before=before,
            after={**_snapshot(row), "reason": text},
        )
    return row
