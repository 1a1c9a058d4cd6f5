"""Closure modes (结案方式) by case type, and when a case may be closed at all.

Sources: 法发〔2014〕26号 第14—23条 (modes per type; a suspended or deferred case is not closed,
第23条 — article numbers UNVERIFIED, the modes themselves per domain-rules section 3); 终结执行 without
a ruling for 提级执行, 指定执行 and 委托执行 (第17条第10—12项, VERIFIED).
"""

from __future__ import annotations

from enum import StrEnum

from zhixing.cases.rules.filing import CaseType
from zhixing.cases.rules.nodes import Refusal

SOURCE = "法发〔2014〕26号 第14条—第23条"


class Mode(StrEnum):
    FULLY_PERFORMED = "fully_performed"  # 执行完毕
    ROUND_TERMINATED = "round_terminated"  # 终结本次执行程序（终本）
    TERMINATED = "terminated"  # 终结执行
    WITHDRAWN_FILING = "withdrawn_filing"  # 销案
    NOT_ENFORCED = "not_enforced"  # 不予执行
    APPLICATION_REJECTED = "application_rejected"  # 驳回申请
    PRESERVED = "preserved"  # 保全完毕
    PARTLY_PRESERVED = "partly_preserved"  # 部分保全
    NOTHING_TO_PRESERVE = "nothing_to_preserve"  # 无标的物可实施保全


MODE_LABELS: dict[Mode, str] = {
    Mode.FULLY_PERFORMED: "执行完毕",
    Mode.ROUND_TERMINATED: "终结本次执行程序",
    Mode.TERMINATED: "终结执行",
    Mode.WITHDRAWN_FILING: "销案",
    Mode.NOT_ENFORCED: "不予执行",
    Mode.APPLICATION_REJECTED: "驳回申请",
    Mode.PRESERVED: "保全完毕",
    Mode.PARTLY_PRESERVED: "部分保全",
    Mode.NOTHING_TO_PRESERVE: "无标的物可实施保全",
}

MODE_SOURCES: dict[Mode, str] = {
    Mode.FULLY_PERFORMED: "法发〔2014〕26号 第15条",
    Mode.ROUND_TERMINATED: "法〔2016〕373号 第1条；民诉法解释 第517条",
    Mode.TERMINATED: "民事诉讼法 第268条；法发〔2014〕26号 第17条",
    Mode.WITHDRAWN_FILING: "法发〔2014〕26号 第18条",
    Mode.NOT_ENFORCED: "法发〔2014〕26号 第19条",
    Mode.APPLICATION_REJECTED: "法发〔2014〕26号 第20条；执行工作规定 第16条",
    Mode.PRESERVED: "法发〔2014〕26号 第21条",
    Mode.PARTLY_PRESERVED: "法发〔2014〕26号 第21条",
    Mode.NOTHING_TO_PRESERVE: "法发〔2014〕26号 第21条",
}

_ENFORCEMENT_MODES = (
    Mode.FULLY_PERFORMED,
    Mode.ROUND_TERMINATED,
    Mode.TERMINATED,
    Mode.WITHDRAWN_FILING,
    Mode.NOT_ENFORCED,
    Mode.APPLICATION_REJECTED,
)
MODES_BY_TYPE: dict[CaseType, tuple[Mode, ...]] = {
    CaseType.FIRST: _ENFORCEMENT_MODES,
    CaseType.RESUMED: _ENFORCEMENT_MODES,  # 第22条: as applicable
    CaseType.PRESERVATION: (Mode.PRESERVED, Mode.PARTLY_PRESERVED, Mode.NOTHING_TO_PRESERVE),
}

ENDING_MODES: frozenset[Mode] = frozenset(
    {
        Mode.FULLY_PERFORMED,
        Mode.TERMINATED,
        Mode.WITHDRAWN_FILING,
        Mode.NOT_ENFORCED,
        Mode.APPLICATION_REJECTED,
    }
)
"""Modes after which enforcement of the case has ended, for a third-party objection (民诉法解释
第462条: raised before enforcement of the item ends) and an act objection (执行异议复议规定 第6条).
Not 终结本次执行程序: enforcement may resume and the seals stay; not the preservation modes, whose
seals stay in force until enforcement takes them over."""


class Ground(StrEnum):
    """Why a case is closed by 终结执行 when no ruling is issued (法发〔2014〕26号 第17条第10—12项)."""

    ESCALATED = "escalated"  # 提级执行
    DESIGNATED = "designated"  # 指定执行
    ENTRUSTED = "entrusted"  # 委托执行


GROUND_LABELS = {
    Ground.ESCALATED: "上级法院提级执行",
    Ground.DESIGNATED: "上级法院指定其他法院执行",
    Ground.ENTRUSTED: "委托其他法院执行",
}


def modes_for(case_type: str) -> tuple[Mode, ...]:
    try:
        return MODES_BY_TYPE[CaseType(case_type)]
    except ValueError:
        return ()


def check_closable(*, case_type: str, mode: str, paused: str | None) -> list[Refusal]:
    """Every reason a case of `case_type` cannot be closed by `mode` now; `paused` names an open
    中止 or 暂缓 (its label), None when none is open."""
    refusals: list[Refusal] = []
    allowed = modes_for(case_type)
    if mode not in {m.value for m in allowed}:
        names = "、".join(MODE_LABELS[m] for m in allowed)
        refusals.append(
            Refusal(
                "closure.mode",
                f"{case_type}字案件的结案方式只能是：{names}",
                SOURCE,
                "mode",
            )
        )
    if paused:
        refusals.append(
            Refusal(
                "closure.paused",
                f"案件处于“{paused}”状态，不能结案；请先记录恢复执行或暂缓期满",
                "法发〔2014〕26号 第23条",
                "mode",
            )
        )
    return refusals
