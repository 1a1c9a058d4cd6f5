"""Decision documents of coercive measures as DOCX: 拘传票, 罚款决定书, 拘留决定书.

Laid out like the case documents (`cases.documents`: A4, GB/T 9704 margins, 仿宋 三号 body, 黑体
titles, the date in Chinese numerals and the place of the seal). Contents:
民事诉讼法（2023）第118条 (limits; a detained person is handed to the public security organ and may
be released early), 第119条 (院长 approval; 拘传票 / 决定书; one reconsideration to the next-higher
court, not stayed meanwhile); 民诉法解释 第185条 (reconsideration within 3 days of receipt) and
第482条 (拘传 in enforcement; questioning at most 8 hours, 24 where detention may follow).
"""

from __future__ import annotations

import re
from decimal import Decimal

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from zhixing.cases.documents import (
    CIVIL_PROCEDURE_LAW,
    INTERPRETATION,
    TITLE_FONT,
    _letter_spacing,
    _Writer,
    chinese_date,
)
from zhixing.cases.rules.filing import PartyRole
from zhixing.core.errors import DomainError
from zhixing.core.rules.money import format_money, money_uppercase
from zhixing.core.rules.numerals import chinese_number

from .models import CoerciveMeasure
from .rules import coercive as rules
from .rules.coercive import Measure, Subject

__all__ = ["article_text", "coercive_document_docx", "coercive_document_filename"]

_ARTICLE = re.compile(r"第(\d+)条(?:第(\d+)款)?(?:第(\d+)项)?")
_LAWS = {"民事诉讼法": CIVIL_PROCEDURE_LAW, "民诉法解释": INTERPRETATION}
ADDRESSEE_LABELS = {
    (Measure.SUMMONS, Subject.INDIVIDUAL): "被拘传人",
    (Measure.FINE, Subject.INDIVIDUAL): "被罚款人",
    (Measure.FINE, Subject.UNIT): "被罚款单位",
    (Measure.DETENTION, Subject.INDIVIDUAL): "被拘留人",
}


def article_text(article: str) -> str:
    """“民事诉讼法 第114条第1款第6项” → “《中华人民共和国民事诉讼法》第一百一十四条第一款第六项”;
    an article typed in another form is printed as typed."""
    law, _, rest = article.strip().partition(" ")
    match = _ARTICLE.fullmatch(rest)
    if law not in _LAWS or match is None:
        return article.strip()
    try:
        parts = [f"第{chinese_number(int(match.group(1)))}条"]
        for value, unit in ((match.group(2), "款"), (match.group(3), "项")):
            if value:
                parts.append(f"第{chinese_number(int(value))}{unit}")
    except ValueError:  # 第0条, or a number no statute reaches
        return article.strip()
    return _LAWS[law] + "".join(parts)


def _amount_text(amount: Decimal) -> str:
    return f"人民币{format_money(amount)}元（大写：人民币{money_uppercase(amount)}）"


def _names(case, role: PartyRole) -> str:
    return "、".join(
        p.name for p in sorted(case.parties.all(), key=lambda p: p.pk) if p.role == role.value
    )


class _DecisionWriter(_Writer):
    """The case documents' writer, numbered with the decision's own 司惩 number."""

    def __init__(self, measure: CoerciveMeasure) -> None:
        super().__init__(measure.case, measure.document_title)
        self.number = measure.document_number or measure.case.case_number or ""

    def start(self, addressee: str) -> None:
        self.copies += 1
        self.line(self.case.court.name, size=Pt(22), font=TITLE_FONT, bold=True, center=True)
        title = self.line(
            self.title, size=Pt(26), font=TITLE_FONT, bold=True, center=True, after=Pt(12)
        )
        _letter_spacing(title, Pt(6))
        self.line(self.number, align=WD_ALIGN_PARAGRAPH.RIGHT, after=Pt(12))
        self.para(addressee)


def _addressee(measure: CoerciveMeasure) -> str:
    label = ADDRESSEE_LABELS[(measure.measure_enum, measure.subject_enum)]
    if measure.subject_enum is Subject.UNIT:
        text = f"{label}：{measure.person_name}"
        if measure.credit_code:
            text += f"，统一社会信用代码{measure.credit_code}"
        if measure.responsible_person:
            text += f"；主要负责人：{measure.responsible_person}"
        return text + "。"
    text = f"{label}：{measure.person_name}"
    if measure.id_number:
        text += f"，公民身份号码{measure.id_number}"
    return text + "。"


def _case_text(measure: CoerciveMeasure) -> str:
    case = measure.case
    applicants = _names(case, PartyRole.APPLICANT)
    respondents = _names(case, PartyRole.RESPONDENT)
    return f"本院在执行{case.case_number}申请执行人{applicants}与被执行人{respondents}一案中"


def _conduct(measure: CoerciveMeasure) -> str:
    """The conduct as a predicate after the person's name; another conduct is told by the facts."""
    if measure.conduct in rules.CONDUCT_BY_CODE:
        return measure.conduct_label
    return "的上述行为"


def _summons(writer: _DecisionWriter, measure: CoerciveMeasure) -> None:
    writer.para(
        f"{_case_text(measure)}，{measure.facts.rstrip('。')}。你{_conduct(measure)}。"
        f"依照{CIVIL_PROCEDURE_LAW}第一百一十九条、"
        f"{article_text(measure.conduct_article)}规定，经本院院长批准，决定对你拘传，"
        "到本院接受调查询问。"
    )
    writer.para(
        "调查询问的时间不得超过八小时；情况复杂，依法可能采取拘留措施的，不得超过二十四小时"
        f"（{INTERPRETATION}第四百八十二条）。"
    )


def _decision(writer: _DecisionWriter, measure: CoerciveMeasure, upper_court: str) -> None:
    who = measure.person_name
    basis = article_text(measure.conduct_article)
    articles = f"{basis}、{CIVIL_PROCEDURE_LAW}第一百一十八条、第一百一十九条"
    if basis.startswith(CIVIL_PROCEDURE_LAW):
        articles = f"{basis}、第一百一十八条、第一百一十九条"
    writer.para(f"{_case_text(measure)}查明：{measure.facts.rstrip('。')}。")
    writer.para(
        f"本院认为，{who}{_conduct(measure)}，妨害民事诉讼。依照{articles}规定，"
        "经本院院长批准，决定如下："
    )
    if measure.measure_enum is Measure.FINE:
        assert measure.amount is not None
        writer.para(f"对{who}罚款{_amount_text(measure.amount)}。")
    else:
        writer.para(f"对{who}拘留{chinese_number(measure.days or 0)}日。")
        writer.para(
            "被拘留人由本院交公安机关看管。在拘留期间，被拘留人承认并改正错误的，本院可以决定"
            f"提前解除拘留（{CIVIL_PROCEDURE_LAW}第一百一十八条第三款）。"
        )
    writer.para(
        f"如不服本决定，可以在收到决定书之日起{chinese_number(rules.RECONSIDERATION_DAYS)}日内，"
        f"向{upper_court}申请复议一次。复议期间，不停止本决定的执行"
        f"（{CIVIL_PROCEDURE_LAW}第一百一十九条第三款，{INTERPRETATION}第一百八十五条）。"
    )


def coercive_document_docx(measure: CoerciveMeasure) -> bytes:
    """The 拘传票 or 决定书 of an approved measure, dated the day of the president's approval."""
    if measure.status != CoerciveMeasure.Status.APPROVED or measure.decided_on is None:
        raise DomainError(
            "document.not_approved",
            f"{measure.document_title}须经院长批准后制作",
            source=rules.SOURCE_APPROVAL,
        )
    writer = _DecisionWriter(measure)
    writer.start(_addressee(measure))
    if measure.measure_enum is Measure.SUMMONS:
        _summons(writer, measure)
    else:
        upper = measure.court.parent
        _decision(writer, measure, upper.name if upper else "上一级人民法院")
    writer.close(measure.decided_on, officer_line=_approval_line(measure))
    return writer.to_bytes()


def _approval_line(measure: CoerciveMeasure) -> str:
    """Who approved and when (民事诉讼法 第119条: 院长批准), printed above the date."""
    user = measure.decided_by
    staff = getattr(user, "staff", None) if user is not None else None
    name = staff.name if staff is not None else (user.get_username() if user else "")
    return f"批准：院长{name}（{chinese_date(measure.decided_on)}）" if name else ""


def coercive_document_filename(measure: CoerciveMeasure) -> str:
    """（2026）京0105司惩1号-罚款决定书-王被执.docx"""
    number = measure.document_number or measure.case.case_number or f"强制措施{measure.pk}"
    return f"{number}-{measure.document_title}-{measure.person_name}.docx"
