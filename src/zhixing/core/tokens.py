"""API tokens for systems (linked departments, other court systems). The secret is shown once."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from .audit import audit_record
from .errors import AccessDenied, InputError
from .models import ApiToken

TOKEN_PREFIX = "zx_"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def api_token_create(
    *, actor: Any, user: Any, name: str, court_id: int | None
) -> tuple[ApiToken, str]:
    """Issues a token acting as `user`; returns the row and the secret (never stored in clear)."""
    if not getattr(actor, "is_superuser", False):
        raise AccessDenied("只有超级管理员可以签发接口令牌")
    if not name.strip():
        raise InputError("token.name_required", "请填写令牌用途", field="name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name.strip(), prefix=raw[:8], key_hash=_hash(raw)
        )
        audit_record(
            actor=actor,
            action="api_token.create",
            court_id=court_id,
            obj=token,
            summary=f"为 {user.get_username()} 签发接口令牌“{token.name}”",
            after={"user": user.get_username(), "prefix": token.prefix},
        )
    return token, raw


def api_token_user(raw: str) -> Any | None:
    """The active user behind a token, or None. Marks the token used at most once a minute."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
