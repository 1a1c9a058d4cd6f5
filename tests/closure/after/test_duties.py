"""`python -m zhixing run-duties`: every registered duty in order, one line each, a summary; a
failing duty reported while the others run (non-zero exit); `--today` and `--only`; the system
actor duties act as."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.closure.after.conftest import ROUND1
from zhixing.closure.models import ReInquiry
from zhixing.core import duties
from zhixing.core.models import AuditRecord
from zhixing.organization.selectors import scope_of

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("run_duties", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_every_registered_duty_runs_in_order():
    names = [d.name for d in duties.duties()]
    assert names.index("closure.after_round_termination") < names.index(
        "measures.expiring_controls"
    )
    out, _ = run("--today", "2026-11-26")
    lines = out.strip().splitlines()
    assert [line.split("（")[0] for line in lines[:-1]] == [f"✓ {name}" for name in names]
    assert lines[-1].startswith("定期任务（2026年11月26日）：执行")


def test_today_and_only(round_termination):
    case = round_termination()
    out, _ = run("--today", ROUND1.isoformat(), "--only", "closure.after_round_termination")
    assert "measures.expiring_controls" not in out and "发起 1 次" in out
    assert ReInquiry.objects.get(case=case, round=1).sent_on == ROUND1


@pytest.mark.parametrize(
    "args, message",
    [
        (("--today", "2026-13-01"), "YYYY-MM-DD"),
        (("--today", "2026-11-27"), "不能晚于今天"),
        (("--only", "no.such"), "没有名为 no.such 的定期任务"),
    ],
)
def test_bad_arguments_are_refused(args, message, pinned_today):
    with pytest.raises(CommandError) as refused:
        run(*args)
    assert message in str(refused.value)


def test_a_failing_duty_is_reported_and_the_others_still_run(monkeypatch):
    calls = []
    registry = dict(duties._DUTIES)
    monkeypatch.setattr(duties, "_DUTIES", registry)

    def broken(today):
        raise RuntimeError("联动平台不可用")

    duties.register(1, "test.broken", "会失败的任务", broken)
    duties.register(99, "test.after", "之后的任务", lambda today: calls.append(today) or "完成")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(
            "run_duties", "--only", "test.broken", "--only", "test.after", stdout=out, stderr=err
        )
    assert "失败 1 项：test.broken" in str(failed.value)
    assert "联动平台不可用" in err.getvalue()
    assert calls and "✓ test.after" in out.getvalue()


def test_the_system_actor_sees_every_court_and_cannot_log_in(client):
    actor = duties.system_actor()
    assert duties.system_actor().pk == actor.pk  # created once
    assert AuditRecord.objects.filter(action="core.system_actor_create").count() == 1
    assert actor.is_superuser and not actor.is_active and not actor.has_usable_password()
    assert scope_of(actor).covers(12345)
    assert not client.login(username=duties.SYSTEM_USERNAME, password="")
    assert get_user_model().objects.filter(username="zhixing-system").count() == 1


def test_as_of_sets_the_day_for_what_the_duty_sets_off(pinned_today):
    assert duties.today() == date(2026, 11, 26)
    with duties.as_of(date(2026, 4, 10)):
        assert duties.today() == date(2026, 4, 10)
    assert duties.today() == date(2026, 11, 26)
