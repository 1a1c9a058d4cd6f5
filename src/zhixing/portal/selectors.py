"""Reads of the public side: the query of the list, the consumption restrictions and the 终本 cases,
the exposure page and the typical cases (no login, so no scope: only published rows are read), and
the court's feedback inbox (staff, scoped to the court the feedback was sent to).

The query selectors are the contract the benchmark calls. Inputs are already validated
(`rules.query_criteria`); each reads the published copy of the respondent through the partial
indexes over published, unhidden rows (exact identity number, exact credit code, or exact name
ordered by id), selects only the published columns (never an address or a phone), and returns
frozen rows.

Nobody who is a minor today is ever shown, in any of the three queries or on the exposure pages:
失信规定 第4条 bars listing a minor, and a minor's personal information is sensitive information
(个人信息保护法 第28条) whose processing needs the guardian's consent (第31条), which a public
register does not have. A 限制消费令 may be issued against a minor, so its row is filtered here
(`birth_date` after `rules.latest_adult_birth(today)`), and each row read is checked again in
Python before it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from zhixing.cases.models import EnforcementCase, Party
from zhixing.core.errors import InputError, NotFound
from zhixing.core.rules.identity import IdNumberError, mask_id_number, parse_id_number
from zhixing.credit.models import ConsumptionRestriction, DishonestDebtorListing
from zhixing.credit.rules.restriction import BEHAVIOUR_LABELS, Behaviour
from zhixing.organization.selectors import staff_of

from .models import Exposure, PublicFeedback, TypicalCase
from .rules import age_on, latest_adult_birth

SEX_LABELS = {"male": "男", "female": "女", "男": "男", "女": "女", "M": "男", "F": "女"}
KIND_LABELS = {"person": "自然人", "organisation": "单位"}

# The published columns of credit.PublishedRespondent (失信规定 第6条). `id_number` is read only to
# compare; it never leaves this module.
_RESPONDENT_COLUMNS = (
    "id",
    "respondent_kind",
    "name",
    "sex",
    "birth_date",
    "id_number",
    "id_masked",
    "credit_code",
    "legal_representative",
    "court_name",
    "case_number",
    "filed_on",
    "basis_issuer",
    "basis_number",
    "obligations",
    "performance",
)


@dataclass(frozen=True)
class PublicRespondent:
    """Who, as published: a person by name, sex, age and masked identity number; an organisation
    by name, credit code and legal representative."""

    kind: str  # 自然人 / 单位
    name: str
    sex: str
    age: int | None
    id_masked: str
    credit_code: str
    legal_representative: str
    court_name: str
    case_number: str
    filed_on: date | None
    basis_issuer: str
    basis_number: str
    obligations: str


@dataclass(frozen=True)
class PublicListing(PublicRespondent):
    """A published 失信被执行人 (失信规定 第6条)."""

    performance: str
    conduct: str
    published_on: date | None


@dataclass(frozen=True)
class PublicRestriction(PublicRespondent):
    """An issued 限制消费令 (限高规定 第3条、第5条)."""

    performance: str
    order_number: str
    issued_on: date | None
    behaviours: tuple[str, ...]


@dataclass(frozen=True)
class PublicTerminatedCase(PublicRespondent):
    """A case closed by 终结本次执行程序 (终本规定 第12条: published through the 终本案件信息库)."""

    closed_on: date | None


def _person(kind: str) -> bool:
    return kind == "person"


def _minor_today(today: date | None = None) -> Q:
    """A person born after the latest adult birth date of today: a minor (民法典 第17条). Not to be
    published: 失信规定 第4条; 个人信息保护法 第31条 (a minor's information needs the guardian's
    consent). A row without a birth date is checked in Python (`is_minor`)."""
    cutoff = latest_adult_birth(today or timezone.localdate())
    return Q(respondent_kind="person", birth_date__gt=cutoff)


def is_minor(row: Any, today: date) -> bool:
    """The same test on a row read, falling back to the identity number when no birth date was
    copied (个人信息保护法 第31条; 失信规定 第4条)."""
    if not _person(row.respondent_kind):
        return False
    born = row.birth_date
    if born is None and row.id_number:
        try:
            born = parse_id_number(row.id_number).birth_date
        except IdNumberError:
            return False
    return born is not None and born > latest_adult_birth(today)


def _common(row: Any, today: date) -> dict[str, Any]:
    person = _person(row.respondent_kind)
    return dict(
        kind=KIND_LABELS.get(row.respondent_kind, row.respondent_kind),
        name=row.name,
        sex=SEX_LABELS.get(row.sex, "") if person else "",
        age=age_on(row.birth_date, today) if person and row.birth_date else None,
        id_masked=row.id_masked if person else "",
        credit_code="" if person else row.credit_code,
        legal_representative="" if person else row.legal_representative,
        court_name=row.court_name,
        case_number=row.case_number,
        filed_on=row.filed_on,
        basis_issuer=row.basis_issuer,
        basis_number=row.basis_number,
        obligations=row.obligations,
    )


def _exact(qs: QuerySet, *, name: str, id_number: str, credit_code: str) -> QuerySet:
    """Exact equality only: each filter is served by one of the partial indexes."""
    if not (name or id_number or credit_code):
        raise ValueError("a public query needs a name, an identity number or a credit code")
    if id_number:
        qs = qs.filter(id_number=id_number)
    if credit_code:
        qs = qs.filter(credit_code=credit_code)
    if name:
        qs = qs.filter(name=name)
    return qs.order_by("id")


def public_listings(today: date | None = None) -> QuerySet[DishonestDebtorListing]:
    """The rows the public may see: published and not hidden (never removed or revoked), and never
    a minor today (失信规定 第4条; 个人信息保护法 第31条)."""
    return DishonestDebtorListing.objects.filter(
        status=DishonestDebtorListing.Status.PUBLISHED, hidden=False
    ).exclude(_minor_today(today))


def public_restrictions(today: date | None = None) -> QuerySet[ConsumptionRestriction]:
    """Issued and not hidden, and never a minor today: a 限制消费令 may bind a minor respondent,
    but the public never sees one (个人信息保护法 第31条; 失信规定 第4条 by analogy)."""
    return ConsumptionRestriction.objects.filter(
        status=ConsumptionRestriction.Status.ISSUED, hidden=False
    ).exclude(_minor_today(today))


def listing_public(row: DishonestDebtorListing, today: date | None = None) -> PublicListing:
    return PublicListing(
        **_common(row, today or timezone.localdate()),
        performance=row.performance,
        conduct=row.conduct,
        published_on=row.published_on,
    )


def search_listings(
    *, name: str = "", id_number: str = "", credit_code: str = "", limit: int = 20
) -> list[PublicListing]:
    """Published, unhidden 失信 listings that match exactly, by id, at most `limit`."""
    today = timezone.localdate()
    qs = _exact(public_listings(today), name=name, id_number=id_number, credit_code=credit_code)
    rows = qs.only(*_RESPONDENT_COLUMNS, "conduct", "published_on")[:limit]
    return [listing_public(row, today) for row in rows if not is_minor(row, today)]


def _behaviours(values: list[str]) -> tuple[str, ...]:
    labels = []
    for value in values or []:
        try:
            labels.append(BEHAVIOUR_LABELS[Behaviour(value)])
        except ValueError:
            continue
    return tuple(labels)


def search_restrictions(
    *, name: str = "", id_number: str = "", credit_code: str = "", limit: int = 20
) -> list[PublicRestriction]:
    """Issued, unhidden 限制消费令 that match exactly, by id, at most `limit`.

    履行情况: when the same respondent (party) also has a published, unhidden 失信 listing, its
    performance is shown, so the two results never disagree; otherwise the order's own copy. At
    most one open listing per party (`listing_one_open_per_party`), so no ordering is needed."""
    today = timezone.localdate()
    listed = public_listings(today).filter(party_id=OuterRef("party_id")).values("performance")
    qs = _exact(public_restrictions(today), name=name, id_number=id_number, credit_code=credit_code)
    rows = qs.only(*_RESPONDENT_COLUMNS, "order_number", "signed_on", "behaviours").annotate(
        listing_performance=Subquery(listed[:1])
    )[:limit]
    return [
        PublicRestriction(
            **_common(row, today),
            performance=row.listing_performance or row.performance,
            order_number=row.order_number,
            issued_on=row.signed_on,
            behaviours=_behaviours(row.behaviours),
        )
        for row in rows
        if not is_minor(row, today)
    ]


def _party_public(party: Party, today: date) -> PublicTerminatedCase:
    case = party.case
    person = _person(party.kind)
    sex, age = "", None
    if person and party.id_number:
        try:
            parsed = parse_id_number(party.id_number)
            sex = SEX_LABELS[parsed.sex.value]
            age = age_on(parsed.birth_date, today)
        except IdNumberError:
            pass
    basis = getattr(case, "basis", None)
    return PublicTerminatedCase(
        kind="自然人" if person else "单位",
        name=party.name,
        sex=sex,
        age=age,
        id_masked=mask_id_number(party.id_number) if person and party.id_number else "",
        credit_code="" if person else party.credit_code,
        legal_representative="" if person else party.legal_representative,
        court_name=case.court.name,
        case_number=case.case_number,
        filed_on=case.filed_on,
        basis_issuer=basis.issuing_body if basis else "",
        basis_number=basis.document_number if basis else "",
        obligations=basis.obligations if basis else "",
        closed_on=case.closed_on,
    )


def search_terminated_cases(
    *, name: str = "", id_number: str = "", credit_code: str = "", limit: int = 20
) -> list[PublicTerminatedCase]:
    """Respondents of cases closed by 终本 and not since resumed (a 执恢 case points back to it),
    matched exactly on the party (index on name, id_number, credit_code), by id. A respondent who
    was a minor at filing is never published (失信规定 第4条 read with 个人信息保护法 第31条)."""
    resumed = EnforcementCase.objects.filter(previous_case=OuterRef("case_id"))
    qs = _exact(
        Party.objects.filter(
            role="respondent",
            minor_at_filing=False,
            case__status=EnforcementCase.Status.CLOSED,
            case__closure_mode="round_terminated",
        ).exclude(Exists(resumed)),
        name=name,
        id_number=id_number,
        credit_code=credit_code,
    )
    rows = qs.select_related("case__court", "case__basis").only(
        "id",
        "kind",
        "name",
        "id_number",
        "credit_code",
        "legal_representative",
        "case__case_number",
        "case__filed_on",
        "case__closed_on",
        "case__court__name",
        "case__basis__issuing_body",
        "case__basis__document_number",
        "case__basis__obligations",
    )[:limit]
    today = timezone.localdate()
    return [_party_public(party, today) for party in rows]


# --- published pages -----------------------------------------------------------------------------


def exposures_public() -> QuerySet[Exposure]:
    """Exposures still shown: not withdrawn, and their listing still public (published, unhidden,
    not a minor today: 失信规定 第4条; 个人信息保护法 第31条)."""
    return (
        Exposure.objects.filter(
            withdrawn=False,
            listing__status=DishonestDebtorListing.Status.PUBLISHED,
            listing__hidden=False,
        )
        .exclude(
            listing__respondent_kind="person",
            listing__birth_date__gt=latest_adult_birth(timezone.localdate()),
        )
        .select_related("court", "listing")
        .order_by("-published_on", "-id")
    )


def exposure_public_get(pk: int) -> Exposure:
    try:
        return exposures_public().get(pk=pk)
    except Exposure.DoesNotExist:
        raise NotFound("该曝光信息不存在或已撤下") from None


def typical_cases_public() -> QuerySet[TypicalCase]:
    return (
        TypicalCase.objects.filter(withdrawn=False)
        .select_related("court")
        .order_by("-published_on", "-id")
    )


def typical_case_public_get(pk: int) -> TypicalCase:
    try:
        return typical_cases_public().get(pk=pk)
    except TypicalCase.DoesNotExist:
        raise NotFound("该典型案例不存在或已撤下") from None


# --- staff side ----------------------------------------------------------------------------------


def _home_court_id(actor: Any) -> int | None:
    staff = staff_of(actor)
    return staff.court_id if staff is not None and staff.is_active else None


# The inbox's filters: what still waits for the court by default, the handled ones or all on request.
FEEDBACK_FILTERS: dict[str, tuple[str, str | None]] = {
    "new": ("待处理", PublicFeedback.Status.NEW),
    "handled": ("已处理", PublicFeedback.Status.HANDLED),
    "all": ("全部", None),
}
INBOX_PAGE = 100
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FeedbackPage:
    """One page of the inbox; `next_after` is the cursor of the next page, or ""."""

    rows: list[PublicFeedback]
    next_after: str


def _court_feedback(actor: Any) -> QuerySet[PublicFeedback]:
    """The feedback sent to the actor's own court (the inbox of the court that published the page);
    another court's messages are never listed, whatever the actor's scope."""
    return PublicFeedback.objects.filter(court_id=_home_court_id(actor))


def feedback_cursor(row: PublicFeedback) -> str:
    """`<microseconds since 1970 UTC>.<id>`: exact, and safe in a URL without escaping."""
    return f"{(row.received_at - _EPOCH) // timedelta(microseconds=1)}.{row.pk}"


def feedback_inbox(
    *, actor: Any, status: str = "new", after: str = "", limit: int = INBOX_PAGE
) -> FeedbackPage:
    """The court's inbox, newest first, one keyset page at a time (`after` is the cursor of the
    previous page's last row). By default only the messages still waiting (待处理), so handled ones
    never hide a new one."""
    if status not in FEEDBACK_FILTERS:
        raise InputError("feedback.status", "请选择反馈状态", field="status")
    qs = _court_feedback(actor)
    wanted = FEEDBACK_FILTERS[status][1]
    if wanted is not None:
        qs = qs.filter(status=wanted)
    if after:
        micro, _, pk = after.partition(".")
        try:
            at, last = _EPOCH + timedelta(microseconds=int(micro)), int(pk)
        except (ValueError, OverflowError):
            raise InputError(
                "page.after", "分页游标无效，请从第一页重新查看", field="after"
            ) from None
        qs = qs.filter(Q(received_at__lt=at) | Q(received_at=at, pk__lt=last))
    rows = list(
        qs.select_related("exposure", "typical_case", "handled_by").order_by("-received_at", "-id")[
            : limit + 1
        ]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return FeedbackPage(rows, feedback_cursor(rows[-1]) if more and rows else "")


def feedback_get(*, actor: Any, pk: int) -> PublicFeedback:
    try:
        return _court_feedback(actor).get(pk=pk)
    except PublicFeedback.DoesNotExist:
        raise NotFound() from None


def listing_to_expose(*, actor: Any, reference: str) -> DishonestDebtorListing:
    """The listing an exposure is about, taken by its case number (案号) or its listing number,
    among the actor's court's published, unhidden listings of adults (失信规定 第7条; 个人信息
    保护法 第31条). A case number with several listed respondents is refused with their numbers,
    so the officer picks one."""
    text = "".join((reference or "").split()).replace("(", "（").replace(")", "）")
    if not text:
        raise InputError("listing.required", "请填写案号或名单编号", field="listing")
    mine = public_listings().filter(court_id=_home_court_id(actor))
    if text.isascii() and text.isdigit():
        rows = list(mine.filter(pk=int(text))[:1]) if len(text) <= 18 else []
    else:
        rows = list(mine.filter(case_number=text).order_by("pk")[:11])
    today = timezone.localdate()
    rows = [row for row in rows if not is_minor(row, today)]
    if not rows:
        raise InputError(
            "listing.not_found",
            f"未找到本院已发布的失信名单“{text[:40]}”（须为本院已发布、未屏蔽的成年被执行人名单）",
            field="listing",
        )
    if len(rows) > 1:
        shown = "、".join(f"{row.name}（编号 {row.pk}）" for row in rows[:10])
        raise InputError(
            "listing.ambiguous",
            f"该案号下有多名失信被执行人，请填写名单编号：{shown}",
            field="listing",
        )
    return rows[0]
