"""Partner adapters: how a request reaches a department, and the in-process simulated partner.

An adapter has one method, `send(message)`, which hands the message over or raises (the outbox
keeps the row and retries). Departments answer later through `services.answer_receive` — over
POST /api/v1/partner-answers for a real partner, or `deliver_simulated()` for the simulated one.
Deployment registers real adapters with `register(code, adapter)`; every other department is
served by the simulated partner, so the demo and the tests run without any network.
"""

from __future__ import annotations

import hashlib
import logging
import random
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from django.db import transaction
from django.utils import timezone

from zhixing.core.errors import DomainError

from .rules.outbox import DepartmentKind, MessageKind, PropertyKind

if TYPE_CHECKING:
    from .models import OutboxMessage

log = logging.getLogger("zhixing.linkage")


class PartnerUnavailable(Exception):
    """The partner did not take the message (down, timed out, refused)."""


class PartnerAdapter(Protocol):
    def send(self, message: OutboxMessage) -> None: ...


def _rng(*parts: object) -> random.Random:
    """A generator seeded by the parts, stable across processes (unlike hash())."""
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return random.Random(int(digest[:16], 16))


def _money(rng: random.Random, low: int, high: int) -> str:
    return str(Decimal(rng.randint(low * 100, high * 100)) / 100)


BANK_NAMES = {"icbc": "工商银行", "ccb": "建设银行", "boc": "中国银行", "abc": "农业银行"}


def simulated_items(kind: str, department_code: str, who: str) -> list[dict[str, Any]]:
    """What the simulated department finds for the respondent whose id number or credit code is
    `who`: the same answer every time for the same respondent and department."""
    rng = _rng(who, department_code)
    if kind == DepartmentKind.BANK:
        bank = BANK_NAMES.get(department_code, "银行")
        items = []
        for _ in range(rng.choice([0, 1, 1, 2])):
            account = "62" + "".join(str(rng.randint(0, 9)) for _ in range(17))
            items.append(
                {
                    "kind": PropertyKind.DEPOSIT.value,
                    "description": f"{bank}活期存款账户",
                    "identifier": account,
                    "amount": _money(rng, 0, 200_000),
                }
            )
        return items
    if kind == DepartmentKind.REAL_ESTATE and rng.random() < 0.5:
        district = rng.choice(["朝阳区", "海淀区", "丰台区", "通州区"])
        area = rng.randint(45, 160)
        return [
            {
                "kind": PropertyKind.REAL_ESTATE.value,
                "description": f"北京市{district}住宅一套，建筑面积{area}平方米",
                "identifier": f"京（2021）{district[:2]}区不动产权第{rng.randint(1, 99999):07d}号",
                "amount": _money(rng, area * 30_000, area * 80_000),
            }
        ]
    if kind == DepartmentKind.VEHICLE and rng.random() < 0.5:
        plate = (
            "京"
            + rng.choice("ABCEFGHJKLMNPQ")
            + "".join(rng.choice("0123456789ABCDEFGH") for _ in range(5))
        )
        return [
            {
                "kind": PropertyKind.VEHICLE.value,
                "description": f"小型轿车（{rng.choice(['大众', '丰田', '本田', '比亚迪'])}）",
                "identifier": plate,
                "amount": None,
            }
        ]
    if kind == DepartmentKind.SECURITIES and rng.random() < 0.3:
        return [
            {
                "kind": PropertyKind.SECURITIES.value,
                "description": "A股证券账户持有股票",
                "identifier": f"0{rng.randint(100000000, 999999999)}",
                "amount": _money(rng, 1_000, 500_000),
            }
        ]
    return []


def _who_key(payload: dict[str, Any]) -> str:
    who = payload.get("who", {})
    return str(who.get("id_number") or who.get("credit_code") or who.get("name", ""))


def simulated_balance(
    department_kind: str, department_code: str, payload: dict[str, Any]
) -> Decimal:
    """The balance the simulated bank holds on the account a request names: the balance it reported
    in the inquiry for that account, or, for an account it never reported, a stable invented one."""
    account = str(payload.get("property", {}).get("identifier", ""))
    for item in simulated_items(department_kind, department_code, _who_key(payload)):
        if item["identifier"] == account and item["amount"] is not None:
            return Decimal(item["amount"])
    return Decimal(_money(_rng(department_code, account), 0, 50_000))


def simulated_control_answer(
    kind: str,
    department_kind: str,
    department_code: str,
    payload: dict[str, Any],
    *,
    key: str,
    effective_at: str,
) -> dict[str, Any]:
    """How the simulated department answers a control request (冻结/查封、续行、扣划、解除).

    A bank freezes what the account holds, up to the amount asked: the balance it reported, or
    now and then (one time in four) less, because money left the account since the inquiry; an
    empty account cannot be frozen. A deduction transfers what was asked, up to the amount frozen.
    Registries seal and release what they are asked to."""
    done: dict[str, Any] = {"result": "done", "effective_at": effective_at}
    rng = _rng(key, "answer")
    asked = Decimal(str(payload.get("amount") or "0"))
    if kind == MessageKind.FREEZE:
        if payload.get("until"):
            done["until"] = payload["until"]
        if department_kind != DepartmentKind.BANK:
            return done
        if payload.get("renewal"):
            return {**done, "amount": str(asked)}
        balance = simulated_balance(department_kind, department_code, payload)
        if rng.random() < 0.25:
            balance = (balance * Decimal(rng.randint(30, 90)) / 100).quantize(Decimal("0.01"))
        if balance <= 0:
            return {"result": "failed", "reason": "账户余额为零，未能冻结"}
        return {**done, "amount": str(min(asked, balance))}
    if kind == MessageKind.DEDUCT:
        frozen = Decimal(str(payload.get("frozen") or "0"))
        amount = min(asked, frozen)
        if amount <= 0:
            return {"result": "failed", "reason": "冻结账户内无可划拨的款项"}
        return {**done, "amount": str(amount), "reference": f"HK{key[:16].upper()}"}
    return done


class SimulatedPartner:
    """Accepts a message unless its deterministic dice say fail (`fail_rate`), then prepares the
    department's answer (found property for an inquiry, `simulated_control_answer` for a control
    request), delivered `delay` later by `deliver_simulated()`. A message it already holds (a
    re-send after a lost acknowledgement) is not answered twice."""

    def __init__(self, *, delay: timedelta = timedelta(0), fail_rate: float = 0.0) -> None:
        self.delay = delay
        self.fail_rate = fail_rate

    def send(self, message: OutboxMessage) -> None:
        from .models import SimulatedAnswer

        if _rng(message.idempotency_key, message.attempts).random() < self.fail_rate:
            raise PartnerUnavailable(f"{message.department.name}前置机无响应（模拟）")
        effective = timezone.now() + self.delay
        if message.kind == MessageKind.INQUIRY:
            items = simulated_items(
                message.department.kind, message.department.code, _who_key(message.payload)
            )
            payload: dict[str, Any] = {"items": items, "note": "" if items else "未发现财产"}
        elif message.kind == MessageKind.CREDIT:
            # a pushed credit-feed entry: the department confirms receipt of its sequence number
            payload = {
                "result": "done",
                "effective_at": effective.isoformat(),
                "acknowledged_seq": message.payload.get("seq"),
            }
        else:
            payload = simulated_control_answer(
                message.kind,
                message.department.kind,
                message.department.code,
                message.payload,
                key=message.idempotency_key,
                effective_at=effective.isoformat(),
            )
        SimulatedAnswer.objects.get_or_create(
            message_key=message.idempotency_key,
            defaults=dict(
                department_code=message.department.code,
                answer_id=f"SIM-{message.department.code}-{message.idempotency_key[:12]}",
                payload=payload,
                deliver_after=effective,
            ),
        )


class UnconfiguredPartner:
    """The production default: a department without a registered adapter is not reached at all —
    the message stays in the outbox (retried, then listed by reconciliation) instead of being
    answered with invented data."""

    def send(self, message: Any) -> None:
        raise ConnectionError(f"联动单位“{message.department.name}”尚未配置对接接口")


def _configured_default() -> PartnerAdapter:
    """ZHIXING_PARTNER_DEFAULT: "simulated" (development, demo, tests) or "unconfigured" (production)."""
    from django.conf import settings

    if getattr(settings, "ZHIXING_PARTNER_DEFAULT", "unconfigured") == "simulated":
        return SimulatedPartner()
    return UnconfiguredPartner()


_registry: dict[str, PartnerAdapter] = {}
_default: list[PartnerAdapter | None] = [None]


def register(code: str, adapter: PartnerAdapter) -> None:
    """Connects a department to its real adapter (called by deployment code at start-up)."""
    _registry[code] = adapter


def unregister(code: str) -> None:
    _registry.pop(code, None)


def set_default(adapter: PartnerAdapter) -> PartnerAdapter:
    """Replaces the adapter for unregistered departments; returns the previous one (tests)."""
    previous = _default[0] or _configured_default()
    _default[0] = adapter
    return previous


def adapter_for(code: str) -> PartnerAdapter:
    if code in _registry:
        return _registry[code]
    if _default[0] is None:
        _default[0] = _configured_default()
    return _default[0]


def deliver_simulated(*, now: Any = None, limit: int = 500) -> int:
    """Delivers the simulated answers that are due through `answer_receive`; returns how many."""
    from . import services
    from .models import SimulatedAnswer

    now = now or timezone.now()
    delivered = 0
    due = SimulatedAnswer.objects.filter(delivered_at__isnull=True, deliver_after__lte=now)
    for row in due.order_by("deliver_after")[:limit]:
        try:
            with transaction.atomic():
                services.answer_receive(
                    actor=None,
                    department_code=row.department_code,
                    answer_id=row.answer_id,
                    message_key=row.message_key,
                    payload=row.payload,
                )
                SimulatedAnswer.objects.filter(pk=row.pk).update(delivered_at=now)
        except DomainError as error:  # refused (as a real partner's call would be): try again later
            log.warning("模拟答复 %s 未被接受：%s", row.answer_id, error.message)
            continue
        delivered += 1
    return delivered
