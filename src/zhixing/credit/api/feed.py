"""/api/v1/ routes of the feed area: the linked departments' incremental feed, their
acknowledgements and their sanction reports (失信规定 第8条).

Only a department's system account, by its Bearer token, may call them: a staff session is refused
with 403 (the feed carries whole identity numbers; people read the court's pages instead)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.security import HttpBearer

from zhixing.core.errors import AccessDenied
from zhixing.core.schemas import ErrorOut
from zhixing.core.tokens import api_token_user

from ..selectors import feed as selectors
from ..services import feed as services
from ._common import out

router = Router(tags=["信用惩戒"])


class DepartmentToken(HttpBearer):
    """`Authorization: Bearer zx_…`: the account behind the token (the department checks follow
    in the selectors and services)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


def session_refused(request: HttpRequest) -> Any:
    """Second authenticator: reached when no valid Bearer token was given. A logged-in member of
    staff is told the feed is not for sessions (403); anybody else gets the usual 401."""
    if getattr(request.user, "is_authenticated", False):
        raise AccessDenied(
            "信用信息共享接口只接受联动单位对接系统的接口令牌（Bearer），不接受工作人员登录会话",
            code="feed.token_required",
        )
    return None


DEPARTMENT_AUTH = [DepartmentToken(), session_refused]
FEED_ERRORS = {401: ErrorOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class FeedQuery(Schema):
    after: int = 0
    limit: int = 100


class FeedEntryOut(Schema):
    seq: int
    change: str
    change_label: str
    subject: str
    listing_id: int | None
    restriction_id: int | None
    recorded_at: str | None
    identity: str
    data: dict[str, Any]


class FeedOut(Schema):
    entries: list[FeedEntryOut]
    next_cursor: int
    newest: int
    has_more: bool
    acknowledged_seq: (
        int  # the court's record of the department's position (0 after a kind is added)
    )


@router.get(
    "/credit-feed",
    response={200: FeedOut, **FEED_ERRORS},
    auth=DEPARTMENT_AUTH,
    summary="信用信息共享：增量读取",
    description="返回序号大于 after 的变更（纳入、变更、删除、限制消费、解除），按订阅范围筛选；"
    "未开通完整身份证号码的单位只收到脱敏号码。next_cursor 为下次读取的 after。"
    "after 为负数（422）或超出最新序号（409）时拒绝。acknowledged_seq 为法院记录的本单位已确认序号："
    "订阅新增接收内容时重置为 0，单位应自该序号重新读取（按 seq 去重）。",
)
def credit_feed(request: HttpRequest, query: Query[FeedQuery]) -> FeedOut:
    page = selectors.feed_page(actor=request.user, after=query.after, limit=query.limit)
    return out(FeedOut, page, entries=[FeedEntryOut(**e) for e in page.entries])


class AckIn(Schema):
    seq: int


class AckOut(Schema):
    acknowledged_seq: int
    moved: bool
    newest: int


@router.post(
    "/credit-feed/ack",
    response={200: AckOut, **FEED_ERRORS},
    auth=DEPARTMENT_AUTH,
    summary="信用信息共享：确认接收",
    description="确认已接收至序号 seq：只前进不后退（较小的序号不改变已确认位置，moved=false）；"
    "超出最新序号的拒绝（409）。",
)
def credit_feed_ack(request: HttpRequest, payload: AckIn) -> AckOut:
    ack = services.feed_ack(actor=request.user, seq=payload.seq)
    return out(AckOut, ack)


class SanctionIn(Schema):
    listing_id: int | None = None
    restriction_id: int | None = None
    kind: str
    detail: str
    occurred_on: date
    report_id: str


class SanctionOut(Schema):
    id: int
    report_id: str
    case_id: int
    kind: str
    kind_label: str
    occurred_on: date
    duplicate: bool


@router.post(
    "/credit-sanctions",
    response={200: SanctionOut, 201: SanctionOut, 404: ErrorOut, **FEED_ERRORS},
    auth=DEPARTMENT_AUTH,
    summary="联合惩戒反馈",
    description="联动单位报告对失信被执行人（listing_id）或被限制消费人（restriction_id）采取的惩戒措施。"
    "同一单位同一 report_id 重复报告只保存一次，返回 200、duplicate=true；未从共享信息收到的对象拒绝（409）。",
)
def credit_sanction(request: HttpRequest, payload: SanctionIn) -> Status:
    report, created = services.sanction_report(
        actor=request.user,
        listing_id=payload.listing_id,
        restriction_id=payload.restriction_id,
        kind=payload.kind,
        detail=payload.detail,
        occurred_on=payload.occurred_on,
        report_id=payload.report_id,
    )
    return Status(
        201 if created else 200,
        out(
            SanctionOut,
            report,
            id=report.pk,
            kind_label=report.get_kind_display(),
            duplicate=not created,
        ),
    )
