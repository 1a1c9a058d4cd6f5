"""Review cases (执行审查类案件), the panel: the presiding judge and the collegial panel named by
the bureau chief or a (vice-)president, checked for separation of review from implementation
(the refusal names the person and why, and is audited), and recusal decided by the president.

Sources: 民事诉讼法 第47条、第49条; 执行异议复议规定 第11条; 法发〔2023〕4号 第1条、第2条.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction

from zhixing.cases import services as case_services
from zhixing.cases.services.toolkit import holds_at, raise_first
from zhixing.core.audit import audit_record
from zhixing.core.errors import AccessDenied, DomainError, InputError
from zhixing.core.rules.roles import Role
from zhixing.organization.models import Staff

from ..models import Recusal, ReviewCase
from ..rules import review as rules
from ..rules.review import Kind
from ._cases_common import (
    ASSIGNERS,
    RECUSAL_DECIDERS,
    area,
    in_scope,
    locked_case_of,
    locked_review,
    staff_at,
)
from .separation import audits_refusals, case_conflicts, refuse

__all__ = ["may_assign", "may_recuse", "panel_candidates", "recusal_record", "review_assign"]


@audits_refusals
def review_assign(
    *,
    actor: Any,
    review: ReviewCase,
    judge: Staff,
    panel: Sequence[Staff] = (),
) -> ReviewCase:
    """Names the presiding judge and the panel (执行异议复议规定 第11条: a collegial panel for
    objections and 复议, three or more judges, an odd number). Refused when anyone named handled the
    implementation case or was recused — the refusal names the person and why, and is audited."""
    in_scope(actor, review)
    with transaction.atomic():
        review = locked_review(review)
        staff_at(actor, [review.court_id], ASSIGNERS, "指定合议庭")
        if review.status != ReviewCase.Status.FILED:
            raise DomainError(
                "review.decided", f"该审查案件已{review.get_status_display()}，不能再组成合议庭"
            )
        members = {s.pk: s for s in [*panel, judge]} if panel else {}
        for person in [judge, *panel]:
            if person.court_id != review.court_id or not person.is_active:
                raise InputError(
                    "panel.other_court",
                    f"{person.name}不是{review.court.name}的在职人员",
                    field="panel" if person in panel else "judge",
                )
            if Role.JUDGE not in person.role_set:
                raise InputError(
                    "panel.not_judge",
                    f"{person.name}不是执行法官，不能参加执行审查",
                    field="panel" if person in panel else "judge",
                )
        rule = rules.KINDS[Kind(review.kind)]
        raise_first(
            rules.check_panel(
                required=rule.panel_required,
                members=list({s.pk for s in panel}),
                presiding=judge.pk,
            )
        )
        refuse(
            actor=actor,
            review=review,
            conflicts=case_conflicts(review.case, review),
            staff_ids=[judge.pk, *members],
            action="组成合议庭",
            field="panel",
        )
        before = {
            "judge": review.judge_id,
            "panel": sorted(review.panel.values_list("pk", flat=True)),
        }
        review.judge = judge
        review.save(update_fields=["judge"])
        review.panel.set(list(members.values()))
        case = locked_case_of(review)
        case_services.recompute_deadlines(case)
        audit_record(
            actor=actor,
            action="review.assign",
            court_id=review.court_id,
            obj=review,
            summary=f"{review.case_number} 审判长 {judge.name}"
            + (f"，合议庭 {'、'.join(s.name for s in members.values())}" if members else ""),
            before=before,
            after={"judge": judge.pk, "panel": sorted(members)},
        )
        return review


def recusal_record(
    *,
    actor: Any,
    review: ReviewCase,
    staff: Staff,
    reason: str,
    on: date,
    applied_by_party: bool = False,
    granted: bool = True,
) -> Recusal:
    """回避 decided by the president (民事诉讼法 第49条). A granted recusal takes the person off the
    panel (and from the presiding seat), so the panel must be formed again; from then on they are
    refused for this matter."""
    reason = area.text(reason, "reason", "回避事由", 300)
    in_scope(actor, review)
    with transaction.atomic():
        review = locked_review(review)
        decider = staff_at(actor, [review.court_id], RECUSAL_DECIDERS, "决定回避")
        if decider is None:
            raise AccessDenied("回避须由院长决定（民事诉讼法 第49条）", code="review.role")
        if review.status != ReviewCase.Status.FILED:
            raise DomainError("review.decided", "该审查案件已作出裁定，不能再决定回避")
        if decider.pk == staff.pk:
            raise DomainError(
                "recusal.self",
                "院长本人的回避由审判委员会决定",
                source="民事诉讼法 第49条",
            )
        if (
            staff.court_id != review.court_id
            and staff.pk != review.judge_id
            and not review.panel.filter(pk=staff.pk).exists()
        ):
            raise InputError(
                "recusal.other_court",
                f"{staff.name}不是{review.court.name}的人员，也不在本案合议庭，无须决定回避",
                field="staff",
            )
        on = area.date(on, "on", "决定日期", not_before=review.received_on, what="收到申请日期")
        if Recusal.objects.filter(review=review, staff=staff).exists():
            raise DomainError("recusal.repeated", f"已就{staff.name}的回避作出决定")
        row = Recusal.objects.create(
            review=review,
            court_id=review.court_id,
            staff=staff,
            reason=reason,
            applied_by_party=applied_by_party,
            granted=granted,
            decided_on=on,
            decided_by=decider,
        )
        removed = False
        if granted:
            if review.panel.filter(pk=staff.pk).exists():
                review.panel.remove(staff)
                removed = True
            if review.judge_id == staff.pk:
                review.judge = None
                review.save(update_fields=["judge"])
                removed = True
            if removed:
                case_services.recompute_deadlines(locked_case_of(review))
        audit_record(
            actor=actor,
            action="review.recusal",
            court_id=review.court_id,
            obj=row,
            summary=f"{review.case_number} {staff.name}"
            + ("回避" if granted else "不予回避")
            + f"：{reason}"
            + ("（已退出合议庭，须重新组成）" if removed else ""),
            after={"staff": staff.pk, "granted": granted, "on": on, "by_party": applied_by_party},
        )
        return row


def may_assign(actor: Any, review: ReviewCase) -> bool:
    return review.status == ReviewCase.Status.FILED and holds_at(
        actor, [review.court_id], ASSIGNERS
    )


def may_recuse(actor: Any, review: ReviewCase) -> bool:
    return review.status == ReviewCase.Status.FILED and holds_at(
        actor, [review.court_id], RECUSAL_DECIDERS
    )


def panel_candidates(review: ReviewCase) -> list[tuple[Staff, rules.Conflict | None]]:
    """The hearing court's active judges, each with the reason they may not sit (None: free)."""
    judges = list(
        Staff.objects.filter(court_id=review.court_id, is_active=True, roles__role=Role.JUDGE.value)
        .distinct()
        .order_by("name")
    )
    found = rules.conflicts_of(case_conflicts(review.case, review), [s.pk for s in judges])
    return [(s, found.get(s.pk)) for s in judges]
