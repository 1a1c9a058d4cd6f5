"""cases.rules.deadlines: recipes turned into due dates with the legal calendar (no database).

Named fixed dates; 2026's National Day (10-01..10-07 rest, 10-10 a make-up workday)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.cases.rules.deadlines import (
    RECIPES,
    DeadlineCode,
    Event,
    Status,
    check_extension_approval,
    check_extension_request,
    compute_deadlines,
    pause_intervals,
)
from zhixing.cases.rules.nodes import NodeCode
from zhixing.core.rules.calendar import LegalCalendar

N = NodeCode
D = DeadlineCode
CAL = LegalCalendar()


def timeline(*items):
    return [
        Event(code, on, seq, months)
        for seq, (code, on, *rest) in enumerate(items, start=1)
        for months in [rest[0] if rest else 0]
    ]


def by_code(states):
    return {s.code: s for s in states}


def test_every_recipe_cites_its_source():
    assert all(r.source and r.length > 0 for r in RECIPES.values())


def test_receipt_starts_docketing_and_notice_clocks():
    states = by_code(compute_deadlines(timeline((N.RECEIVED, date(2026, 9, 21))), CAL))
    assert states[D.DOCKET_DECISION].due_on == date(2026, 9, 28)  # 7 days, a Monday
    # 10 days → 2026-10-01, National Day: moves to the first working day after the holiday
    assert states[D.ENFORCEMENT_NOTICE].due_on == date(2026, 10, 8)
    assert states[D.ENFORCEMENT_NOTICE].moved_from == date(2026, 10, 1)
    assert set(states) == {D.DOCKET_DECISION, D.ENFORCEMENT_NOTICE}


def test_stop_node_meets_the_deadline():
    states = by_code(
        compute_deadlines(
            timeline((N.RECEIVED, date(2026, 9, 21)), (N.DOCKETED, date(2026, 9, 30))), CAL
        )
    )
    docket = states[D.DOCKET_DECISION]
    assert docket.met_on == date(2026, 9, 30)
    assert docket.status(date(2026, 11, 1)) is Status.MET_LATE  # due 09-28, met 09-30
    assert states[D.CLOSURE].due_on == date(2027, 3, 30)  # 6 months from filing
    assert states[D.CLOSURE].provisional  # 2027 has no official holiday data yet


def test_non_litigation_closure_is_three_months():
    events = timeline((N.RECEIVED, date(2026, 5, 6)), (N.DOCKETED, date(2026, 5, 8)))
    assert by_code(compute_deadlines(events, CAL, non_litigation=True))[D.CLOSURE].due_on == date(
        2026, 8, 10
    )  # 08-08 Sat
    assert by_code(compute_deadlines(events, CAL))[D.CLOSURE].due_on == date(
        2026, 11, 9
    )  # 11-08 Sun


def test_suspension_stops_the_clock_and_resumption_restarts_it():
    base = [(N.RECEIVED, date(2026, 3, 2)), (N.DOCKETED, date(2026, 3, 3))]
    plain = by_code(compute_deadlines(timeline(*base), CAL))[D.CLOSURE]
    suspended = by_code(compute_deadlines(timeline(*base, (N.SUSPENDED, date(2026, 4, 1))), CAL))[
        D.CLOSURE
    ]
    assert plain.due_on == date(2026, 9, 3)
    assert suspended.due_on is None and suspended.paused_now
    assert suspended.status(date(2026, 12, 1)) is Status.PAUSED
    resumed = by_code(
        compute_deadlines(
            timeline(*base, (N.SUSPENDED, date(2026, 4, 1)), (N.RESUMED, date(2026, 4, 21))), CAL
        )
    )[D.CLOSURE]
    assert resumed.paused_days == 20
    assert resumed.due_on == date(2026, 9, 23)  # 2026-03-23 + 6 months


def test_resumption_into_national_day_moves_the_due_date():
    """A pause that pushes the last day into the holiday: moved to the first working day after."""
    base = [(N.RECEIVED, date(2026, 3, 30)), (N.DOCKETED, date(2026, 3, 31))]
    events = timeline(*base, (N.SUSPENDED, date(2026, 5, 6)), (N.RESUMED, date(2026, 5, 8)))
    closure = by_code(compute_deadlines(events, CAL))[D.CLOSURE]
    assert closure.paused_days == 2
    assert closure.moved_from == date(2026, 10, 2) and closure.due_on == date(2026, 10, 8)


def test_pause_after_the_deadline_was_met_changes_nothing():
    events = timeline(
        (N.RECEIVED, date(2026, 3, 2)),
        (N.DOCKETED, date(2026, 3, 3)),
        (N.SUSPENDED, date(2026, 4, 1)),
    )
    docket = by_code(compute_deadlines(events, CAL))[D.DOCKET_DECISION]
    assert docket.paused_days == 0 and docket.due_on == date(2026, 3, 9) and not docket.paused_now


def test_deferral_also_stops_the_clock():
    events = timeline(
        (N.RECEIVED, date(2026, 3, 2)),
        (N.DOCKETED, date(2026, 3, 3)),
        (N.DEFERRED, date(2026, 4, 1)),
        (N.DEFERRAL_ENDED, date(2026, 5, 1)),
    )
    assert by_code(compute_deadlines(events, CAL))[D.CLOSURE].paused_days == 30


def test_approved_extension_lengthens_closure():
    events = timeline(
        (N.RECEIVED, date(2026, 1, 5)),
        (N.DOCKETED, date(2026, 1, 6)),
        (N.EXTENSION_REQUESTED, date(2026, 7, 2)),
        (N.EXTENSION_APPROVED, date(2026, 7, 3), 3),
    )
    closure = by_code(compute_deadlines(events, CAL))[D.CLOSURE]
    assert closure.extended_months == 3
    assert closure.due_on == date(2026, 10, 8)  # 07-06 + 3 months = 10-06, National Day → 10-08


def test_each_lead_has_its_own_five_days():
    events = timeline(
        (N.RECEIVED, date(2026, 3, 2)),
        (N.DOCKETED, date(2026, 3, 3)),
        (N.LEAD_RECEIVED, date(2026, 3, 10)),
        (N.LEAD_RECEIVED, date(2026, 3, 12)),
        (N.LEAD_VERIFIED, date(2026, 3, 13)),
    )
    leads = [s for s in compute_deadlines(events, CAL) if s.code is D.LEAD_VERIFICATION]
    assert [(s.due_on, s.met_on) for s in leads] == [
        (date(2026, 3, 16), date(2026, 3, 13)),
        (date(2026, 3, 17), None),
    ]


def test_investigation_month_and_request_ten_days():
    events = timeline(
        (N.RECEIVED, date(2026, 1, 5)),
        (N.DOCKETED, date(2026, 1, 6)),
        (N.INVESTIGATION_REQUESTED, date(2026, 1, 20)),
        (N.INVESTIGATION_STARTED, date(2026, 1, 31)),
    )
    states = by_code(compute_deadlines(events, CAL))
    assert states[D.INVESTIGATION_START].due_on == date(2026, 1, 30)
    assert states[D.INVESTIGATION_START].status(date(2026, 2, 5)) is Status.MET_LATE
    # 01-31 + 1 month has no 31st: the month's last day, 02-28, a Saturday that is an official
    # make-up workday in 2026, so it does not move
    assert states[D.INVESTIGATION_COMPLETION].due_on == date(2026, 2, 28)
    assert states[D.INVESTIGATION_COMPLETION].moved_from is None


@pytest.mark.parametrize(
    ("due", "on", "pending", "codes"),
    [
        (date(2026, 9, 3), date(2026, 8, 29), False, []),  # 5 days before
        (date(2026, 9, 3), date(2026, 9, 3), False, []),  # the last day itself
        (date(2026, 9, 3), date(2026, 8, 28), False, ["extension.too_early"]),
        (date(2026, 9, 3), date(2026, 9, 4), False, ["extension.too_late"]),
        (date(2026, 9, 3), date(2026, 9, 1), True, ["extension.pending"]),
        (None, date(2026, 9, 1), False, ["extension.paused"]),
    ],
)
def test_extension_window(due, on, pending, codes):
    assert [
        r.code for r in check_extension_request(due_on=due, requested_on=on, pending=pending)
    ] == codes


@pytest.mark.parametrize(("months", "ok"), [(1, True), (3, True), (0, False), (4, False)])
def test_extension_length(months, ok):
    assert (not check_extension_approval(months=months, max_months=3)) is ok


def test_status_thresholds():
    states = by_code(compute_deadlines(timeline((N.RECEIVED, date(2026, 3, 2))), CAL))
    docket = states[D.DOCKET_DECISION]  # due 2026-03-09
    assert docket.status(date(2026, 3, 3), warn_days=3) is Status.OPEN
    assert docket.status(date(2026, 3, 6), warn_days=3) is Status.DUE_SOON
    assert docket.status(date(2026, 3, 9), warn_days=3) is Status.DUE_SOON
    assert docket.status(date(2026, 3, 10), warn_days=3) is Status.OVERDUE


@given(
    start=st.dates(min_value=date(2016, 1, 1), max_value=date(2026, 6, 30)),
    pause_at=st.integers(0, 60),
    pause_len=st.integers(1, 90),
)
def test_a_pause_never_brings_a_deadline_forward(start, pause_at, pause_len):
    """Property: suspending and resuming can only move a due date later, never earlier, and by
    at least the paused days when the pause falls inside the period."""
    base = [(N.RECEIVED, start), (N.DOCKETED, start)]
    plain = by_code(compute_deadlines(timeline(*base), CAL))[D.CLOSURE]
    s, r = start + timedelta(days=pause_at), start + timedelta(days=pause_at + pause_len)
    paused = by_code(compute_deadlines(timeline(*base, (N.SUSPENDED, s), (N.RESUMED, r)), CAL))[
        D.CLOSURE
    ]
    assert paused.paused_days == pause_len
    assert paused.due_on >= plain.due_on
    assert (
        paused.due_on - (plain.moved_from or plain.due_on)
    ).days >= pause_len - 3  # month-end clamping


@given(
    st.lists(st.sampled_from([N.SUSPENDED, N.RESUMED, N.DEFERRED, N.DEFERRAL_ENDED]), max_size=8)
)
def test_pause_intervals_are_ordered_and_well_formed(codes):
    events = timeline(
        *[(code, date(2026, 1, 1) + timedelta(days=3 * i)) for i, code in enumerate(codes)]
    )
    intervals = pause_intervals(events)
    for begin, end in intervals:
        assert end is None or end >= begin
    assert [b for b, _ in intervals] == sorted(b for b, _ in intervals)


def test_refusal_and_closure_end_the_open_clocks():
    refused = by_code(
        compute_deadlines(
            timeline((N.RECEIVED, date(2026, 9, 1)), (N.REFUSED, date(2026, 9, 4))), CAL
        )
    )
    assert (
        refused[D.DOCKET_DECISION].status(date(2026, 11, 26)) is Status.MET
    )  # stopped by its own node
    notice = refused[D.ENFORCEMENT_NOTICE]
    assert notice.ended and notice.met_on == date(2026, 9, 4)
    assert notice.status(date(2026, 11, 26)) is Status.ENDED
    closed = compute_deadlines(
        timeline(
            (N.RECEIVED, date(2026, 9, 1)),
            (N.DOCKETED, date(2026, 9, 2)),
            (N.CLOSED, date(2026, 9, 20)),
        ),
        CAL,
    )
    assert all(s.met_on is not None for s in closed)
    assert (
        by_code(closed)[D.CLOSURE].status(date(2026, 11, 26)) is Status.MET
    )  # closure is its own stop
