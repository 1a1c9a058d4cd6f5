import threading
from contextlib import contextmanager
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from tests.cases import conftest as cases_conftest
from zhixing.linkage import partners
from zhixing.linkage.services import seed_departments

people = cases_conftest.people  # fixtures shared with the cases tests
file_case = cases_conftest.file_case

DOCKETED = date(2026, 9, 22)
STARTED = date(2026, 11, 2)


@pytest.fixture
def departments(superuser):
    return {d.code: d for d in seed_departments(actor=superuser)}


@pytest.fixture(autouse=True)
def simulated():
    """A simulated partner that never fails, restored after the test (the registry is global)."""
    partner = partners.SimulatedPartner()
    previous = partners.set_default(partner)
    yield partner
    partners.set_default(previous)


@pytest.fixture
def case(file_case, departments):
    """A docketed 朝阳 case with one respondent (王被执, a person)."""
    return file_case(docket_on=DOCKETED)


class Recording:
    """An adapter that records what it was given, or raises while `down`."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.down = False

    def send(self, message) -> None:
        if self.down:
            raise partners.PartnerUnavailable("前置机连接超时")
        self.sent.append(message.idempotency_key)


@pytest.fixture
def recording():
    adapter = Recording()
    previous = partners.set_default(adapter)
    yield adapter
    partners.set_default(previous)


# --- control measures (查封、扣押、冻结、扣划): shared with tests/measures/test_control_* -----------

TODAY = date(2026, 11, 26)  # a Thursday; every control test runs on this day
ACCOUNT = "6222020200011112222"
RULING = "（2026）京0105执1号之一"
SHANGHAI = ZoneInfo("Asia/Shanghai")
MORNING = datetime.combine(TODAY, time(8, 0), tzinfo=SHANGHAI)  # the court sends its requests
EVENING = datetime.combine(TODAY, time(20, 0), tzinfo=SHANGHAI)  # the departments' answers arrive


class Clock:
    """“Now” on TODAY: the morning, while the court works; the evening while a department's answer
    is received (`clock.later()`, used by `answer`). So an answer's `effective_at` during the day
    (10:00, 14:00 …) lies after the request was sent and before the answer came, as the answer
    handlers require (measures.services.control_answers)."""

    def __init__(self) -> None:
        self.moment = MORNING
        self._later = 0
        self._lock = threading.Lock()

    def now(self) -> datetime:
        return self.moment

    @contextmanager
    def later(self):
        with self._lock:
            self._later += 1
            self.moment = EVENING
        try:
            yield
        finally:
            with self._lock:
                self._later -= 1
                if not self._later:
                    self.moment = MORNING


CLOCK = Clock()


@pytest.fixture
def pinned_today(monkeypatch):
    """Services, rules and pages all read “today” through django.utils.timezone.localdate, and
    “now” through django.utils.timezone.now: both pinned to TODAY (see `Clock`)."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    monkeypatch.setattr(CLOCK, "moment", MORNING)
    monkeypatch.setattr(timezone, "now", CLOCK.now)
    return TODAY


@pytest.fixture
def clock(pinned_today):
    return CLOCK


def _answer(department_code, message, payload, answer_id=None):
    from zhixing.linkage.services import answer_receive

    with CLOCK.later():
        return answer_receive(
            actor=None,
            department_code=department_code,
            answer_id=answer_id or f"T-{message.idempotency_key[:10]}",
            message_key=message.idempotency_key,
            payload=payload,
        )


@pytest.fixture
def answer():
    """answer(department_code, message, payload, answer_id=None) → (PartnerAnswer, created)."""
    return _answer


@pytest.fixture
def found_deposit(people, case, recording, departments, pinned_today):
    """found_deposit(balance="80000.00", account=ACCOUNT, bank="icbc") → PropertyFound: a network
    inquiry whose bank answers with one deposit account (the other departments stay silent)."""
    from django.db import transaction

    from zhixing.linkage.models import OutboxMessage, PropertyFound
    from zhixing.linkage.services import network_inquiry_start

    def make(balance="80000.00", account=ACCOUNT, bank="icbc", kind="deposit", description=None):
        if not OutboxMessage.objects.filter(case=case, kind="inquiry").exists():
            with transaction.atomic():
                network_inquiry_start(actor=people["officer"].user, case=case, on=STARTED)
        message = OutboxMessage.objects.get(case=case, kind="inquiry", department__code=bank)
        if message.answered_at is None:
            _answer(
                bank,
                message,
                {
                    "items": [
                        {
                            "kind": kind,
                            "description": description or "活期存款账户",
                            "identifier": account,
                            "amount": balance,
                        }
                    ]
                },
            )
        return PropertyFound.objects.get(case=case, identifier=account)

    return make
