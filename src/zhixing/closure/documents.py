"""结案通知书 as DOCX: one copy for each party of a closed case, laid out like the case documents
(`cases.documents`: A4, GB/T 9704 margins, 仿宋 三号 body, 黑体 title, the date in Chinese numerals and
the place of the seal).

What it says per mode: 法发〔2014〕26号 第15条 (执行完毕: a 结案通知书 unless both sides acknowledged
completion), 第16—21条 (the other modes); after 终结本次执行程序 the respondent stays liable
(法〔2016〕373号 第8条, UNVERIFIED article number), the applicant may apply to resume at any time
without the two-year limit (民诉法解释 第517条), and the court queries the respondent's property every
six months for five years and tells the applicant (法〔2016〕373号 第9条).
"""

from __future__ import annotations

from zhixing.cases.documents import INTERPRETATION, _Writer, chinese_date
from zhixing.cases.models import EnforcementCase, Party
from zhixing.cases.rules.filing import PartyRole
from zhixing.core.errors import DomainError

from .rules.modes import MODE_LABELS, Mode

__all__ = ["closure_notice_docx", "closure_notice_filename"]

TITLE = "结案通知书"
ROUND_TERMINATION_RULES = "《最高人民法院关于严格规范终结本次执行程序的规定（试行）》"

MODE_TEXT: dict[Mode, str] = {
    Mode.FULLY_PERFORMED: "生效法律文书确定的义务已经全部履行完毕。",
    Mode.ROUND_TERMINATED: (
        "本院已穷尽财产调查措施，未发现被执行人有可供执行的财产，或者发现的财产不能处置，"
        "本次执行程序终结。"
    ),
    Mode.TERMINATED: "本案依法终结执行。",
    Mode.WITHDRAWN_FILING: "本案依法销案。",
    Mode.NOT_ENFORCED: "本院已裁定不予执行。",
    Mode.APPLICATION_REJECTED: "本院已裁定驳回执行申请。",
    Mode.PRESERVED: "保全裁定确定的财产保全措施已经全部实施完毕。",
    Mode.PARTLY_PRESERVED: "保全裁定确定的财产保全措施已经部分实施。",
    Mode.NOTHING_TO_PRESERVE: "经查，被申请人无可供保全的财产，财产保全措施未能实施。",
}


def _parties(case: EnforcementCase) -> list[Party]:
    return sorted(case.parties.all(), key=lambda p: (p.role != PartyRole.APPLICANT.value, p.pk))


def _names(case: EnforcementCase, role: PartyRole) -> str:
    return "、".join(p.name for p in _parties(case) if p.role == role.value)


def closure_notice_docx(case: EnforcementCase) -> bytes:
    """The notice of a closed case, one page per party, dated the closing date."""
    if case.status != EnforcementCase.Status.CLOSED or case.closed_on is None:
        raise DomainError(
            "document.not_closed", "案件尚未结案，不能制作结案通知书", source="法发〔2014〕26号"
        )
    try:
        mode = Mode(case.closure_mode)
    except ValueError:
        raise DomainError("document.no_mode", "该案未记录结案方式，不能制作结案通知书") from None
    applicants = _names(case, PartyRole.APPLICANT)
    respondents = _names(case, PartyRole.RESPONDENT)
    writer = _Writer(case, TITLE)
    for party in _parties(case):
        writer.start(party.name)
        writer.para(
            f"本院受理的申请执行人{applicants}与被执行人{respondents}一案，"
            f"已于{chinese_date(case.closed_on)}以“{MODE_LABELS[mode]}”方式结案。" + MODE_TEXT[mode]
        )
        if mode is Mode.ROUND_TERMINATED:
            writer.para(
                "终结本次执行程序后，被执行人仍负有继续履行生效法律文书确定义务的责任，"
                "对其采取的限制消费措施继续有效。申请执行人发现被执行人有可供执行财产的，"
                "可以向本院申请恢复执行，申请恢复执行不受申请执行时效期间的限制"
                f"（{INTERPRETATION}第五百一十七条）。"
            )
            writer.para(
                "本院将在终结本次执行程序后五年内，每六个月通过网络执行查控系统查询一次被执行人"
                f"的财产，并将查询结果告知申请执行人（{ROUND_TERMINATION_RULES}第九条）。"
            )
        writer.para("特此通知。")
        writer.close(case.closed_on)
    return writer.to_bytes()


def closure_notice_filename(case: EnforcementCase) -> str:
    """（2026）京0105执1号-结案通知书.docx"""
    return f"{case.case_number or f'案件{case.pk}'}-{TITLE}.docx"
