"""Special-entity recognition and the deadlines of joint linkage (no database)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.core.rules.identity import CREDIT_CODE_CHARSET, credit_check_char
from zhixing.linkage.joint import rules
from zhixing.linkage.joint.rules import EntityKind as K


def code(prefix: str, body: str = "110105MB0000000") -> str:
    """A valid 18-character credit code starting with `prefix` (check character computed)."""
    head = (prefix + body)[:17]
    return head + credit_check_char(head)


G, INST, S = K.GOVERNMENT, K.INSTITUTION, K.STATE_OWNED

TABLE = [
    # (name, credit code, expected kind or None)
    ("北京市某区人民政府", code("11"), G),  # code decides: 机关
    ("北京市朝阳区人民政府", "", G),  # name alone
    ("北京市朝阳区人民政府办公室", "", G),
    ("北京市朝阳区市场监督管理局", "", G),
    ("北京市住房和城乡建设委员会", "", G),
    ("北京经济技术开发区管理委员会", "", G),
    ("北京市朝阳区呼家楼街道办事处", "", G),
    ("某某医院", code("12"), INST),  # 事业单位 only by code
    ("中华全国总工会", code("13"), G),  # 群众团体 → 党政机关 (参照管理)
    ("某某机构", code("19"), None),  # 19 其他: not flagged
    ("北京市国有资产经营有限责任公司", code("91"), S),
    ("北京国资投资集团有限公司", "", S),
    ("北京市朝阳区人民政府", code("91"), None),  # the registry says: an enterprise
    ("某某村民委员会", "", None),  # 自治组织
    ("某小区业主委员会", "", None),
    ("某社区居民委员会", "", None),
    ("中铁十二局集团有限公司", "", None),  # 局 in an enterprise name
    ("中国建筑第八工程局有限公司", "", None),
    ("中国某某集团有限公司", "", None),  # "中国…集团" alone is not enough
    ("北京某贸易有限公司", code("91"), None),
    ("北京市某行业协会", code("51"), None),  # 民政 registration
    ("王被执", "", None),
    ("", "", None),
    (
        "北京市朝阳区人民政府",
        "11XXXXXXXXXXXXXXXX",
        G,
    ),  # a malformed code is ignored; the name decides
    # 局 / 厅 / 委员会 only after a known organ stem; private bodies named like organs are not flagged
    ("北京市朝阳区老王饭局", "", None),
    ("北京市朝阳区三里屯酒局", "", None),
    ("北京市朝阳区某某棋牌局", "", None),
    ("北京市朝阳区某小区物业管理委员会", "", None),
    ("北京市朝阳区某某大厦管理委员会", "", None),
    ("北京市某某商场管理委员会", "", None),
    ("某某区某某工会委员会", "", None),
    ("北京市朝阳区人民政府招待所", "", None),  # 人民政府 only at the end
    ("北京市邮政局", "", None),  # 中国邮政集团: an enterprise, not an organ
    ("北京市公安局", "", G),
    ("北京市公安局朝阳分局", "", G),
    ("国家税务总局北京市朝阳区税务局", "", G),
    ("北京市朝阳区财政局", "", G),
    ("北京市朝阳区教育委员会", "", G),
    ("北京市卫生健康委员会", "", G),
    ("河北省财政厅", "", G),
    ("北京市人民政府国有资产监督管理委员会", "", G),
    ("中关村科技园区管理委员会", "", G),
    ("北京市朝阳区人民政府办公室", "", G),
    ("北京市某某区人民政府办公厅", "", G),
]


@pytest.mark.parametrize(("name", "credit_code", "expected"), TABLE)
def test_special_entity_kind_table(name, credit_code, expected):
    """Each row: the kind the rule gives, or None; every result carries a Chinese basis."""
    found = rules.special_entity_kind(name, credit_code)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        kind, basis = found
        assert kind == expected
        assert basis and ("GB 32100-2015" in basis or "法发〔2009〕43号" in basis)


def test_code_basis_names_the_two_characters():
    kind, basis = rules.special_entity_kind("某单位", code("11"))
    assert kind == G and "“11”" in basis and "机关" in basis


def test_state_owned_keywords_are_configurable():
    """Only the configured words count: without “国有” the same name is not flagged."""
    name = "北京市国有资产经营有限责任公司"
    assert rules.special_entity_kind(name, "", state_owned_keywords=()) is None
    assert (
        rules.special_entity_kind("北京某控股集团有限公司", "", state_owned_keywords=("控股",))[0]
        == S
    )


ALPHABET = CREDIT_CODE_CHARSET


@given(st.text(alphabet=ALPHABET, min_size=15, max_size=15), st.sampled_from(["11", "12", "13"]))
def test_every_valid_organ_code_is_flagged(body, prefix):
    """Any valid code registered by 机构编制 as 11/12/13 is flagged, whatever the name says."""
    found = rules.special_entity_kind("某某", code(prefix, body))
    assert found is not None and found[0] == rules.CODE_KINDS[prefix][0]


@given(
    st.text(alphabet=ALPHABET, min_size=15, max_size=15),
    st.sampled_from(["91", "92", "93", "51", "52", "53", "Y1"]),
)
def test_non_organ_registration_never_makes_an_organ(body, prefix):
    """An enterprise, a social organisation or another registration is never 党政机关/事业单位,
    even with a government-sounding name."""
    found = rules.special_entity_kind("北京市朝阳区人民政府", code(prefix, body))
    assert found is None


@given(st.text(max_size=30), st.text(max_size=20))
def test_any_input_gives_none_or_a_kind_with_basis(name, credit_code):
    found = rules.special_entity_kind(name, credit_code)
    assert found is None or (found[0] in K and found[1])


HELD = date(2026, 11, 2)


@pytest.mark.parametrize(
    ("due", "code_"),
    [
        (HELD, "decision.due_before_meeting"),
        (HELD - timedelta(days=1), "decision.due_before_meeting"),
        (HELD + timedelta(days=1), None),
    ],
)
def test_decision_deadline_after_meeting(due, code_):
    refusals = rules.decision_deadline_refusals(HELD, due)
    assert [r.code for r in refusals] == ([code_] if code_ else [])


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(min_value=-400, max_value=400),
)
def test_supervision_deadline_after_listing(listed, days):
    """Refused exactly when the deadline is not after the listing day."""
    today = date(2100, 1, 1)
    due = listed + timedelta(days=days)
    refusals = rules.supervision_deadline_refusals(listed, due, today)
    assert (refusals == []) == (due > listed)
    assert all(r.field == "due_on" and r.source for r in refusals)


def test_listing_in_the_future_refused():
    today = date(2026, 11, 26)
    refusals = rules.supervision_deadline_refusals(
        today + timedelta(days=1), today + timedelta(days=30), today
    )
    assert [r.code for r in refusals] == ["supervision.listed_future"]


@pytest.mark.parametrize(
    ("reported", "expected"),
    [
        (date(2026, 11, 1), ["progress.before_meeting"]),
        (date(2026, 11, 2), []),
        (date(2026, 11, 27), ["progress.future"]),
    ],
)
def test_progress_dates(reported, expected):
    refusals = rules.progress_date_refusals(HELD, reported, date(2026, 11, 26))
    assert [r.code for r in refusals] == expected


def test_overdue_is_open_and_past_deadline():
    today = date(2026, 11, 26)
    assert rules.is_overdue(date(2026, 11, 25), False, today)
    assert not rules.is_overdue(date(2026, 11, 26), False, today)
    assert not rules.is_overdue(date(2026, 11, 25), True, today)
