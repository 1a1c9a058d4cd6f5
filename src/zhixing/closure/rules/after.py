"""After 终本: the rounds of network inquiry owed (法〔2016〕373号 第9条: within 5 years of the 终本
closure, every 6 months, the respondent's property is queried through the 网络执行查控系统 and the
applicant told the result). Pure: no Django."""

from __future__ import annotations

from datetime import date

from zhixing.core.rules.calendar import add_months

SOURCE = "法〔2016〕373号 第9条"
FLAG_SOURCE = "法〔2016〕373号 第9条；十个必须 第6条（2021）"  # flagged for resumption, in time
EVERY_MONTHS = 6
YEARS = 5
ROUNDS = YEARS * 12 // EVERY_MONTHS  # 10


def re_inquiry_dues(closed_on: date) -> list[date]:
    """The due date of each round: 6, 12, … 60 months after the closure, a month-end closure
    falling on the last day of a shorter month (民事诉讼法 第85条, as `add_months`)."""
    return [add_months(closed_on, n * EVERY_MONTHS) for n in range(1, ROUNDS + 1)]
