"""Audit log: every service call appends a hash-chained record in its own transaction.

design.md decision 4. Each court has its own chain (chain id = court id, 0 for records that
belong to no court). A record's hash covers its content and the previous record's hash, and the
chain head remembers the last sequence number and hash, so an edited, deleted or inserted record
breaks `python -m zhixing audit verify`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .middleware import request_id_var
from .models import AuditChainHead, AuditRecord

NO_COURT = 0


def jsonable(value: Any) -> Any:
    """Values as the record stores them: Decimal and dates as strings, so hashing is stable."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def _digest(fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


HASHED_FIELDS = (
    "chain",
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "summary",
    "before",
    "after",
    "request_id",
    "prev_hash",
)


def _digest_row(row: dict[str, Any]) -> str:
    fields = {name: row[name] for name in HASHED_FIELDS}
    fields["at"] = row["at"].astimezone(UTC).isoformat(timespec="microseconds")
    return _digest(fields)


def record_hash(record: AuditRecord) -> str:
    return _digest_row({name: getattr(record, name) for name in HASHED_FIELDS})


def _locked_head(chain: int) -> AuditChainHead:
    try:
        return AuditChainHead.objects.select_for_update().get(chain=chain)
    except AuditChainHead.DoesNotExist:
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(chain=chain)
        except IntegrityError:
            pass  # another writer created it first; lock theirs
        return AuditChainHead.objects.select_for_update().get(chain=chain)


def audit_record(
    *,
    actor: Any,
    action: str,
    court_id: int | None,
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    summary: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditRecord:
    """Appends one record to the court's chain. Must run inside the caller's transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction.atomic")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    chain = court_id or NO_COURT
    head = _locked_head(chain)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    record = AuditRecord(
        chain=chain,
        seq=head.seq + 1,
        at=timezone.now(),
        actor_id=actor.pk if authenticated else None,
        actor_name=(actor.get_username() if authenticated else "系统")[:150],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        summary=summary[:300],
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        request_id=request_id_var.get(),
        prev_hash=head.last_hash,
    )
    record.hash = record_hash(record)
    record.save(force_insert=True)
    head.seq = record.seq
    head.last_hash = record.hash
    head.save(update_fields=["seq", "last_hash"])
    return record


def audit_read(
    *, actor: Any, obj: Any, court_id: int | None, fields: list[str], summary: str
) -> None:
    """Logs that a person viewed protected personal data (design.md decision 4)."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="personal_data.view",
            court_id=court_id,
            obj=obj,
            summary=summary,
            after={"fields": fields},
        )


@dataclass(frozen=True)
class ChainBreak:
    chain: int
    seq: int
    problem: str  # Chinese, for the operator

    def __str__(self) -> str:
        return f"审计链 {self.chain} 第 {self.seq} 条：{self.problem}"


def audit_verify(chain: int | None = None) -> list[ChainBreak]:
    """Returns the first broken or missing link of every chain (empty when all chains hold)."""
    heads = AuditChainHead.objects.all()
    if chain is not None:
        heads = heads.filter(chain=chain)
    chains = {h.chain: h for h in heads}
    record_chains = AuditRecord.objects.values_list("chain", flat=True).distinct()
    if chain is not None:
        record_chains = record_chains.filter(chain=chain)
    breaks: list[ChainBreak] = []
    for key in sorted(set(chains) | set(record_chains)):
        found = _verify_chain(key, chains.get(key))
        if found:
            breaks.append(found)
    return breaks


def _verify_chain(chain: int, head: AuditChainHead | None) -> ChainBreak | None:
    expected_seq, prev_hash = 1, ""
    rows = AuditRecord.objects.filter(chain=chain).order_by("seq").values(*HASHED_FIELDS, "hash")
    for row in rows.iterator(chunk_size=5000):
        seq = row["seq"]
        if seq != expected_seq:
            return ChainBreak(chain, expected_seq, f"缺少记录（下一条为第 {seq} 条）")
        if row["prev_hash"] != prev_hash:
            return ChainBreak(chain, seq, "前序哈希不符：之前的记录被改动或删除")
        if _digest_row(row) != row["hash"]:
            return ChainBreak(chain, seq, "内容与哈希不符：该记录被改动")
        expected_seq, prev_hash = expected_seq + 1, row["hash"]
    last_seq = expected_seq - 1
    if head is None:
        return ChainBreak(chain, last_seq, "缺少链头") if last_seq else None
    if head.seq != last_seq or head.last_hash != prev_hash:
        return ChainBreak(
            chain, last_seq + 1, f"链尾缺失：链头记为第 {head.seq} 条，实存 {last_seq} 条"
        )
    return None
