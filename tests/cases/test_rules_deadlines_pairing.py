"""cases.rules.deadlines: which stop meets which start of a repeating recipe (one clock per lead,
per property to appraise). A stop that names its start (`for_seq` in its data → `Event.answers`)
meets that start; stops that name none (old data) meet the earliest open start, in order.

Named fixed dates: two leads received 2026-01-06 and 2026-01-20, only the second verified on
2026-01-21."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.cases.rules.deadlines import (
    RECIPES,
    DeadlineCode,
    Event,
    Status,
    answered_seq,
    compute_deadlines,
)
from zhixing.cases.rules.nodes import NodeCode
from zhixing.core.rules.calendar import LegalCalendar

N = NodeCode
D = DeadlineCode
CAL = LegalCalendar()
BASE = [(N.RECEIVED, date(2026, 1, 5)), (N.DOCKETED, date(2026, 1, 5))]  # seq 1, 2


def timeline(*items):
    """(code, on) or (code, on, answers) → events numbered from 1 in the order given."""
    return [
        Event(code, on, seq, 0, rest[0] if rest else None)
        for seq, (code, on, *rest) in enumerate(items, start=1)
    ]


def rows(events, code):
    """(started_on, met_on) of each instance of one recipe, in start order."""
    return [(s.started_on, s.met_on) for s in compute_deadlines(events, CAL) if s.code is code]


A_ON, B_ON, VERIFIED = date(2026, 1, 6), date(2026, 1, 20), date(2026, 1, 21)


@pytest.mark.parametrize(
    ("stops", "expected"),
    [
        # B (seq 4) verified, naming its receipt: A stays open, B is met
        ([(N.LEAD_VERIFIED, VERIFIED, 4)], [(A_ON, None), (B_ON, VERIFIED)]),
        # old data, no name: the oldest open lead is taken as verified (first in, first out)
        ([(N.LEAD_VERIFIED, VERIFIED)], [(A_ON, VERIFIED), (B_ON, None)]),
        # A named explicitly: the same result as the fallback, now by name
        ([(N.LEAD_VERIFIED, VERIFIED, 3)], [(A_ON, VERIFIED), (B_ON, None)]),
        # both verified, B first: each meets its own
        (
            [(N.LEAD_VERIFIED, VERIFIED, 4), (N.LEAD_VERIFIED, date(2026, 1, 23), 3)],
            [(A_ON, date(2026, 1, 23)), (B_ON, VERIFIED)],
        ),
        # a named stop and an unnamed one: the unnamed meets the start left open
        (
            [(N.LEAD_VERIFIED, VERIFIED, 4), (N.LEAD_VERIFIED, date(2026, 1, 23))],
            [(A_ON, date(2026, 1, 23)), (B_ON, VERIFIED)],
        ),
        # a stop naming what is no lead receipt (seq 2 = docketing) meets nothing
        ([(N.LEAD_VERIFIED, VERIFIED, 2)], [(A_ON, None), (B_ON, None)]),
        # a second stop naming an answered lead meets nothing else
        (
            [(N.LEAD_VERIFIED, VERIFIED, 4), (N.LEAD_VERIFIED, date(2026, 1, 23), 4)],
            [(A_ON, None), (B_ON, VERIFIED)],
        ),
        # a stop naming a start recorded after it meets nothing
        ([(N.LEAD_VERIFIED, VERIFIED, 9)], [(A_ON, None), (B_ON, None)]),
    ],
)
def test_lead_verification_pairs_by_name_then_in_order(stops, expected):
    events = timeline(*BASE, (N.LEAD_RECEIVED, A_ON), (N.LEAD_RECEIVED, B_ON), *stops)
    assert rows(events, D.LEAD_VERIFICATION) == expected


def test_out_of_order_verification_leaves_the_older_lead_overdue():
    """The reviewer's case: lead A 01-06, lead B 01-20, only B verified 01-21. A is overdue (due
    01-11 → a Sunday, moved to Monday 01-12), B met in time."""
    events = timeline(
        *BASE, (N.LEAD_RECEIVED, A_ON), (N.LEAD_RECEIVED, B_ON), (N.LEAD_VERIFIED, VERIFIED, 4)
    )
    a, b = [s for s in compute_deadlines(events, CAL) if s.code is D.LEAD_VERIFICATION]
    assert (a.instance, b.instance) == (3, 4)
    assert a.due_on == date(2026, 1, 12) and a.status(date(2026, 1, 22)) is Status.OVERDUE
    assert b.status(date(2026, 1, 22)) is Status.MET


def test_appraiser_selection_pairs_each_property_with_its_own_decision():
    """法发〔2006〕35号 第7条 per property: house decided 02-02, car decided 02-05; the agency for the car
    chosen first (02-06) meets the car's clock, not the house's."""
    appraisal = [
        (N.MEASURE_TAKEN, date(2026, 2, 1)),  # 3
        (N.APPRAISAL_ORDERED, date(2026, 2, 2)),  # 4: the house
        (N.APPRAISAL_ORDERED, date(2026, 2, 5)),  # 5: the car
    ]
    named = timeline(*BASE, *appraisal, (N.APPRAISER_SELECTED, date(2026, 2, 6), 5))
    assert rows(named, D.APPRAISER_SELECTION) == [
        (date(2026, 2, 2), None),
        (date(2026, 2, 5), date(2026, 2, 6)),
    ]
    unnamed = timeline(*BASE, *appraisal, (N.APPRAISER_SELECTED, date(2026, 2, 6)))
    assert rows(unnamed, D.APPRAISER_SELECTION) == [
        (date(2026, 2, 2), date(2026, 2, 6)),
        (date(2026, 2, 5), None),
    ]


@pytest.mark.parametrize("named", [True, False])
def test_suspension_still_pauses_the_open_lead(named):
    """A suspension between the two receipts pauses A's clock (法发〔2006〕35号 第13条) whichever way
    the stop is paired; the named stop keeps B met and A open with its paused days."""
    events = timeline(
        *BASE,
        (N.LEAD_RECEIVED, A_ON),  # 3
        (N.SUSPENDED, date(2026, 1, 8)),  # 4
        (N.RESUMED, date(2026, 1, 18)),  # 5
        (N.LEAD_RECEIVED, B_ON),  # 6
        (N.LEAD_VERIFIED, VERIFIED, 6 if named else None),  # 7
    )
    a, b = [s for s in compute_deadlines(events, CAL) if s.code is D.LEAD_VERIFICATION]
    if named:
        assert a.met_on is None and a.paused_days == 10
        assert a.due_on == date(2026, 1, 21)  # 01-06 + 10 paused + 5
        assert b.met_on == VERIFIED and b.paused_days == 0
    else:
        assert a.met_on == VERIFIED and a.paused_days == 10
        assert b.met_on is None


def test_an_open_suspension_pauses_the_unanswered_lead_only():
    events = timeline(
        *BASE,
        (N.LEAD_RECEIVED, A_ON),
        (N.LEAD_RECEIVED, B_ON),
        (N.LEAD_VERIFIED, VERIFIED, 4),
        (N.SUSPENDED, date(2026, 1, 22)),
    )
    a, b = [s for s in compute_deadlines(events, CAL) if s.code is D.LEAD_VERIFICATION]
    assert a.paused_now and a.due_on is None and a.status(date(2026, 2, 1)) is Status.PAUSED
    assert not b.paused_now and b.status(date(2026, 2, 1)) is Status.MET


@pytest.mark.parametrize(
    ("data", "seq"),
    [
        ({"for_seq": 7}, 7),
        ({"for_seq": "7"}, 7),
        ({"result": "属实"}, None),
        ({}, None),
        (None, None),
        ({"for_seq": None}, None),
        ({"for_seq": "x"}, None),
        ({"for_seq": True}, None),
    ],
)
def test_answered_seq_reads_the_stop_data(data, seq):
    assert answered_seq(data) == seq


# --- property ------------------------------------------------------------------------------

REPEATING = [code for code, recipe in RECIPES.items() if recipe.repeat]


def fifo(starts, stops):
    """The pairing before stops named their start: each start, in order, takes the next unused
    stop after it."""
    used, out = set(), {}
    for start in starts:
        stop = next((s for s in stops if s.seq > start.seq and s.seq not in used), None)
        if stop is not None:
            used.add(stop.seq)
            out[start.seq] = stop.seq
    return out


@st.composite
def histories(draw):
    """Docketing, then a random mix of starts and stops of one repeating recipe; each stop names
    a start (any earlier seq, sometimes a wrong one) or none."""
    code = draw(st.sampled_from(REPEATING))
    recipe = RECIPES[code]
    stop_code = next(iter(recipe.stops))
    kinds = draw(st.lists(st.booleans(), min_size=1, max_size=12))  # True: a start
    naming = draw(st.booleans())
    items = list(BASE)
    for i, is_start in enumerate(kinds):
        on = date(2026, 1, 6) + timedelta(days=i)
        if is_start:
            items.append((recipe.start, on))
            continue
        seq = len(items) + 1
        name = draw(st.none() | st.integers(1, seq + 1)) if naming else None
        items.append((stop_code, on, name))
    return code, timeline(*items)


@given(histories())
def test_each_stop_meets_at_most_one_start_and_only_the_one_it_names(history):
    """Property: a stop meets at most one start; a stop that names a start meets only that one
    (and only once); without any names the pairing is the old first-in-first-out one; with names,
    the unnamed stops are paired in order among the starts the named ones left open."""
    code, events = history
    recipe = RECIPES[code]
    by_seq = {e.seq: e for e in events}
    states = [s for s in compute_deadlines(events, CAL) if s.code is code]
    starts = [e for e in events if e.code is recipe.start]
    stops = [e for e in events if e.code in recipe.stops]
    assert [s.instance for s in states] == [e.seq for e in starts]
    pairs = {}  # start seq → stop seq
    for state in states:
        if state.met_on is None:
            continue
        stop = next(e for e in stops if e.on == state.met_on)  # one event a day
        assert stop.seq > state.instance
        pairs[state.instance] = stop.seq
    assert len(set(pairs.values())) == len(pairs)  # a stop meets at most one start
    for start_seq, stop_seq in pairs.items():
        answers = by_seq[stop_seq].answers
        assert answers is None or answers == start_seq
    start_seqs = {s.seq for s in starts}
    named: dict[int, int] = {}  # start seq → the first later stop naming it
    for stop in stops:
        if stop.answers in start_seqs and stop.answers < stop.seq:
            named.setdefault(stop.answers, stop.seq)
    for start_seq, namer in named.items():
        assert pairs.get(start_seq) == namer  # a start named by a later stop is met by it
    if all(s.answers is None for s in stops):
        assert pairs == fifo(starts, stops)
    else:
        left = [s for s in starts if s.seq not in {by_seq[v].answers for v in pairs.values()}]
        unnamed = [s for s in stops if s.answers is None]
        assert {k: v for k, v in pairs.items() if by_seq[v].answers is None} == fifo(left, unnamed)
