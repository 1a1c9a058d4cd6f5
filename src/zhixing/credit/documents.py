"""The 失信决定书 (decision to list a respondent on the dishonest-debtor list) as DOCX, laid out like
the case documents (`cases.documents`: A4, GB/T 9704 margins, 仿宋 body, 黑体 title, the date in
Chinese numerals and the place of the seal).

What it states (失信规定 第5条: the decision is made in writing — 决定书 — and served on the
respondent; 第6条 the information recorded; 第2条 the term; 第12条 the correction request):
the respondent, the case, the ground with its item of 第1条, the facts, the term or that it has
none, and how to ask for correction. The served copy carries the full identity number: it goes to
the respondent, never to the public.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from zhixing.cases.documents import TITLE_FONT, _letter_spacing, _Writer, chinese_date
from zhixing.core.errors import DomainError
from zhixing.core.rules.calendar import cn_date
from zhixing.core.rules.numerals import chinese_number

from .models import DishonestDebtorListing
from .rules.listing import (
    EXTENSION_REASON_LABELS,
    GROUND_ITEMS,
    GROUND_LABELS,
    ExtensionReason,
    Ground,
)

__all__ = ["decision_docx", "decision_filename"]

TITLE = "决定书"
RULES = "《最高人民法院关于公布失信被执行人名单信息的若干规定》"


class NumberedWriter(_Writer):
    """The case documents' layout with the document's own number under the title and no
    addressee line (a 决定书 or 限制消费令 names the respondent in its first paragraph)."""

    def heading(self, number: str, *, court_name: str = "") -> None:
        self.copies += 1
        court = court_name or self.case.court.name
        self.line(court, size=Pt(22), font=TITLE_FONT, bold=True, center=True)
        title = self.line(
            self.title, size=Pt(26), font=TITLE_FONT, bold=True, center=True, after=Pt(12)
        )
        _letter_spacing(title, Pt(6))
        self.line(number, align=WD_ALIGN_PARAGRAPH.RIGHT, after=Pt(12))


def _sentence(text: str) -> str:
    return text.strip().rstrip("。；;.")


def _respondent_line(row: DishonestDebtorListing) -> str:
    if row.respondent_kind == "person":
        parts = [row.name]
        if row.sex:
            parts.append(row.sex)
        if row.birth_date:
            parts.append(f"{cn_date(row.birth_date)}出生")
        if row.id_number:
            parts.append(f"公民身份号码{row.id_number}")
        return "被执行人：" + "，".join(parts) + "。"
    parts = [row.name]
    if row.credit_code:
        parts.append(f"统一社会信用代码{row.credit_code}")
    line = "被执行人：" + "，".join(parts) + "。"
    if row.legal_representative:
        line += f"\n法定代表人或者负责人：{row.legal_representative}。"
    return line


def decision_docx(row: DishonestDebtorListing) -> bytes:
    if row.decided_on is None or row.status in (
        DishonestDebtorListing.Status.REQUESTED,
        DishonestDebtorListing.Status.REJECTED,
    ):
        raise DomainError(
            "document.not_decided", "尚未决定纳入失信名单，不能制作决定书", source="失信规定 第5条"
        )
    ground = Ground(row.ground)
    case = row.case
    writer = NumberedWriter(case, TITLE)
    writer.heading(row.decision_number or row.case_number)
    for text in _respondent_line(row).split("\n"):
        writer.para(text)
    applicants = "、".join(p.name for p in case.parties.filter(role="applicant").order_by("pk"))
    how = "依申请执行人的申请" if row.initiative == "application" else "依职权"
    writer.para(
        f"本院在执行申请执行人{applicants}与被执行人{row.name}一案中，"
        f"执行依据为{row.basis_issuer}作出的{row.basis_number}，"
        f"生效法律文书确定的义务为：{_sentence(row.obligations)}。被执行人履行情况：{row.performance}。"
    )
    writer.para(
        f"经查，{_sentence(row.conduct)}。本院认为，被执行人{GROUND_LABELS[ground]}，"
        f"符合{RULES}第一条第{GROUND_ITEMS[ground]}项规定的情形，{how}决定将其纳入失信被执行人名单。"
    )
    if row.term_years:
        term = f"纳入期限为{chinese_number(row.term_years)}年"
        if row.extension_years:
            reason = EXTENSION_REASON_LABELS[ExtensionReason(row.extension_reason)]
            term += f"（因{reason}，延长{chinese_number(row.extension_years)}年）"
        assert row.term_ends_on is not None
        term += f"，至{chinese_date(row.term_ends_on)}届满"
        law = f"{RULES}第一条第{GROUND_ITEMS[ground]}项、第二条"
    else:
        term = "不设固定期限，至删除情形出现时删除"
        law = f"{RULES}第一条第{GROUND_ITEMS[ground]}项、第三条"
    writer.para(f"依照{law}的规定，决定如下：")
    writer.para(f"将被执行人{row.name}纳入失信被执行人名单，{term}。")
    writer.para(
        "被执行人认为本决定有错误的，可以向本院申请纠正；对驳回纠正申请的决定不服的，"
        f"可以自决定书送达之日起十日内向上一级人民法院申请复议，复议期间不停止原决定的执行"
        f"（{RULES}第十二条）。"
    )
    writer.close(row.decided_on)
    return writer.to_bytes()


def decision_filename(row: DishonestDebtorListing) -> str:
    """（2026）京0105执1号之一-纳入失信被执行人名单决定书.docx"""
    return f"{row.decision_number or row.case_number}-纳入失信被执行人名单决定书.docx"
