"""Filing (收案, 立案, 不予受理) and case numbers (法〔2015〕137号)."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from zhixing.core.audit import audit_record
from zhixing.core.errors import DomainError, InputError, parse_choice
from zhixing.core.rules.case_number import format_case_number
from zhixing.core.rules.identity import parse_credit_code, parse_id_number
from zhixing.organization.models import Court

from ..inputs import BasisInput, PartyInput
from ..models import (
    CaseNumberSequence,
    EnforcementBasis,
    EnforcementCase,
    Party,
)
from ..rules import filing
from ..rules.nodes import (
    NODE_TABLE,
    NodeCode,
)
from ._common import (
    _actor_staff,
    _check_and_date,
    _locked,
    _money,
    _raise,
    _require_roles,
)
from .process import _append

N = NodeCode


QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _check_party(index: int, party: PartyInput, today: date) -> dict[str, Any]:
    prefix = f"parties.{index}"
    role = parse_choice(filing.PartyRole, party.role, field=f"{prefix}.role", label="诉讼地位")
    kind = parse_choice(filing.PartyKind, party.kind, field=f"{prefix}.kind", label="当事人类型")
    if not party.name.strip():
        raise InputError("party.name_required", "请填写当事人姓名或名称", field=f"{prefix}.name")
    values: dict[str, Any] = {
        "role": role.value,
        "kind": kind.value,
        "name": party.name.strip(),
        "minor_at_filing": False,
    }
    if kind is filing.PartyKind.PERSON:
        if party.id_number.strip():
            try:
                parsed = parse_id_number(party.id_number, today=today)
            except ValueError as error:
                raise DomainError.from_rule(error, field=f"{prefix}.id_number") from None
            values["id_number"] = parsed.value
            values["minor_at_filing"] = parsed.is_minor_on(today)
    else:
        if party.credit_code.strip():
            try:
                values["credit_code"] = parse_credit_code(party.credit_code)
            except ValueError as error:
                raise DomainError.from_rule(error, field=f"{prefix}.credit_code") from None
        if not party.legal_representative.strip():
            raise InputError(
                "party.representative_required",
                "法人或非法人组织须填写法定代表人或负责人",
                field=f"{prefix}.legal_representative",
            )
        values["legal_representative"] = party.legal_representative.strip()
    values.update(
        phone=party.phone.strip(), email=party.email.strip(), address=party.address.strip()
    )
    return values


def case_receive(
    *,
    actor: Any,
    court: Court,
    type_code: str,
    origin: str,
    arrival: str,
    received_on: date,
    basis: BasisInput,
    parties: list[PartyInput],
    claim_amount: Decimal | str | None = None,
    previous_case: EnforcementCase | None = None,
) -> EnforcementCase:
    """Registers an application or transfer (收案). Starts the 7-day docketing clock and the 10-day
    enforcement-notice clock. A late application gets the limitation warning, never a refusal."""
    today = timezone.localdate()
    case_type = parse_choice(filing.CaseType, type_code, field="type_code", label="案件类型")
    origin_value = parse_choice(filing.Origin, origin, field="origin", label="执行依据种类")
    arrival_value = parse_choice(filing.Arrival, arrival, field="arrival", label="案件来源")
    if origin_value not in filing.ORIGINS_BY_TYPE[case_type]:
        raise InputError(
            "case.origin_type",
            f"{filing.CASE_TYPE_LABELS[case_type]}案件不能以“{filing.ORIGIN_LABELS[origin_value]}”为执行依据",
            field="origin",
            source="法发〔2014〕26号 第1条",
        )
    if received_on > today:
        raise InputError("case.received_future", "收案日期不能晚于今天", field="received_on")
    claim = _money(claim_amount, "claim_amount")
    amount = _money(basis.amount, "basis.amount")
    _raise(
        filing.check_basis(
            effective_on=basis.effective_on,
            performance_deadline=basis.performance_deadline,
            amount=amount,
            claim_amount=claim,
            received_on=received_on,
        ),
        InputError,
    )
    if (
        not basis.document_number.strip()
        or not basis.issuing_body.strip()
        or not basis.obligations.strip()
    ):
        raise InputError(
            "basis.required", "请完整填写执行依据的作出机关、文书编号和确定的义务", field="basis"
        )
    checked = [_check_party(i, p, received_on) for i, p in enumerate(parties)]
    roles = {p["role"] for p in checked}
    if roles != {filing.PartyRole.APPLICANT.value, filing.PartyRole.RESPONDENT.value}:
        raise InputError("case.parties", "须至少有一名申请执行人和一名被执行人", field="parties")
    # Resumption after 终本 is not limited by the 2-year period (法〔2016〕373号 第9条；民诉法解释
    # 第517条): no limitation warning for a 执恢 case that continues a case closed by 终本.
    after_round_termination = (
        case_type is filing.CaseType.RESUMED
        and previous_case is not None
        and previous_case.closure_mode == "round_terminated"
    )
    warning = (
        ""
        if after_round_termination
        else filing.limitation_warning(
            effective_on=basis.effective_on,
            performance_deadline=basis.performance_deadline,
            received_on=received_on,
        )
    )
    with transaction.atomic():
        staff = _actor_staff(actor, court)
        _require_roles(actor, NODE_TABLE[N.RECEIVED].roles, "收案登记")
        case = EnforcementCase.objects.create(
            court=court,
            high_court_id=court.high_court_id,
            type_code=case_type.value,
            year=received_on.year,
            origin=origin_value.value,
            arrival=arrival_value.value,
            received_on=received_on,
            claim_amount=claim,
            limitation_warning=warning,
            query_code=_new_query_code(),
            previous_case=previous_case,
        )
        EnforcementBasis.objects.create(
            case=case,
            issuing_body=basis.issuing_body.strip(),
            document_number=basis.document_number.strip(),
            effective_on=basis.effective_on,
            performance_deadline=basis.performance_deadline,
            obligations=basis.obligations.strip(),
            amount=amount,
        )
        Party.objects.bulk_create([Party(case=case, court=court, **values) for values in checked])
        audit_record(
            actor=actor,
            action="case.receive",
            court_id=court.id,
            obj=case,
            summary=f"收案：{checked[0]['name']} 申请执行 {checked[-1]['name']}",
            after={
                "type": case_type.value,
                "origin": origin_value.value,
                "received_on": received_on,
                "claim_amount": claim,
                "parties": [p["name"] for p in checked],
                "limitation_warning": bool(warning),
            },
        )
        _append(case, N.RECEIVED, received_on, actor, staff, {})
    return case


def _new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(10))


def next_serial(court_id: int, type_code: str, year: int) -> int:
    """The court's next serial of `type_code` in `year` (法〔2015〕137号: one sequence per court,
    type code and year), for case numbers and for other numbered documents (司惩 decisions).
    Write first, then read: the UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite)
    before the value is read, so two writers can never get the same number."""
    rows = CaseNumberSequence.objects.filter(court_id=court_id, type_code=type_code, year=year)
    if not rows.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                CaseNumberSequence.objects.create(
                    court_id=court_id, type_code=type_code, year=year, last=1
                )
            return 1
        except IntegrityError:
            rows.update(last=F("last") + 1)
    return rows.get().last


def case_docket(
    *, actor: Any, case: EnforcementCase, on: date, checklist: dict[str, bool]
) -> EnforcementCase:
    """立案: every acceptance condition of 执行工作规定 第16条 confirmed, then the case number
    （收案年度）+ 法院代字 + 类型代字 + 序号 + 号 (法〔2015〕137号)."""
    _raise(filing.check_acceptance(checklist), InputError)
    with transaction.atomic():
        case = _locked(case)
        staff = _actor_staff(actor, case.court)
        _check_and_date(actor, case, N.DOCKETED, on)
        case.serial = next_serial(case.court_id, case.type_code, case.year)
        case.case_number = format_case_number(
            year=case.year, court_code=case.court.code, type_code=case.type_code, serial=case.serial
        )
        case.filed_on = on
        case.status = EnforcementCase.Status.DOCKETED
        case.acceptance = {key: bool(checklist.get(key)) for key in filing.ACCEPTANCE_ITEMS}
        case.save(update_fields=["serial", "case_number", "filed_on", "status", "acceptance"])
        audit_record(
            actor=actor,
            action="case.docket",
            court_id=case.court_id,
            obj=case,
            summary=f"立案 {case.case_number}",
            after={"case_number": case.case_number, "filed_on": on, "acceptance": case.acceptance},
        )
        _append(case, N.DOCKETED, on, actor, staff, {"case_number": case.case_number})
    return case


def case_refuse(*, actor: Any, case: EnforcementCase, on: date, reason: str) -> EnforcementCase:
    if not reason.strip():
        raise InputError("case.reason_required", "请填写不予受理的理由", field="reason")
    with transaction.atomic():
        case = _locked(case)
        staff = _actor_staff(actor, case.court)
        _check_and_date(actor, case, N.REFUSED, on)
        case.status = EnforcementCase.Status.REFUSED
        case.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="case.refuse",
            court_id=case.court_id,
            obj=case,
            summary="裁定不予受理",
            after={"reason": reason.strip(), "on": on},
        )
        _append(case, N.REFUSED, on, actor, staff, {"reason": reason.strip()})
    return case


class CaseInputs(NamedTuple):
    """What `case_receive` needs to file a case again: its basis, its parties and its claim."""

    basis: BasisInput
    parties: list[PartyInput]
    claim_amount: Decimal | None


def case_inputs_from(case: EnforcementCase) -> CaseInputs:
    """The filing inputs of an existing case, for a new case made from it: the same basis and
    parties in their order, and its claim amount (resumption as 执恢, 法发〔2014〕26号 第6条;
    提级、指定、委托执行, which docket the case anew at the receiving court)."""
    basis = case.basis
    return CaseInputs(
        basis=BasisInput(
            issuing_body=basis.issuing_body,
            document_number=basis.document_number,
            effective_on=basis.effective_on,
            obligations=basis.obligations,
            performance_deadline=basis.performance_deadline,
            amount=basis.amount,
        ),
        parties=[
            PartyInput(
                role=p.role,
                kind=p.kind,
                name=p.name,
                id_number=p.id_number,
                credit_code=p.credit_code,
                legal_representative=p.legal_representative,
                phone=p.phone,
                email=p.email,
                address=p.address,
            )
            for p in case.parties.order_by("pk")
        ],
        claim_amount=case.claim_amount,
    )
