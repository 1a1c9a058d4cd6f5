"""Typed inputs of the filing service, shared by the page, the API and the demo data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class PartyInput:
    role: str  # applicant / respondent
    kind: str  # person / legal_entity / other_org
    name: str
    id_number: str = ""
    credit_code: str = ""
    legal_representative: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class BasisInput:
    issuing_body: str
    document_number: str
    effective_on: date
    obligations: str
    performance_deadline: date | None = None
    amount: Decimal | str | None = None
