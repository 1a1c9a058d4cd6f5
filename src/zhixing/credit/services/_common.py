"""What the listing and restriction services share: the ordinal of a document within its case, the
respondent's kind, the listing statuses that count, and the respondent's published fields
(失信规定 第6条, read for 限制消费令 too)."""

from __future__ import annotations

from datetime import date
from typing import Any

from zhixing.cases.models import EnforcementCase, Party
from zhixing.cases.rules.filing import PartyKind
from zhixing.core.audit import audit_record
from zhixing.core.rules.identity import IdNumberError, mask_id_number, parse_id_number
from zhixing.core.rules.numerals import chinese_number

from ..feed import feed_record
from ..models import LISTED, OPEN_LISTING, ConsumptionRestriction, DishonestDebtorListing, FeedEntry
from ..rules.listing import RespondentKind

__all__ = [
    "LISTED",
    "OPEN_LISTING",
    "listed_listing",
    "open_listing",
    "ordinal",
    "performance",
    "published_fields",
    "respondent_kind",
    "restrictions_follow",
]


def ordinal(n: int) -> str:
    """Chinese numerals for a document's place in its case (一 … 十, 十一, 一百零五, 一百一十, as
    `core.rules.numerals` counts); Arabic numerals from 1000 on (and for anything below 1)."""
    return chinese_number(n) if 0 < n < 1000 else str(n)


def respondent_kind(party: Party) -> RespondentKind:
    return (
        RespondentKind.PERSON
        if party.kind == PartyKind.PERSON.value
        else RespondentKind.ORGANISATION
    )


def open_listing(party: Party) -> DishonestDebtorListing | None:
    """The party's pending or in-force listing, if any."""
    return DishonestDebtorListing.objects.filter(party=party, status__in=OPEN_LISTING).first()


def listed_listing(party: Party) -> DishonestDebtorListing | None:
    """The party's listing in force (decided or published), if any: a mere request is not one."""
    return DishonestDebtorListing.objects.filter(party=party, status__in=LISTED).first()


def performance(case: EnforcementCase) -> str:
    """全部未履行, or 部分履行 once money has reached the case account."""
    from zhixing.measures.models.funds import FundReceipt

    return "部分履行" if FundReceipt.objects.filter(account__case=case).exists() else "全部未履行"


def published_fields(case: EnforcementCase, party: Party) -> dict[str, Any]:
    """The respondent as 失信规定 第6条 publishes it, copied when the decision or order is made:
    a person with sex, birth date and (masked) identity number, an organisation with its credit
    code and legal representative."""
    kind = respondent_kind(party)
    person = kind is RespondentKind.PERSON
    sex, born, masked = "", None, ""
    if person and party.id_number:
        masked = mask_id_number(party.id_number)
        try:
            parsed = parse_id_number(party.id_number)
        except IdNumberError:
            pass
        else:
            sex, born = ("男" if parsed.sex.value == "male" else "女"), parsed.birth_date
    basis = getattr(case, "basis", None)
    birth: date | None = born
    return {
        "respondent_kind": kind.value,
        "name": party.name,
        "sex": sex,
        "birth_date": birth,
        "id_number": party.id_number if person else "",
        "id_masked": masked,
        "credit_code": "" if person else party.credit_code,
        "legal_representative": "" if person else party.legal_representative,
        "court_name": case.court.name,
        "case_number": case.case_number or "",
        "filed_on": case.filed_on,
        "basis_issuer": getattr(basis, "issuing_body", "") or "",
        "basis_number": getattr(basis, "document_number", "") or "",
        "obligations": getattr(basis, "obligations", "") or "",
        "performance": performance(case),
    }


def restrictions_follow(
    *, actor: Any, party_id: int, values: dict[str, Any], action: str, what: str
) -> list[ConsumptionRestriction]:
    """Carries a change of the respondent's listing (a correction of its published fields, 屏蔽 or
    its lifting) over to the party's issued 限制消费令, in the caller's transaction: each order that
    changes is saved, shared as CHANGED and audited. Only the fields an order has are copied."""
    names = {f.name for f in ConsumptionRestriction._meta.get_fields()}
    values = {name: value for name, value in values.items() if name in names}
    changed = []
    rows = ConsumptionRestriction.objects.select_for_update().filter(
        party_id=party_id, status=ConsumptionRestriction.Status.ISSUED
    )
    for row in rows.order_by("pk"):
        new = {name: value for name, value in values.items() if getattr(row, name) != value}
        if not new:
            continue
        before = {name: getattr(row, name) for name in new}
        for name, value in new.items():
            setattr(row, name, value)
        row.save()
        feed_record(FeedEntry.Change.CHANGED, restriction=row)
        audit_record(
            actor=actor,
            action=action,
            court_id=row.court_id,
            obj=row,
            summary=f"{row.case_number} 限制消费令 {row.order_number} 随失信信息{what}：{row.name}",
            before=before,
            after=new,
        )
        changed.append(row)
    return changed
