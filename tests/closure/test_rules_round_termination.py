"""The 终本 gate as a pure rule (法〔2016〕373号 第1—5条; 民诉法解释 第517条): one table row per
condition, then properties over generated facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhixing.cases.rules.nodes import NodeCode
from zhixing.closure.rules.round_termination import (
    Facts,
    HeldProperty,
    Review,
    checklist,
    latest_review,
    passes,
    property_state,
    unmet,
)

N = NodeCode
FILED = date(2026, 3, 10)
CLOSING = date(2026, 9, 1)
D = date(2026, 5, 1)

READY_NODES = {
    N.NOTICE_ISSUED: (D,),
    N.NOTICE_SERVED: (D,),
    N.PROPERTY_REPORT_CHECKED: (D,),
    N.CONSUMPTION_RESTRICTED: (D,),
    N.DISHONEST_NOT_QUALIFIED: (D,),
    N.FIELD_INVESTIGATED: (D,),
    N.APPLICANT_INTERVIEWED: (D,),
    N.APPLICANT_CONFIRMED: (D,),
}
READY = Facts(filed_on=FILED, today=CLOSING, nodes=READY_NODES, inquiry_rounds=1)
CODES = [c.code for c in checklist(READY)]


def without(*codes: NodeCode, **changes: object) -> Facts:
    nodes = {k: v for k, v in READY_NODES.items() if k not in codes}
    return replace(READY, nodes=nodes, **changes)


def with_nodes(extra: dict[NodeCode, tuple[date, ...]], **changes: object) -> Facts:
    return replace(READY, nodes={**READY_NODES, **extra}, **changes)


def state(facts: Facts) -> dict[str, bool]:
    return {c.code: c.met for c in checklist(facts)}


def test_a_fully_prepared_case_passes_and_every_condition_has_label_source_and_no_missing():
    conditions = checklist(READY)
    assert passes(READY) and unmet(READY) == []
    assert len(conditions) == 13 and len(set(CODES)) == 13
    for c in conditions:
        assert c.met and c.missing == "" and c.label and c.source


# (facts, the one condition that fails, a phrase of what to do)
TABLE = [
    # 第1条第4项: strictly more than three months since filing
    (
        replace(READY, today=date(2026, 6, 10)),
        "round_termination.three_months",
        "2026年6月10日 之后",
    ),
    (replace(READY, today=date(2026, 6, 9)), "round_termination.three_months", "之后"),
    (replace(READY, filed_on=None), "round_termination.three_months", "尚未立案"),
    # 第1条第1项, 第2条第1项
    (without(N.NOTICE_SERVED), "round_termination.notice", "执行通知书送达"),
    (without(N.NOTICE_ISSUED), "round_termination.notice", "报告财产令"),
    # 第2条第2项、第3项
    (
        without(N.PROPERTY_REPORT_CHECKED),
        "round_termination.report_checked",
        "核查被执行人财产报告",
    ),
    # 第1条第2项
    (without(N.CONSUMPTION_RESTRICTED), "round_termination.consumption_restricted", "院长"),
    (without(N.DISHONEST_NOT_QUALIFIED), "round_termination.dishonest", "理由"),
    # 第3条
    (replace(READY, inquiry_rounds=0), "round_termination.network_inquiry", "发起网络查控"),
    (replace(READY, inquiries_unanswered=3), "round_termination.network_inquiry", "3 项"),
    (without(N.FIELD_INVESTIGATED), "round_termination.field_investigation", "实地调查"),
    (replace(READY, unverified_leads=2), "round_termination.leads_verified", "2 条"),
    # 第1条第3项, 第4条
    (
        replace(READY, held=(HeldProperty("住宅一套", "real_estate", control="seal"),)),
        "round_termination.property",
        "住宅一套",
    ),
    # 第1条第5项: only where a respondent went missing / obstruction was recorded
    (with_nodes({N.RESPONDENT_MISSING: (D,)}), "round_termination.respondent_searched", "依法查找"),
    (
        with_nodes({N.RESPONDENT_MISSING: (D,), N.RESPONDENT_SEARCHED: (D - timedelta(1),)}),
        "round_termination.respondent_searched",
        "下落不明",
    ),
    (
        with_nodes({N.OBSTRUCTION_FOUND: (D,)}),
        "round_termination.obstruction_sanctioned",
        "罚款或拘留",
    ),
    (
        with_nodes({N.OBSTRUCTION_FOUND: (D,)}, coercive_on=(D - timedelta(1),)),
        "round_termination.obstruction_sanctioned",
        "院长批准",
    ),
    # 第5条
    (without(N.APPLICANT_INTERVIEWED), "round_termination.applicant_interviewed", "约谈笔录"),
    # 民诉法解释 第517条
    (without(N.APPLICANT_CONFIRMED), "round_termination.consent_or_approval", "签字确认"),
    (
        without(N.APPLICANT_CONFIRMED, round_termination_reviews=(Review(1, D),)),
        "round_termination.consent_or_approval",
        "待院长批准",
    ),
    (  # approved before the review was made
        without(
            N.APPLICANT_CONFIRMED,
            round_termination_reviews=(Review(1, D, approved_on=(D - timedelta(1),)),),
        ),
        "round_termination.consent_or_approval",
        "待院长批准",
    ),
    (  # the approval was of an earlier review: the panel has reviewed again since
        without(
            N.APPLICANT_CONFIRMED,
            round_termination_reviews=(
                Review(1, D, approved_on=(D + timedelta(1),)),
                Review(2, D + timedelta(5)),
            ),
        ),
        "round_termination.consent_or_approval",
        "重新审查",
    ),
    (  # two reviews on one day: the one recorded later is the latest
        without(
            N.APPLICANT_CONFIRMED,
            round_termination_reviews=(Review(1, D, approved_on=(D,)), Review(2, D)),
        ),
        "round_termination.consent_or_approval",
        "重新审查",
    ),
]


@pytest.mark.parametrize(("facts", "code", "phrase"), TABLE)
def test_each_condition_fails_alone_and_says_what_to_do(facts, code, phrase):
    failed = unmet(facts)
    assert [c.code for c in failed] == [code]
    assert phrase in failed[0].missing
    assert not passes(facts)


# (facts, the condition, met) — the ways a condition is met besides the ready case
MET_TABLE = [
    (replace(READY, today=date(2026, 6, 11)), "round_termination.three_months", True),
    (
        without(N.PROPERTY_REPORT_CHECKED, report_sanctions=(D,)),
        "round_termination.report_checked",
        True,
    ),
    (
        replace(
            without(N.DISHONEST_NOT_QUALIFIED),
            nodes={**without(N.DISHONEST_NOT_QUALIFIED).nodes, N.DISHONEST_LISTED: (D,)},
        ),
        "round_termination.dishonest",
        True,
    ),
    (
        with_nodes({N.RESPONDENT_MISSING: (D,), N.RESPONDENT_SEARCHED: (D,)}),
        "round_termination.respondent_searched",
        True,
    ),
    (
        with_nodes({N.OBSTRUCTION_FOUND: (D,)}, coercive_on=(D,)),
        "round_termination.obstruction_sanctioned",
        True,
    ),
    (
        without(N.APPLICANT_CONFIRMED, round_termination_reviews=(Review(1, D, approved_on=(D,)),)),
        "round_termination.consent_or_approval",
        True,
    ),
    (  # the latest review approved; an earlier one never was
        without(
            N.APPLICANT_CONFIRMED,
            round_termination_reviews=(
                Review(1, D),
                Review(2, D + timedelta(3), (D + timedelta(4),)),
            ),
        ),
        "round_termination.consent_or_approval",
        True,
    ),
    (
        replace(
            without(N.APPLICANT_CONFIRMED),
            nodes={**without(N.APPLICANT_CONFIRMED).nodes, N.ROUND_TERMINATION_APPROVED: (D,)},
        ),
        "round_termination.consent_or_approval",
        False,  # an approval without a collegial review is no approval under 第517条
    ),
]


@pytest.mark.parametrize(("facts", "code", "met"), MET_TABLE)
def test_alternative_ways_a_condition_is_met(facts, code, met):
    assert state(facts)[code] is met


def test_conditional_items_do_not_apply_when_nothing_was_recorded():
    by_code = {c.code: c for c in checklist(READY)}
    for code in (
        "round_termination.respondent_searched",
        "round_termination.obstruction_sanctioned",
    ):
        assert by_code[code].met and not by_code[code].applies
        assert "未记录" in by_code[code].detail


# 第1条第3项, 第4条: one row per kind of property
PROPERTY = [
    (HeldProperty("房", "real_estate", control="seal", outcome="auction"), True, "已处置"),
    (HeldProperty("房", "real_estate", control="seal", outcome="in_kind"), True, "已处置"),
    (HeldProperty("房", "real_estate", control="seal", outcome="released"), True, "第4条第1项"),
    (HeldProperty("房", "real_estate", control="seal", failed_rounds=2), False, "两次拍卖流拍"),
    (HeldProperty("房", "real_estate", control="seal", failed_rounds=1), False, "尚未处置完毕"),
    (HeldProperty("车", "movable", control="seal"), True, "第4条第2项"),
    (HeldProperty("车", "movable", control="seal", physically_seized=True), False, "尚未处置"),
    (HeldProperty("车", "vehicle"), False, "尚未采取"),
    (HeldProperty("存款", "deposit", control="freeze", remaining=Decimal("0")), True, "无余额"),
    (HeldProperty("存款", "deposit", control="freeze", remaining=Decimal("5")), False, "扣划"),
    (HeldProperty("存款", "deposit", control="freeze", awaiting_answer=True), False, "待协助"),
    (HeldProperty("存款", "deposit", remaining=Decimal("0")), True, "余额为零"),
    (HeldProperty("存款", "deposit", remaining=Decimal("0.01")), False, "尚未采取"),
]


@pytest.mark.parametrize(("item", "ok", "phrase"), PROPERTY)
def test_property_found_must_be_disposed_of_or_be_undisposable(item, ok, phrase):
    got, why = property_state(item)
    assert got is ok and phrase in why
    facts = replace(READY, held=(item,))
    assert state(facts)["round_termination.property"] is ok


def test_the_property_condition_lists_every_open_item_and_points_to_the_right_page():
    facts = replace(
        READY,
        held=(
            HeldProperty("住宅", "real_estate", control="seal"),
            HeldProperty("存款", "deposit", remaining=Decimal("100")),
            HeldProperty("旧车", "movable", control="seal"),
        ),
    )
    cond = next(c for c in checklist(facts) if c.code == "round_termination.property")
    assert "住宅" in cond.missing and "存款" in cond.missing and "旧车" not in cond.missing
    assert cond.where == "controls"  # an uncontrolled find is dealt with on the controls page
    only_sealed = replace(READY, held=(HeldProperty("住宅", "real_estate", control="seal"),))
    assert next(
        c for c in checklist(only_sealed) if c.code == "round_termination.property"
    ).where == ("disposal")


def test_a_new_missing_record_after_the_search_needs_a_new_search():
    searched = with_nodes({N.RESPONDENT_MISSING: (D,), N.RESPONDENT_SEARCHED: (D,)})
    later = with_nodes({N.RESPONDENT_MISSING: (D, D + timedelta(5)), N.RESPONDENT_SEARCHED: (D,)})
    assert state(searched)["round_termination.respondent_searched"]
    assert not state(later)["round_termination.respondent_searched"]


# --- properties -------------------------------------------------------------------------------

# Nodes that only ever help: recording one more never makes a condition unmet. (A missing
# respondent or an obstruction are triggers: they add a duty.)
HELPFUL = [
    N.NOTICE_ISSUED,
    N.NOTICE_SERVED,
    N.PROPERTY_REPORT_CHECKED,
    N.CONSUMPTION_RESTRICTED,
    N.DISHONEST_LISTED,
    N.DISHONEST_NOT_QUALIFIED,
    N.FIELD_INVESTIGATED,
    N.APPLICANT_INTERVIEWED,
    N.APPLICANT_CONFIRMED,
    N.ROUND_TERMINATION_APPROVED,
    N.RESPONDENT_SEARCHED,
]
TRIGGERS = [N.RESPONDENT_MISSING, N.OBSTRUCTION_FOUND]
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
node_maps = st.dictionaries(
    st.sampled_from(HELPFUL + TRIGGERS), st.lists(days, min_size=1, max_size=3).map(tuple)
)
held_items = st.builds(
    HeldProperty,
    description=st.just("财产"),
    property_kind=st.sampled_from(["deposit", "movable", "real_estate", "other_rights", "vehicle"]),
    control=st.sampled_from(["", "seal", "seize", "freeze"]),
    remaining=st.one_of(st.none(), st.decimals(min_value=0, max_value=1000, places=2)),
    outcome=st.sampled_from(["", "auction", "sale", "in_kind", "released"]),
    failed_rounds=st.integers(0, 2),
    physically_seized=st.booleans(),
    awaiting_answer=st.booleans(),
)
facts_strategy = st.builds(
    Facts,
    filed_on=st.one_of(st.none(), days),
    today=days,
    nodes=node_maps,
    inquiry_rounds=st.integers(0, 3),
    inquiries_unanswered=st.integers(0, 3),
    unverified_leads=st.integers(0, 2),
    held=st.lists(held_items, max_size=3).map(tuple),
    report_sanctions=st.lists(days, max_size=2).map(tuple),
    coercive_on=st.lists(days, max_size=2).map(tuple),
    round_termination_reviews=st.lists(
        st.builds(
            Review,
            decision_id=st.integers(1, 4),
            decided_on=days,
            approved_on=st.lists(days, max_size=2).map(tuple),
        ),
        max_size=3,
    ).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(facts_strategy)
def test_the_gate_passes_iff_every_condition_is_met_and_unmet_ones_say_what_to_do(facts):
    conditions = checklist(facts)
    assert [c.code for c in conditions] == CODES  # always the whole list, in the same order
    assert passes(facts) == all(c.met for c in conditions)
    for c in conditions:
        assert bool(c.missing) is (not c.met)
        assert c.source
        if not c.applies:
            assert c.met


@settings(max_examples=300, deadline=None)
@given(facts_strategy, st.sampled_from(HELPFUL), days)
def test_recording_a_helpful_node_never_turns_a_met_condition_unmet(facts, code, on):
    before = state(facts)
    nodes = dict(facts.nodes)
    nodes[code] = (*nodes.get(code, ()), on)
    after = state(replace(facts, nodes=nodes))
    assert not [k for k, met in before.items() if met and not after[k]]


@settings(max_examples=300, deadline=None)
@given(facts_strategy, days, st.integers(1, 400))
def test_answers_approvals_and_time_never_turn_a_met_condition_unmet(facts, on, later):
    before = state(facts)
    improved = replace(
        facts,
        inquiry_rounds=facts.inquiry_rounds + 1,
        inquiries_unanswered=0,
        unverified_leads=0,
        report_sanctions=(*facts.report_sanctions, on),
        coercive_on=(*facts.coercive_on, on),
        round_termination_reviews=facts.round_termination_reviews,
        today=facts.today + timedelta(days=later),
    )
    after = state(improved)
    assert not [k for k, met in before.items() if met and not after[k]]


@settings(max_examples=200, deadline=None)
@given(facts_strategy)
def test_a_trigger_recorded_after_everything_else_makes_its_duty_unmet(facts):
    last = max([d for ds in facts.nodes.values() for d in ds] + list(facts.coercive_on) + [D])
    later = last + timedelta(days=1)
    nodes = dict(facts.nodes)
    nodes[N.RESPONDENT_MISSING] = (*nodes.get(N.RESPONDENT_MISSING, ()), later)
    nodes[N.OBSTRUCTION_FOUND] = (*nodes.get(N.OBSTRUCTION_FOUND, ()), later)
    after = state(replace(facts, nodes=nodes))
    assert not after["round_termination.respondent_searched"]
    assert not after["round_termination.obstruction_sanctioned"]
    assert not passes(replace(facts, nodes=nodes))


CONSENT = "round_termination.consent_or_approval"


@settings(max_examples=300, deadline=None)
@given(facts_strategy, days, st.integers(0, 30))
def test_a_new_review_needs_its_own_approval(facts, decided_on, wait):
    """民诉法解释 第517条: whatever was approved before, a panel review made after every earlier one
    counts only once the president approves it — and then it does."""
    facts = without(N.APPLICANT_CONFIRMED, **_reviews_of(facts))
    decided_on = max([decided_on] + [r.decided_on for r in facts.round_termination_reviews])
    new_id = 1 + max([0] + [r.decision_id for r in facts.round_termination_reviews])
    new = Review(new_id, decided_on)
    pending = replace(facts, round_termination_reviews=(*facts.round_termination_reviews, new))
    assert not state(pending)[CONSENT]
    assert "待院长批准" in next(c for c in checklist(pending) if c.code == CONSENT).missing
    approved = replace(
        facts,
        round_termination_reviews=(
            *facts.round_termination_reviews,
            replace(new, approved_on=(decided_on + timedelta(days=wait),)),
        ),
    )
    assert state(approved)[CONSENT]


@settings(max_examples=300, deadline=None)
@given(facts_strategy, days)
def test_approving_a_superseded_review_changes_nothing(facts, on):
    facts = replace(facts, **_reviews_of(facts))
    reviews = facts.round_termination_reviews
    latest = latest_review(reviews)
    if latest is None:
        return
    assert latest in reviews and all(r.decided_on <= latest.decided_on for r in reviews)
    before = state(facts)[CONSENT]
    changed = tuple(
        r if r is latest else replace(r, approved_on=(*r.approved_on, on)) for r in reviews
    )
    assert state(replace(facts, round_termination_reviews=changed))[CONSENT] is before


def _reviews_of(facts: Facts) -> dict[str, object]:
    """The generated reviews with distinct ids (ids name decisions, one row each)."""
    return {
        "round_termination_reviews": tuple(
            replace(r, decision_id=n) for n, r in enumerate(facts.round_termination_reviews, 1)
        )
    }
