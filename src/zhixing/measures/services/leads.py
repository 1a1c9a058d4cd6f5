"""Property leads (财产线索): registering the applicant's lead and recording its verification.

法发〔2006〕35号 第6条: a concrete lead supplied by the applicant is verified within 5 days (at once when
urgent). Registering records `lead_received` on the case (which starts the `lead_verification`
deadline, one instance per lead); verifying records `lead_verified` naming that receipt (which
meets that lead's deadline, not the oldest open one).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from zhixing.cases.models import EnforcementCase, Party
from zhixing.cases.rules.deadlines import FOR_SEQ
from zhixing.cases.rules.filing import PartyRole
from zhixing.cases.rules.nodes import IMPLEMENTATION_ROLES
from zhixing.core.audit import audit_record
from zhixing.core.errors import DomainError, InputError, parse_choice

from ..models import PropertyLead
from ._common import Area, node_record, user

__all__ = ["LEAD_ROLES", "LEAD_SOURCE", "lead_register", "lead_verify", "may_leads"]

LEAD_ROLES = IMPLEMENTATION_ROLES  # 书记员、法官助理、执行员、执行法官 (the node table's roles)
LEAD_SOURCE = "法发〔2006〕35号 第6条"


# Own court's staff in an implementation role; a superuser passes (maintenance, demo data).
_area = Area("leads")
_require, _text, _date = _area.require, _area.text, _area.date


def may_leads(actor: Any, court_id: int) -> bool:
    return _area.may(actor, court_id, LEAD_ROLES)


def lead_register(
    *,
    actor: Any,
    case: EnforcementCase,
    provided_by: Party,
    received_on: date,
    kind: str,
    description: str,
    how_to_verify: str = "",
    urgent: bool = False,
) -> PropertyLead:
    """Registers a lead supplied by an applicant of the case and starts its 5-day clock."""
    kind = parse_choice(PropertyLead.Kind, kind, field="kind", label="财产类别").value
    description = _text(description, "description", "财产情况", 1000)
    how_to_verify = _text(how_to_verify, "how_to_verify", "核查途径", 300, required=False)
    received_on = _date(received_on, "received_on", "收到线索日期")
    _require(actor, case.court_id, LEAD_ROLES, "登记财产线索")
    if provided_by.case_id != case.pk or provided_by.role != PartyRole.APPLICANT.value:
        raise InputError(
            "leads.not_applicant",
            "财产线索的提供人应为本案的申请执行人",
            source=LEAD_SOURCE,
            field="provided_by",
        )
    with transaction.atomic():
        event = node_record(
            "received_on",
            actor=actor,
            case=case,
            code="lead_received",
            on=received_on,
            data={"lead": description[:60], "kind": kind},
            note=f"{provided_by.name}提供{'（情况紧急）' if urgent else ''}",
        )
        lead = PropertyLead.objects.create(
            case=case,
            court_id=case.court_id,
            provided_by=provided_by,
            received_on=received_on,
            kind=kind,
            description=description,
            how_to_verify=how_to_verify,
            urgent=urgent,
            registered_by=user(actor),
            received_seq=event.seq,
        )
        audit_record(
            actor=actor,
            action="measures.lead_register",
            court_id=case.court_id,
            obj=lead,
            summary=f"{case} 收到{provided_by.name}提供的财产线索：{description[:60]}",
            after={"received_on": received_on, "kind": kind, "urgent": urgent},
        )
        return lead


def lead_verify(
    *, actor: Any, lead: PropertyLead, verified_on: date, result: str, note: str = ""
) -> PropertyLead:
    """Records the verification of a lead (found / not found) and meets its deadline."""
    outcome = parse_choice(PropertyLead.Result, result, field="result", label="核查结果")
    note = _text(note, "note", "核查情况", 300, required=outcome is PropertyLead.Result.NOT_FOUND)
    verified_on = _date(verified_on, "verified_on", "核查日期")
    _require(actor, lead.court_id, LEAD_ROLES, "核查财产线索")
    with transaction.atomic():
        row = PropertyLead.objects.select_for_update().select_related("case").get(pk=lead.pk)
        if row.result:
            raise DomainError("leads.already_verified", "该线索已经核查", source=LEAD_SOURCE)
        if verified_on < row.received_on:
            raise InputError(
                "leads.date_order", "核查日期不能早于收到线索的日期", field="verified_on"
            )
        node_record(
            "verified_on",
            actor=actor,
            case=row.case,
            code="lead_verified",
            on=verified_on,
            # names the lead's own receipt, so its 5 days are met whatever the order of
            # verification (cases.rules.deadlines, FOR_SEQ)
            data={
                "result": outcome.label,
                "lead": row.description[:60],
                FOR_SEQ: row.received_seq,
            },
            note=note,
        )
        row.result, row.result_note, row.verified_on = outcome.value, note, verified_on
        row.verified_by = user(actor)
        row.save(update_fields=["result", "result_note", "verified_on", "verified_by"])
        audit_record(
            actor=actor,
            action="measures.lead_verify",
            court_id=row.court_id,
            obj=row,
            summary=f"{row.case} 核查财产线索：{outcome.label}",
            before={"result": ""},
            after={"result": outcome.value, "verified_on": verified_on, "note": note},
        )
        return row
