"""cases.rules.nodes: who may record what, in which order (no database)."""

from datetime import date

import pytest

from zhixing.cases.rules.nodes import (
    NODE_TABLE,
    NodeCode,
    Recorded,
    Stage,
    check_node,
    current_stage,
    open_pause,
)
from zhixing.core.rules.roles import Role

N = NodeCode
OFFICER = frozenset({Role.OFFICER})
CLERK = frozenset({Role.CLERK})
CHIEF = frozenset({Role.BUREAU_CHIEF})
PRESIDENT = frozenset({Role.PRESIDENT})
D = date(2026, 3, 1)


def history(*codes):
    return [Recorded(code, D) for code in codes]


@pytest.mark.parametrize(
    ("code", "done", "roles", "expected"),
    [
        (N.DOCKETED, [N.RECEIVED], CLERK, []),
        (N.DOCKETED, [], CLERK, ["node.out_of_order"]),
        (N.REFUSED, [N.RECEIVED, N.DOCKETED], CLERK, ["node.out_of_order"]),
        (N.DOCKETED, [N.RECEIVED, N.REFUSED], CLERK, ["node.case_ended", "node.out_of_order"]),
        (N.DOCKETED, [N.RECEIVED, N.DOCKETED], CLERK, ["node.repeated"]),
        (N.OFFICER_ASSIGNED, [N.RECEIVED, N.DOCKETED], CHIEF, []),
        (N.OFFICER_ASSIGNED, [N.RECEIVED, N.DOCKETED], OFFICER, ["node.role"]),
        (N.NOTICE_SERVED, [N.RECEIVED, N.DOCKETED], OFFICER, ["node.out_of_order"]),
        (N.NOTICE_SERVED, [N.RECEIVED, N.DOCKETED, N.NOTICE_ISSUED], OFFICER, []),
        (N.LEAD_VERIFIED, [N.RECEIVED, N.DOCKETED], OFFICER, ["node.out_of_order"]),
        (N.DISPOSAL_STARTED, [N.RECEIVED, N.DOCKETED], OFFICER, ["node.out_of_order"]),
        (N.SUSPENDED, [N.RECEIVED, N.DOCKETED], CLERK, ["node.role"]),
        (N.SUSPENDED, [N.RECEIVED, N.DOCKETED], OFFICER, []),
        (N.SUSPENDED, [N.RECEIVED, N.DOCKETED, N.SUSPENDED], OFFICER, ["node.repeated"]),
        (N.RESUMED, [N.RECEIVED, N.DOCKETED], OFFICER, ["node.out_of_order"]),
        (N.RESUMED, [N.RECEIVED, N.DOCKETED, N.SUSPENDED], OFFICER, []),
        (
            N.RESUMED,
            [N.RECEIVED, N.DOCKETED, N.SUSPENDED, N.RESUMED],
            OFFICER,
            ["node.out_of_order"],
        ),
        (N.SUSPENDED, [N.RECEIVED, N.DOCKETED, N.SUSPENDED, N.RESUMED], OFFICER, []),
        (N.DEFERRAL_ENDED, [N.RECEIVED, N.DOCKETED, N.SUSPENDED], OFFICER, ["node.out_of_order"]),
        (
            N.EXTENSION_APPROVED,
            [N.RECEIVED, N.DOCKETED, N.EXTENSION_REQUESTED],
            OFFICER,
            ["node.role"],
        ),
        (N.EXTENSION_APPROVED, [N.RECEIVED, N.DOCKETED, N.EXTENSION_REQUESTED], PRESIDENT, []),
        (N.EXTENSION_APPROVED, [N.RECEIVED, N.DOCKETED], PRESIDENT, ["node.out_of_order"]),
        (N.MEASURE_TAKEN, [N.RECEIVED, N.DOCKETED, N.CLOSED], OFFICER, ["node.case_ended"]),
        # what is still controlled is released after 结案 (the only node allowed then)
        (N.CONTROL_RELEASED, [N.RECEIVED, N.DOCKETED, N.MEASURE_TAKEN, N.CLOSED], OFFICER, []),
        (
            N.CONTROL_RENEWED,
            [N.RECEIVED, N.DOCKETED, N.MEASURE_TAKEN, N.CLOSED],
            OFFICER,
            ["node.case_ended"],
        ),
        (N.LEAD_RECEIVED, [N.RECEIVED, N.DOCKETED, N.LEAD_RECEIVED], OFFICER, []),  # repeatable
    ],
)
def test_check_node(code, done, roles, expected):
    refusals = check_node(code, history(*done), roles)
    assert [r.code for r in refusals] == expected
    assert all(r.message and r.source for r in refusals)


def test_every_node_cites_a_source_and_has_roles():
    for code, node in NODE_TABLE.items():
        assert node.source, code
        assert node.roles, code
        assert node.label, code


def test_every_pause_has_an_end_node():
    pauses = [code for code, node in NODE_TABLE.items() if node.pauses]
    ends = {node.ends_pause for node in NODE_TABLE.values() if node.ends_pause}
    assert set(pauses) == ends == {N.SUSPENDED, N.DEFERRED}


@pytest.mark.parametrize(
    ("done", "is_open"),
    [
        ([N.SUSPENDED], True),
        ([N.SUSPENDED, N.RESUMED], False),
        ([N.SUSPENDED, N.RESUMED, N.SUSPENDED], True),
        ([N.DEFERRED], False),
        ([], False),
    ],
)
def test_open_pause(done, is_open):
    assert open_pause(history(*done), N.SUSPENDED) is is_open


@pytest.mark.parametrize(
    ("done", "stage"),
    [
        ([N.RECEIVED], Stage.FILING),
        ([N.RECEIVED, N.DOCKETED, N.NOTICE_ISSUED], Stage.NOTICE),
        ([N.RECEIVED, N.DOCKETED, N.NOTICE_ISSUED, N.MEASURE_TAKEN], Stage.INQUIRY_CONTROL),
        (
            [N.RECEIVED, N.DOCKETED, N.MEASURE_TAKEN, N.DISPOSAL_STARTED, N.SUSPENDED],
            Stage.DISPOSAL,
        ),
        ([N.RECEIVED, N.DOCKETED, N.PAYOUT_MADE, N.NOTICE_ISSUED], Stage.PAYOUT),
        ([N.RECEIVED, N.DOCKETED, N.CLOSED], Stage.CLOSURE),
        ([N.RECEIVED, N.REFUSED], Stage.CLOSURE),
    ],
)
def test_current_stage(done, stage):
    assert current_stage(history(*done)) is stage
