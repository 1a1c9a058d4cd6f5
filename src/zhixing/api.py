"""/api/v1/: one NinjaAPI, one router per app, DomainError mapped to JSON once."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, django_auth

from zhixing.core.errors import DomainError
from zhixing.core.tokens import api_token_user


class ChineseJSONRenderer(JSONRenderer):
    """Readable Chinese in responses (ninja escapes non-ASCII by default)."""

    json_dumps_params = {"ensure_ascii": False}


class BearerToken(HttpBearer):
    """`Authorization: Bearer zx_…` for systems."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="执行工作平台接口",
    version="1",
    description="zhixing /api/v1/ — 法院、人员、期限计算等。会话登录（工作人员）或 Bearer 令牌（系统）。错误统一返回 {code, message, source, field}。",
    urls_namespace="api-v1",
    renderer=ChineseJSONRenderer(),
    auth=[django_auth, BearerToken()],
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, source: str = "", field: Any = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "source": source, "field": field}, status=status
    )


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.source, exc.field)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    loc = [
        str(part)
        for part in first.get("loc", [])
        if part not in ("body", "query", "path", "payload")
    ]
    field = ".".join(loc) or None
    detail = first.get("msg", "")
    message = f"字段“{field}”无效：{detail}" if field else f"请求格式不正确：{detail}"
    response = _error(request, 422, "input.invalid", message, field=field)
    response["X-Errors"] = json.dumps(exc.errors, ensure_ascii=True, default=str)[:2000]
    return response


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "auth.required", "请先登录或提供有效的接口令牌")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "http.error", str(exc))


def _register_routers() -> None:
    from zhixing.cases.api import router as cases_router
    from zhixing.closure.api import router as closure_router
    from zhixing.core.api import router as core_router
    from zhixing.credit.api import router as credit_router
    from zhixing.linkage.api import router as linkage_router
    from zhixing.linkage.joint.api import router as joint_router
    from zhixing.measures.api import router as measures_router
    from zhixing.measures.calculators import router as calculators_router
    from zhixing.organization.api import router as organization_router
    from zhixing.portal.api import router as portal_router
    from zhixing.review.api import router as review_router

    api.add_router("/", core_router)
    api.add_router("/", organization_router)
    api.add_router("/", cases_router)
    api.add_router("/", measures_router)
    api.add_router("/", calculators_router)
    api.add_router("/", linkage_router)
    api.add_router("/", closure_router)
    api.add_router("/", review_router)
    api.add_router("/", joint_router)
    api.add_router("/", credit_router)
    api.add_router("/public/", portal_router)


_register_routers()
