"""The hash-chained audit log: appended by services, and any edit or deletion is detected."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from zhixing.core.audit import audit_record, audit_verify
from zhixing.core.models import AuditChainHead, AuditRecord

pytestmark = pytest.mark.django_db


def _append(n, actor=None, chain=7):
    for i in range(n):
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="test.act",
                court_id=chain,
                object_type="x",
                object_id=i,
                summary=f"第{i}次",
                after={"i": i, "金额": "12.30"},
            )


def test_chain_links_each_record_to_the_previous():
    _append(3)
    records = list(AuditRecord.objects.filter(chain=7).order_by("seq"))
    assert [r.seq for r in records] == [1, 2, 3]
    assert records[0].prev_hash == "" and records[1].prev_hash == records[0].hash
    assert AuditChainHead.objects.get(chain=7).last_hash == records[2].hash
    assert audit_verify() == []


@pytest.mark.django_db(transaction=True)
def test_audit_record_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit_record(actor=None, action="x", court_id=1)


def test_edited_record_is_detected():
    _append(4)
    AuditRecord.objects.filter(chain=7, seq=2).update(summary="改过")
    breaks = audit_verify()
    assert [(b.chain, b.seq) for b in breaks] == [(7, 2)]
    assert "改动" in breaks[0].problem


def test_edited_json_is_detected():
    _append(2)
    AuditRecord.objects.filter(chain=7, seq=1).update(after={"i": 0, "金额": "99.99"})
    assert [(b.chain, b.seq) for b in audit_verify()] == [(7, 1)]


def test_deleted_middle_record_is_detected():
    _append(4)
    AuditRecord.objects.filter(chain=7, seq=3).delete()
    breaks = audit_verify()
    assert [(b.chain, b.seq) for b in breaks] == [(7, 3)]
    assert "缺少" in breaks[0].problem


def test_deleted_last_record_is_detected_by_the_head():
    _append(3)
    AuditRecord.objects.filter(chain=7, seq=3).delete()
    assert [(b.chain, b.seq) for b in audit_verify()] == [(7, 3)]


def test_rehashed_forgery_still_breaks_the_next_link():
    """Recomputing an edited record's own hash does not help: the next record points at the old one."""
    from zhixing.core.audit import record_hash

    _append(3)
    record = AuditRecord.objects.get(chain=7, seq=1)
    record.summary = "伪造"
    record.hash = record_hash(record)
    record.save()
    assert [(b.chain, b.seq) for b in audit_verify()] == [(7, 2)]


def test_chains_are_independent():
    _append(2, chain=7)
    _append(2, chain=8)
    AuditRecord.objects.filter(chain=8, seq=1).update(action="tampered")
    assert [(b.chain, b.seq) for b in audit_verify()] == [(8, 1)]
    assert audit_verify(7) == []


def test_verify_command_fails_on_tampering(tree):
    call_command("audit", "verify")  # the services' own records hold
    record = AuditRecord.objects.filter(chain=tree.chaoyang.id).order_by("seq").first()
    AuditRecord.objects.filter(pk=record.pk).update(summary="改过")
    with pytest.raises(CommandError, match="审计链校验失败"):
        call_command("audit", "verify")
