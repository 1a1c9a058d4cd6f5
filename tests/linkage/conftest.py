from datetime import date

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
