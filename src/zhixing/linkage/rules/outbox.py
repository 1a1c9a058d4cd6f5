"""Linked departments, outbox messages and partner answers as plain Python.

design.md decision 5: every request to a department (查询、冻结、扣划、解除) is a durable outbox
message, retried with back-off while the partner is down and answered idempotently. 网络执行查控:
《最高人民法院关于网络查询、冻结被执行人存款的规定》（法释〔2013〕20号）; the one-month
investigation clock it starts is 法发〔2006〕35号 第6条.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from zhixing.core.rules.money import MoneyError, to_money

SOURCE = "法释〔2013〕20号；法发〔2006〕35号 第6条"
MAX_ATTEMPTS = 12  # then the message stays failed and shows on the reconciliation page


class DepartmentKind(StrEnum):
    BANK = "bank"  # 银行业金融机构：存款、理财
    REAL_ESTATE = "real_estate"  # 不动产登记机构
    VEHICLE = "vehicle"  # 公安交通管理部门车辆管理所
    SECURITIES = "securities"  # 证券登记结算机构
    PUBLIC_SECURITY = "public_security"  # 公安：户籍、出入境
    TAX = "tax"  # 税务：纳税、退税信息
    MARKET_REGULATION = "market_regulation"  # 市场监管：股权登记
    OTHER = "other"


DEPARTMENT_KIND_LABELS: dict[DepartmentKind, str] = {
    DepartmentKind.BANK: "银行",
    DepartmentKind.REAL_ESTATE: "不动产登记",
    DepartmentKind.VEHICLE: "车辆登记",
    DepartmentKind.SECURITIES: "证券登记结算",
    DepartmentKind.PUBLIC_SECURITY: "公安",
    DepartmentKind.TAX: "税务",
    DepartmentKind.MARKET_REGULATION: "市场监管",
    DepartmentKind.OTHER: "其他",
}


class MessageKind(StrEnum):
    INQUIRY = "inquiry"  # 查询
    FREEZE = "freeze"  # 冻结、查封
    DEDUCT = "deduct"  # 扣划
    RELEASE = "release"  # 解除冻结、查封
    CREDIT = "credit"  # 信用惩戒推送：失信名单、限制消费令的变更（失信规定 第8条）


MESSAGE_KIND_LABELS: dict[MessageKind, str] = {
    MessageKind.INQUIRY: "查询",
    MessageKind.FREEZE: "冻结",
    MessageKind.DEDUCT: "扣划",
    MessageKind.RELEASE: "解除",
    MessageKind.CREDIT: "信用惩戒推送",
}

# What each kind of department is asked about in a network inquiry.
INQUIRY_SUBJECTS: dict[DepartmentKind, str] = {
    DepartmentKind.BANK: "存款、理财产品",
    DepartmentKind.REAL_ESTATE: "不动产登记信息",
    DepartmentKind.VEHICLE: "机动车登记信息",
    DepartmentKind.SECURITIES: "证券账户及持有证券",
    DepartmentKind.PUBLIC_SECURITY: "户籍、出入境信息",
    DepartmentKind.TAX: "纳税、退税信息",
    DepartmentKind.MARKET_REGULATION: "股权登记信息",
    DepartmentKind.OTHER: "财产信息",
}


class PropertyKind(StrEnum):
    DEPOSIT = "deposit"  # 存款
    WEALTH = "wealth"  # 理财产品
    REAL_ESTATE = "real_estate"  # 不动产
    VEHICLE = "vehicle"  # 机动车
    SECURITIES = "securities"  # 证券
    EQUITY = "equity"  # 股权
    OTHER = "other"


PROPERTY_KIND_LABELS: dict[PropertyKind, str] = {
    PropertyKind.DEPOSIT: "存款",
    PropertyKind.WEALTH: "理财产品",
    PropertyKind.REAL_ESTATE: "不动产",
    PropertyKind.VEHICLE: "机动车",
    PropertyKind.SECURITIES: "证券",
    PropertyKind.EQUITY: "股权",
    PropertyKind.OTHER: "其他财产",
}


def backoff(attempts: int) -> timedelta:
    """Wait before the next attempt after `attempts` failures: 1, 2, 4 … minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 6 * 60))


class AnswerError(ValueError):
    """A partner's answer that cannot be read; code in English, message in Chinese."""

    def __init__(self, code: str, message: str, field: str = "payload") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


@dataclass(frozen=True)
class FoundItem:
    """One piece of property a department reports."""

    kind: PropertyKind
    description: str
    identifier: str = ""
    amount: Decimal | None = None


def parse_answer(payload: dict[str, Any]) -> list[FoundItem]:
    """`{"items": [{"kind", "description", "identifier", "amount"}]}` → items; no items = 未发现财产.

    Amounts are balances (deposits) or values (real estate, securities), in yuan with two places.
    """
    items = payload.get("items", [])
    if not isinstance(items, list):
        raise AnswerError("answer.items_invalid", "答复中的财产清单格式不正确", "payload.items")
    found = []
    for index, raw in enumerate(items):
        where = f"payload.items.{index}"
        if not isinstance(raw, dict):
            raise AnswerError("answer.items_invalid", "答复中的财产清单格式不正确", where)
        try:
            kind = PropertyKind(raw.get("kind", ""))
        except ValueError:
            raise AnswerError(
                "answer.kind_invalid", f"财产类别取值无效：{raw.get('kind')}", f"{where}.kind"
            ) from None
        description = str(raw.get("description", "")).strip()
        if not description:
            raise AnswerError(
                "answer.description_required", "答复中的财产缺少说明", f"{where}.description"
            )
        amount = raw.get("amount")
        value = None
        if amount not in (None, ""):
            try:
                value = to_money(str(amount))
            except MoneyError as error:
                raise AnswerError(error.code, error.message, f"{where}.amount") from None
            if value < 0:
                raise AnswerError("answer.amount_negative", "金额不能为负数", f"{where}.amount")
        found.append(
            FoundItem(
                kind=kind,
                description=description[:200],
                identifier=str(raw.get("identifier", ""))[:60],
                amount=value,
            )
        )
    return found


# --- answers to control requests (冻结/查封、续行、扣划、解除) ------------------------------------


class AnswerResult(StrEnum):
    DONE = "done"  # 已协助办理
    FAILED = "failed"  # 未能办理（账户已销户、财产已被处分……），原因在 reason


@dataclass(frozen=True)
class ControlAnswer:
    """A department's answer to a freeze (also seal and renewal), deduct or release request.

    `amount` is what was actually frozen (may be less than requested: the balance was lower) or
    actually transferred; `reference` is the bank's transfer serial of a deduction; `until` the
    end of the term the department registered, when it says one: the freeze handler refuses an
    answer whose term runs beyond the one the court's ruling asked for, and a shorter one becomes
    the control's expiry (民诉法解释 第485条)."""

    kind: MessageKind
    done: bool
    amount: Decimal | None = None
    effective_at: datetime | None = None
    reference: str = ""
    until: date | None = None
    reason: str = ""


def _answer_money(raw: Any, field: str) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = to_money(str(raw))
    except MoneyError as error:
        raise AnswerError(error.code, error.message, field) from None
    if value < 0:
        raise AnswerError("answer.amount_negative", "金额不能为负数", field)
    return value


def _answer_time(raw: Any) -> datetime:
    if raw in (None, ""):
        raise AnswerError(
            "answer.effective_at_required", "答复缺少协助办理的生效时间", "payload.effective_at"
        )
    try:
        return datetime.fromisoformat(str(raw))
    except ValueError:
        raise AnswerError(
            "answer.effective_at_invalid",
            f"生效时间格式不正确：{raw}（应为 ISO 8601，如 2026-11-27T10:30:00+08:00）",
            "payload.effective_at",
        ) from None


def parse_control_answer(kind: MessageKind, payload: dict[str, Any]) -> ControlAnswer:
    """`{"result": "done"|"failed", "effective_at", "amount", "reference", "until", "reason"}`.

    A failed answer needs its reason; a done one its effective time. A deduction that was done
    names the amount transferred and the bank's transfer serial (the receipt is booked once under
    it); a freeze may name the amount actually frozen and the end of the term."""
    if kind is MessageKind.INQUIRY:
        raise AnswerError("answer.kind_invalid", "查询请求的答复应列明发现的财产", "payload")
    try:
        result = AnswerResult(payload.get("result", ""))
    except ValueError:
        raise AnswerError(
            "answer.result_invalid",
            f"办理结果取值无效：{payload.get('result')}（应为 done 已办理 或 failed 未能办理）",
            "payload.result",
        ) from None
    reason = str(payload.get("reason", "")).strip()[:200]
    if result is AnswerResult.FAILED:
        if not reason:
            raise AnswerError(
                "answer.reason_required", "答复为未能办理，但未说明原因", "payload.reason"
            )
        return ControlAnswer(kind=kind, done=False, reason=reason)
    effective_at = _answer_time(payload.get("effective_at"))
    amount = _answer_money(payload.get("amount"), "payload.amount")
    reference = str(payload.get("reference", "")).strip()
    until = None
    if payload.get("until") not in (None, ""):
        try:
            until = date.fromisoformat(str(payload["until"]))
        except ValueError:
            raise AnswerError(
                "answer.until_invalid",
                f"期限届满日格式不正确：{payload['until']}（应为 YYYY-MM-DD）",
                "payload.until",
            ) from None
    if kind is MessageKind.DEDUCT:
        if amount is None or amount <= 0:
            raise AnswerError(
                "answer.deduct_amount_required", "扣划答复须载明实际划拨的金额", "payload.amount"
            )
        if not reference:
            raise AnswerError(
                "answer.reference_required", "扣划答复缺少划款流水号", "payload.reference"
            )
        if len(reference) > 40:
            raise AnswerError(
                "answer.reference_too_long", "划款流水号不能超过 40 个字符", "payload.reference"
            )
    return ControlAnswer(
        kind=kind,
        done=True,
        amount=amount,
        effective_at=effective_at,
        reference=reference,
        until=until,
        reason=reason,
    )
