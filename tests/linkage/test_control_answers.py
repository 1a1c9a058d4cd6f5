"""Answers to freeze, deduct and release requests: their shape, the answer registry, and the
simulated partner that answers them."""

import ast
import io
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from tests.linkage.conftest import ACCOUNT, RULING, TODAY
from zhixing.linkage import hooks, outbox, partners
from zhixing.linkage.models import OutboxMessage, SimulatedAnswer
from zhixing.linkage.partners import deliver_simulated, simulated_balance, simulated_control_answer
from zhixing.linkage.rules.outbox import AnswerError, MessageKind, parse_control_answer
from zhixing.linkage.services import message_enqueue
from zhixing.measures.models import ControlMeasure, FundReceipt
from zhixing.measures.services import control as control_services

K = MessageKind
NOW = "2026-11-26T10:00:00+08:00"


# --- the shape of an answer (no database) --------------------------------------------------


def test_a_done_freeze_answer_is_read_with_money_and_time():
    answer = parse_control_answer(
        K.FREEZE, {"result": "done", "amount": "1200.5", "effective_at": NOW, "until": "2027-11-26"}
    )
    assert answer.done and answer.amount == Decimal("1200.50")
    assert answer.effective_at == datetime.fromisoformat(NOW)
    assert answer.until.isoformat() == "2027-11-26"


def test_a_failed_answer_carries_its_reason():
    answer = parse_control_answer(K.RELEASE, {"result": "failed", "reason": "未找到该查封登记"})
    assert (answer.done, answer.reason) == (False, "未找到该查封登记")


@pytest.mark.parametrize(
    ("kind", "payload", "code", "field"),
    [
        (K.FREEZE, {"result": "ok"}, "answer.result_invalid", "payload.result"),
        (K.FREEZE, {}, "answer.result_invalid", "payload.result"),
        (K.FREEZE, {"result": "failed"}, "answer.reason_required", "payload.reason"),
        (K.FREEZE, {"result": "done"}, "answer.effective_at_required", "payload.effective_at"),
        (
            K.FREEZE,
            {"result": "done", "effective_at": "昨天"},
            "answer.effective_at_invalid",
            "payload.effective_at",
        ),
        (
            K.FREEZE,
            {"result": "done", "effective_at": NOW, "amount": "-1"},
            "answer.amount_negative",
            "payload.amount",
        ),
        (
            K.FREEZE,
            {"result": "done", "effective_at": NOW, "amount": "1.234"},
            "money.precision",
            "payload.amount",
        ),
        (
            K.FREEZE,
            {"result": "done", "effective_at": NOW, "until": "2027/11/26"},
            "answer.until_invalid",
            "payload.until",
        ),
        (
            K.DEDUCT,
            {"result": "done", "effective_at": NOW, "reference": "R1"},
            "answer.deduct_amount_required",
            "payload.amount",
        ),
        (
            K.DEDUCT,
            {"result": "done", "effective_at": NOW, "amount": "10"},
            "answer.reference_required",
            "payload.reference",
        ),
        (K.INQUIRY, {"result": "done"}, "answer.kind_invalid", "payload"),
    ],
)
def test_unreadable_answers_say_why_in_chinese(kind, payload, code, field):
    with pytest.raises(AnswerError) as caught:
        parse_control_answer(kind, payload)
    assert (caught.value.code, caught.value.field) == (code, field)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)


# --- the registry --------------------------------------------------------------------------


def test_inquiry_answers_take_handlers_too(monkeypatch):
    """Closure reacts to a whole round of 终本后定期查询 answered (issue 5): inquiry handlers are
    accepted and run like the others."""
    from collections import defaultdict

    monkeypatch.setattr(hooks, "_HANDLERS", defaultdict(list))
    calls = []
    hooks.on_answer(K.INQUIRY, lambda **kw: calls.append(kw))
    assert hooks.run_answer_handlers(K.INQUIRY, message="m", answer="a", parsed=None) == 1
    assert calls == [{"message": "m", "answer": "a", "parsed": None}]


def test_a_handler_is_registered_once_and_runs(monkeypatch):
    from collections import defaultdict

    monkeypatch.setattr(hooks, "_HANDLERS", defaultdict(list))  # an empty registry for the test
    calls = []

    def handler(**kw):
        calls.append(kw)

    hooks.on_answer(K.RELEASE, handler)
    hooks.on_answer("release", handler)
    assert hooks.registered() == {K.RELEASE: [handler]}
    assert hooks.run_answer_handlers(K.RELEASE, message="m", answer="a", parsed="p") == 1
    assert hooks.run_answer_handlers(K.DEDUCT, message="m", answer="a", parsed="p") == 0
    assert calls == [{"message": "m", "answer": "a", "parsed": "p"}]


def test_linkage_never_imports_the_apps_above_it():
    """design.md decision 9: measures registers with linkage.hooks; linkage imports no measures."""
    root = Path(__import__("zhixing.linkage").linkage.__file__).parent
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.startswith("zhixing.measures") for n in names), path


# --- the simulated partner (no database for the pure part) ---------------------------------


def freeze_payload(amount="50000.00", account=ACCOUNT, **extra):
    return {
        "who": {"name": "王被执", "kind": "person", "id_number": "11010519491231002X"},
        "property": {"kind": "deposit", "identifier": account},
        "amount": amount,
        "until": "2027-11-26",
        **extra,
    }


def test_simulated_bank_freezes_the_balance_it_holds_sometimes_less():
    frozen = []
    for n in range(40):
        answer = simulated_control_answer(
            "freeze", "bank", "icbc", freeze_payload(), key=f"k{n}", effective_at=NOW
        )
        assert answer["result"] in ("done", "failed")
        if answer["result"] == "done":
            frozen.append(Decimal(answer["amount"]))
    balance = simulated_balance("bank", "icbc", freeze_payload())
    assert all(0 < f <= min(balance, Decimal("50000.00")) for f in frozen)
    assert len(set(frozen)) > 1  # now and then the account holds less than reported
    again = simulated_control_answer(
        "freeze", "bank", "icbc", freeze_payload(), key="k0", effective_at=NOW
    )
    assert again == simulated_control_answer(
        "freeze", "bank", "icbc", freeze_payload(), key="k0", effective_at=NOW
    )


def test_simulated_bank_deducts_up_to_the_frozen_amount():
    answer = simulated_control_answer(
        "deduct", "bank", "icbc", {"amount": "900", "frozen": "600"}, key="d", effective_at=NOW
    )
    assert (answer["result"], answer["amount"]) == ("done", "600")
    assert answer["reference"]
    nothing = simulated_control_answer(
        "deduct", "bank", "icbc", {"amount": "900", "frozen": "0"}, key="d", effective_at=NOW
    )
    assert nothing["result"] == "failed"


def test_registries_seal_and_release_as_asked():
    seal = simulated_control_answer(
        "freeze", "real_estate", "real-estate", {"until": "2029-11-26"}, key="s", effective_at=NOW
    )
    assert seal == {"result": "done", "effective_at": NOW, "until": "2029-11-26"}
    release = simulated_control_answer("release", "bank", "icbc", {}, key="r", effective_at=NOW)
    assert release["result"] == "done"


# --- the simulated partner on the database -------------------------------------------------


@pytest.mark.django_db
def test_simulated_round_trip_freeze_deduct_with_failures_retried(
    people, case, departments, found_deposit, pinned_today, django_capture_on_commit_callbacks
):
    partners.set_default(partners.SimulatedPartner(fail_rate=1.0))  # the bank is down
    found = found_deposit(balance="80000.00")
    with django_capture_on_commit_callbacks(execute=True):
        measure = control_services.control_take(
            actor=people["officer"].user,
            case=case,
            kind="freeze",
            found=found,
            amount="50000.00",
            started_on=TODAY,
            expires_on=TODAY.replace(year=2027),
            ruling=RULING,
        )
    message = OutboxMessage.objects.get(pk=measure.message_id)
    assert (message.status, message.attempts) == ("failed", 1)
    assert "前置机无响应" in message.last_error
    partners.set_default(partners.SimulatedPartner())  # back up
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    assert outbox.send_due()[0] >= 1
    call_command("partners_simulate")
    measure.refresh_from_db()
    assert measure.status == "in_effect"
    assert Decimal("0") < measure.amount <= Decimal("50000.00")
    with django_capture_on_commit_callbacks(execute=True):
        deduction = control_services.deduction_request(
            actor=people["officer"].user,
            freeze=measure,
            amount=measure.amount,
            on=TODAY,
            ruling=RULING + "之二",
        )
    assert deliver_simulated() == 1
    assert deliver_simulated() == 0  # delivered once
    deduction.refresh_from_db()
    assert deduction.status == "done" and deduction.amount == measure.amount
    receipt = FundReceipt.objects.get()
    assert receipt.amount == measure.amount and receipt.channel == "deduction"
    SimulatedAnswer.objects.update(delivered_at=None)  # the simulator delivers everything again
    deliver_simulated()
    assert FundReceipt.objects.count() == 1
    assert ControlMeasure.objects.get(pk=measure.pk).status == "done"


@pytest.mark.django_db
def test_message_enqueue_refuses_an_inactive_department(people, case, departments):
    icbc = departments["icbc"]
    icbc.active = False
    icbc.save()
    from zhixing.core.errors import DomainError

    with pytest.raises(DomainError) as caught, transaction.atomic():
        message_enqueue(
            actor=people["officer"].user,
            case=case,
            party=case.parties.get(role="respondent"),
            department=icbc,
            kind=K.FREEZE,
            payload={},
            on=TODAY,
        )
    assert caught.value.code == "linkage.department_inactive"


def test_the_demo_loop_sends_the_outbox_and_delivers_answers_until_stopped(
    people, case, departments, found_deposit, pinned_today, monkeypatch
):
    """`partners-simulate --loop N` (started by `make run`): one pass sends the freeze that was
    never sent and the next delivers the bank's answer; Ctrl-C ends it quietly."""
    found = found_deposit(balance="80000.00")
    partners.set_default(partners.SimulatedPartner())  # found_deposit installed a recorder
    measure = control_services.control_take(  # no on_commit callbacks: the message stays pending
        actor=people["officer"].user,
        case=case,
        kind="freeze",
        found=found,
        amount="50000.00",
        started_on=TODAY,
        expires_on=TODAY.replace(year=2027),
        ruling=RULING,
    )
    assert OutboxMessage.objects.get(pk=measure.message_id).status == "pending"
    passes = []

    def sleep(seconds):
        passes.append(seconds)
        if len(passes) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("time.sleep", sleep)
    out = io.StringIO()
    call_command("partners_simulate", loop=0.5, stdout=out)
    measure.refresh_from_db()
    assert passes == [0.5, 0.5] and measure.status == "in_effect"
    assert "已送达模拟答复" in out.getvalue()  # the freeze and the inquiry round it came from
