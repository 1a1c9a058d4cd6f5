"""Request and response bodies of /api/v1/ for linked departments and network inquiry."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema


class DepartmentOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    duties: str
    answer_days: int
    answers_inquiries: bool
    active: bool


class InquiryIn(Schema):
    on: date


class MessageOut(Schema):
    id: int
    key: str
    case_id: int
    case_number: str | None
    court_code: str
    department_code: str
    department_name: str
    respondent: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    attempts: int
    next_attempt_at: datetime | None
    sent_at: datetime | None
    answer_due_on: date
    answered_at: datetime | None
    overdue: bool
    last_error: str


class InquiryOut(Schema):
    messages: int
    departments: int
    respondents: int


class PropertyFoundOut(Schema):
    id: int
    respondent: str
    department_code: str
    department_name: str
    kind: str
    kind_label: str
    description: str
    identifier: str
    amount: Decimal | None
    found_on: date


class PartnerAnswerIn(Schema):
    department_code: str
    answer_id: str
    message_key: str
    payload: dict[str, Any]


class PartnerAnswerOut(Schema):
    answer_id: str
    message_key: str
    duplicate: bool
    found: int
