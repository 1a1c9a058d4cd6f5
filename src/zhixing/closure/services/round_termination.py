"""The 终本 gate (法〔2016〕373号 第1—5条; 民诉法解释 第517条): every condition, what is missing, and
its source. TO BE BUILT (closure helper): facts from the case, then `rules.zhongben.checklist`."""

from __future__ import annotations

from datetime import date

from zhixing.cases.models import EnforcementCase
from zhixing.cases.rules.nodes import Refusal


def gate_refusals(case: EnforcementCase, on: date) -> list[Refusal]:
    """One refusal per unmet condition of the 终本 gate on `on` (empty = the case may close by 终本)."""
    return [Refusal("zhongben.unbuilt", "终本条件审查尚未实现", "法〔2016〕373号 第1条")]
