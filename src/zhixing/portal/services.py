"""Writes of the portal: the public's feedback (no actor: anyone may send it, rate-limited by the
page), its handling by the court, and the court's publication of an exposure or a typical case.
Each in one transaction with its audit record."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from zhixing.core.audit import audit_record
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.rules.roles import Role
from zhixing.credit.models import DishonestDebtorListing
from zhixing.organization.selectors import roles_of, staff_of

from . import rules
from .models import Exposure, PublicFeedback, TypicalCase
from .selectors import is_minor, public_listings

PUBLISHERS = frozenset({Role.BUREAU_CHIEF, Role.PRESIDENT})
INBOX_ROLES = frozenset(
    {Role.BUREAU_CHIEF, Role.COMMAND_STAFF, Role.PRESIDENT, Role.PETITION_OFFICER}
)
SOURCE_PUBLICITY = "失信规定 第7条（通过报纸、广播、电视、网络、法院公告栏等其他方式予以公布）"


def _home_court(actor: Any, roles: frozenset[Role], what: str) -> Any:
    staff = staff_of(actor)
    if staff is None or not staff.is_active or not (roles_of(actor) & roles):
        raise AccessDenied(f"您无权{what}")
    return staff.court


def _text(value: str, field: str, label: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise InputError(f"{field}.required", f"请填写{label}", field=field)
    if len(text) > max_length:
        raise InputError(f"{field}.too_long", f"{label}不能超过{max_length}个字", field=field)
    return text


def feedback_submit(
    *,
    topic: str,
    name: str,
    phone: str,
    message: str,
    exposure: Exposure | None = None,
    typical_case: TypicalCase | None = None,
) -> PublicFeedback:
    """A message from the public about an exposure or a typical case, delivered to the court that
    published it."""
    subject = exposure or typical_case
    if subject is None or (exposure is not None and typical_case is not None):
        raise InputError("feedback.subject", "请从曝光信息或典型案例页面提交反馈")
    if topic not in PublicFeedback.Topic.values:
        raise InputError("feedback.topic", "请选择反馈类别", field="topic")
    clean = dict(
        topic=topic,
        name=_text(name, "name", "姓名", 40),
        message=_text(message, "message", "反馈内容", 2000),
    )
    try:
        clean["phone"] = rules.phone_number(phone)
    except rules.QueryError as error:
        raise DomainError.from_rule(error) from None
    with transaction.atomic():
        feedback = PublicFeedback.objects.create(
            court_id=subject.court_id, exposure=exposure, typical_case=typical_case, **clean
        )
        audit_record(
            actor=None,
            action="portal.feedback_received",
            court_id=subject.court_id,
            obj=feedback,
            summary=f"收到公众反馈：{feedback.get_topic_display()}",
        )
    return feedback


def feedback_handle(*, actor: Any, feedback: PublicFeedback, note: str) -> PublicFeedback:
    """The court records how it handled a message of its inbox."""
    court = _home_court(actor, INBOX_ROLES, "处理公众反馈")
    text = _text(note, "note", "处理情况", 500)
    with transaction.atomic():
        feedback = PublicFeedback.objects.select_for_update().get(pk=feedback.pk)
        if feedback.court_id != court.id:
            raise NotFound()
        if feedback.status == PublicFeedback.Status.HANDLED:
            raise DomainError("feedback.already_handled", "该反馈已处理")
        feedback.status = PublicFeedback.Status.HANDLED
        feedback.handled_at = timezone.now()
        feedback.handled_by = actor
        feedback.handling_note = text
        feedback.save(update_fields=["status", "handled_at", "handled_by", "handling_note"])
        audit_record(
            actor=actor,
            action="portal.feedback_handled",
            court_id=court.id,
            obj=feedback,
            summary=f"处理公众反馈：{text[:100]}",
        )
    return feedback


def exposure_publish(
    *, actor: Any, listing: DishonestDebtorListing, headline: str, summary: str
) -> Exposure:
    """Exposes one of the court's own published, unhidden listings (失信规定 第7条)."""
    court = _home_court(actor, PUBLISHERS, "发布失信曝光")
    clean_headline = _text(headline, "headline", "标题", 100)
    clean_summary = _text(summary, "summary", "曝光内容", 2000)
    with transaction.atomic():
        # public_listings() leaves out minors; is_minor also reads the identity number when no
        # birth date was copied (失信规定 第4条; 个人信息保护法 第31条).
        if not public_listings().filter(pk=listing.pk, court_id=court.id).exists() or is_minor(
            listing, timezone.localdate()
        ):
            raise NotFound("未找到本院已发布的该失信名单信息")
        exposure = Exposure.objects.create(
            court=court,
            listing=listing,
            headline=clean_headline,
            summary=clean_summary,
            published_on=timezone.localdate(),
            published_by=actor,
        )
        audit_record(
            actor=actor,
            action="portal.exposure_published",
            court_id=court.id,
            obj=exposure,
            summary=f"发布失信曝光：{clean_headline}",
        )
    return exposure


def typical_case_publish(
    *, actor: Any, title: str, category: str, summary: str, body: str, case: Any = None
) -> TypicalCase:
    """Publishes a typical case of the court, written without private details."""
    court = _home_court(actor, PUBLISHERS, "发布典型案例")
    values = dict(
        title=_text(title, "title", "标题", 100),
        category=_text(category, "category", "类别", 30),
        summary=_text(summary, "summary", "摘要", 300),
        body=_text(body, "body", "正文", 20000),
    )
    if case is not None and case.court_id != court.id:
        raise NotFound()
    with transaction.atomic():
        typical = TypicalCase.objects.create(
            court=court,
            case=case,
            published_on=timezone.localdate(),
            published_by=actor,
            **values,
        )
        audit_record(
            actor=actor,
            action="portal.typical_case_published",
            court_id=court.id,
            obj=typical,
            summary=f"发布典型案例：{values['title']}",
        )
    return typical
