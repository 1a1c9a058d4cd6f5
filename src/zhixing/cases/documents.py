"""Court documents of an enforcement case as DOCX: 受理通知书, 执行通知书, 报告财产令.

Each builder takes a docketed case (with basis, court and officer selected) and returns the bytes of
a Word document, one copy per addressee, each copy on its own page, laid out as court documents are
printed: court name and title centred, case number on the right, the body, the date and 「（院印）」.

Sources: 法发〔2014〕26号 第2条 (受理通知书); 法发〔2009〕43号 一(四)、四 (廉政监督卡、执行监督卡);
民事诉讼法（2023）第251条、第252条、第264条 and 民诉法解释 第480条 (执行通知书、迟延履行责任);
法释〔2017〕8号《关于民事执行中财产调查若干问题的规定》第1条、第3—10条 (报告财产令).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from zhixing.core.errors import DomainError, NotFound
from zhixing.core.rules.money import format_money, money_uppercase
from zhixing.core.rules.numerals import chinese_digits, chinese_number

from .models import EnforcementCase, Party, StageAssignment
from .rules.filing import ORIGIN_LABELS, Arrival, Origin, PartyKind, PartyRole
from .rules.nodes import STAGE_LABELS, Stage

__all__ = [
    "DOCUMENTS",
    "PROPERTY_REPORT_DAYS",
    "chinese_date",
    "document_filename",
    "enforcement_notice_docx",
    "filing_notice_docx",
    "handling_officers",
    "property_report_order_docx",
]

PROPERTY_REPORT_DAYS = 5
"""The period, in days from receipt, that the 报告财产令 gives for the written property report.

财产调查规定 第4条 requires the order to state a period but no law fixes its length: this is the
period the court states. A court may set another with settings.ZHIXING_PROPERTY_REPORT_DAYS."""

BODY_FONT = "仿宋"
TITLE_FONT = "黑体"
BODY_SIZE = Pt(16)  # 三号
NO_OFFICER = "承办人确定后另行告知"

CIVIL_PROCEDURE_LAW = "《中华人民共和国民事诉讼法》"
INTERPRETATION = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》"
PROPERTY_INQUIRY_RULES = "《最高人民法院关于民事执行中财产调查若干问题的规定》"

DELAY_WARNING = (
    "未按期履行给付金钱义务的，应当加倍支付迟延履行期间的债务利息；"
    "未按期履行其他义务的，应当支付迟延履行金"
)
"""民事诉讼法 第264条; 民诉法解释 第480条 requires the 执行通知书 to say so."""

PROPERTY_KINDS = (
    "收入、银行存款、现金、理财产品、有价证券",
    "土地使用权、房屋等不动产",
    "交通运输工具、机器设备、产品、原材料等动产",
    "债权、股权、投资权益、基金份额、信托受益权、知识产权等财产性权利",
    "其他应当报告的财产",
)
"""财产调查规定 第5条 第1款: the property a respondent must report."""

PROPERTY_CHANGES = (
    "转让、出租财产",
    "在财产上设立担保物权等权利负担",
    "放弃债权或者延长债权清偿期",
    "支出大额资金",
    "其他影响生效法律文书确定债权实现的财产变动",
)
"""财产调查规定 第6条: changes since one year before the notice that must be reported too."""

# How the basis is named in a sentence, where the origin label is not a document name.
_BASIS_NAMES = {
    Origin.NOTARIAL_DEED: "公证债权文书",
    Origin.ADMINISTRATIVE_NONLITIGATION: "行政裁定书",
    Origin.CRIMINAL_PROPERTY: "刑事判决书",
    Origin.ADVANCE_EXECUTION: "民事裁定书",
    Origin.PRESERVATION_RULING: "民事裁定书",
}
# Elements that follow w:spacing in w:rPr (ECMA-376 CT_RPr order; Word rejects another order).
_AFTER_SPACING = (
    *("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect"),
    *("w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang"),
    *("w:eastAsianLayout", "w:specVanish", "w:oMath"),
)
_ORDINALS = "一二三四五六七八九十"


def chinese_date(day: date) -> str:
    """2026-11-26 → 二〇二六年十一月二十六日: the year digit by digit with 〇, month and day counted."""
    return f"{chinese_digits(day.year)}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def _amount_text(amount: Decimal) -> str:
    return f"人民币{format_money(amount)}元（大写：人民币{money_uppercase(amount)}）"


def _claim(case: EnforcementCase) -> Decimal | None:
    return case.claim_amount if case.claim_amount is not None else case.basis.amount


def _basis_text(case: EnforcementCase) -> str:
    basis = case.basis
    origin = Origin(case.origin)
    name = _BASIS_NAMES.get(origin, ORIGIN_LABELS[origin])
    return f"{basis.issuing_body}作出的{basis.document_number}{name}"


def _parties(case: EnforcementCase, role: PartyRole) -> list[Party]:
    return sorted((p for p in case.parties.all() if p.role == role.value), key=lambda p: p.pk)


def _names(parties: list[Party]) -> str:
    return "、".join(p.name for p in parties)


def _party_line(party: Party) -> str:
    role = "申请执行人" if party.role == PartyRole.APPLICANT.value else "被执行人"
    text = f"{role}：{party.name}"
    if party.legal_representative and party.kind != PartyKind.PERSON.value:
        title = "法定代表人" if party.kind == PartyKind.LEGAL_ENTITY.value else "负责人"
        text += f"，{title}{party.legal_representative}"
    if party.address:
        text += f"，住所{party.address}"
    return text + "。"


def handling_officers(case: EnforcementCase) -> list[tuple[str, str]]:
    """(duty, names) of the people handling the case now: the 承办人 and every active stage holder,
    so that the 廉政监督卡 names who a party may complain about (法发〔2009〕43号 四)."""
    rows: list[tuple[str, str]] = []
    if case.officer is not None:
        rows.append(("承办人", case.officer.name))
    active = (
        StageAssignment.objects.filter(case=case, ended_on__isnull=True)
        .select_related("staff", "team")
        .prefetch_related("team__members")
        .order_by("pk")
    )
    for assignment in active:
        stage = STAGE_LABELS[Stage(assignment.stage)]
        if assignment.staff is not None:
            rows.append((f"{stage}阶段", assignment.staff.name))
        elif assignment.team is not None:
            members = "、".join(sorted(m.name for m in assignment.team.members.all()))
            rows.append((f"{stage}阶段", f"{assignment.team.name}（{members}）"))
    return rows


def _require_docketed(case: EnforcementCase, title: str) -> None:
    if not case.case_number or case.filed_on is None:
        raise DomainError(
            "document.not_docketed",
            f"案件尚未立案，不能制作{title}",
            source="法发〔2014〕26号 第2条",
        )


class _Writer:
    """Lays out copies of one court document in a single DOCX, one addressee per page."""

    def __init__(self, case: EnforcementCase, title: str) -> None:
        self.case = case
        self.title = title
        self.doc: DocxDocument = Document()
        self.copies = 0
        self._setup()

    def _setup(self) -> None:
        """A4, margins of GB/T 9704 (3.7/3.5/2.8/2.6 cm), 仿宋 三号 body on a fixed 28 pt line."""
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        normal = self.doc.styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = BODY_SIZE
        _east_asia(normal.element.get_or_add_rPr(), BODY_FONT)
        fmt = normal.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28)
        fmt.space_before = fmt.space_after = Pt(0)
        props = self.doc.core_properties
        props.title = self.title
        props.author = props.last_modified_by = self.case.court.name
        props.comments = ""
        props.created = props.modified = timezone.now()

    def start(self, addressee: str) -> None:
        """Begins a copy: court name, title, case number and the addressee."""
        if self.copies:
            self.doc.add_page_break()
        self.copies += 1
        self.line(self.case.court.name, size=Pt(22), font=TITLE_FONT, bold=True, center=True)
        title = self.line(
            self.title, size=Pt(26), font=TITLE_FONT, bold=True, center=True, after=Pt(12)
        )
        _letter_spacing(title, Pt(6))
        self.line(self.case.case_number or "", align=WD_ALIGN_PARAGRAPH.RIGHT, after=Pt(12))
        self.line(f"{addressee}：")

    def line(
        self,
        text: str,
        *,
        size: Pt | None = None,
        font: str | None = None,
        bold: bool = False,
        center: bool = False,
        align: WD_ALIGN_PARAGRAPH | None = None,
        after: Pt | None = None,
    ) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        alignment = WD_ALIGN_PARAGRAPH.CENTER if center else align
        if alignment is not None:
            paragraph.alignment = alignment
        if size is not None and size > Pt(20):
            paragraph.paragraph_format.line_spacing = Pt(40)
        if after is not None:
            paragraph.paragraph_format.space_after = after
        _run(paragraph, text, size=size, font=font, bold=bold)
        return paragraph

    def para(self, text: str, *, lead: str = "") -> Paragraph:
        """A body paragraph indented two characters; `lead` is printed in 黑体 before the text."""
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Pt(32)
        if lead:
            _run(paragraph, lead, font=TITLE_FONT)
        _run(paragraph, text)
        return paragraph

    def items(self, texts: list[str] | tuple[str, ...], *, numbered: bool = True) -> None:
        for index, text in enumerate(texts):
            self.para(f"（{_ORDINALS[index]}）{text}" if numbered else text)

    def close(self, on: date, *, officer_line: str = "") -> None:
        """Ends a copy with the date in Chinese numerals and the place of the court seal."""
        if officer_line:
            self.para(officer_line)
        self.line("")
        right = WD_ALIGN_PARAGRAPH.RIGHT
        self.line(chinese_date(on), align=right).paragraph_format.right_indent = Pt(32)
        self.line("（院印）", align=right).paragraph_format.right_indent = Pt(64)

    def table(self, rows: list[tuple[str, str]]) -> None:
        table = self.doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = (Cm(3.6), Cm(12))
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].width, cells[1].width = widths
            for cell, text, font in ((cells[0], label, TITLE_FONT), (cells[1], value, None)):
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.line_spacing = Pt(24)
                _run(paragraph, text, size=Pt(14), font=font)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _east_asia(r_pr, font: str) -> None:
    """Word picks the font of Chinese characters from w:rFonts/@w:eastAsia, not from w:ascii."""
    fonts = r_pr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)
    for theme in ("w:eastAsiaTheme", "w:asciiTheme", "w:hAnsiTheme"):
        fonts.attrib.pop(qn(theme), None)


def _letter_spacing(paragraph: Paragraph, space: Pt) -> None:
    """Spreads a short title (执 行 通 知 书) with w:spacing, keeping its text searchable."""
    for run in paragraph.runs:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(int(space.pt * 20)))
        run._element.get_or_add_rPr().insert_element_before(spacing, *_AFTER_SPACING)


def _run(
    paragraph: Paragraph, text: str, *, size=None, font: str | None = None, bold: bool = False
) -> None:
    run = paragraph.add_run(text)
    run.bold = bold or None
    if size is not None:
        run.font.size = size
    if font is not None:
        run.font.name = font
        _east_asia(run._element.get_or_add_rPr(), font)


def _supervision(writer: _Writer, case: EnforcementCase) -> None:
    """廉政监督卡 (法发〔2009〕43号 四; 一(四)): who handles the case, how to complain, the hotline
    and the query code with which a party follows the case."""
    hotline = settings.ZHIXING_HOTLINE
    officers = handling_officers(case)
    writer.doc.add_page_break()
    writer.line(case.court.name, size=Pt(22), font=TITLE_FONT, bold=True, center=True)
    writer.line(
        "廉政监督卡（执行监督卡）",
        size=Pt(22),
        font=TITLE_FONT,
        bold=True,
        center=True,
        after=Pt(12),
    )
    writer.table(
        [
            ("案号", case.case_number or ""),
            ("执行法院", case.court.name),
            ("办案人员", "；".join(f"{duty}：{names}" for duty, names in officers) or NO_OFFICER),
            ("案件查询码", f"{case.query_code}（凭此码可查询案件办理进展和流程节点信息）"),
            ("监督举报电话", hotline),
            (
                "反映途径",
                "执行人员有违法违纪行为的，可以向本院纪检监察部门或上级法院反映；"
                f"监督举报电话：{hotline}。",
            ),
        ]
    )
    prohibitions = writer.para(
        "执行人员不得私自会见当事人及其代理人，不得接受当事人及其代理人请客送礼，"
        "不得违反规定向当事人借款借物，不得为当事人介绍代理人、律师，"
        "不得违法收取、截留、挪用执行款物，不得泄露执行工作秘密。"
    )
    prohibitions.paragraph_format.space_before = Pt(12)


def filing_notice_docx(case: EnforcementCase, *, on: date | None = None) -> bytes:
    """受理通知书 to each applicant (法发〔2014〕26号 第2条), with the 廉政监督卡. Dated the filing
    day unless `on` is given."""
    title = "受理通知书"
    _require_docketed(case, title)
    writer = _Writer(case, title)
    respondents = _names(_parties(case, PartyRole.RESPONDENT))
    amount = _claim(case)
    for applicant in _parties(case, PartyRole.APPLICANT):
        writer.start(applicant.name)
        writer.para(
            f"你（单位）申请执行{respondents}一案的申请执行书及有关材料收悉。经审查，申请符合法定受理"
            f"条件，本院已于{chinese_date(case.filed_on)}立案执行，案号为{case.case_number}。"
            "现将有关事项通知如下："
        )
        writer.para("", lead="一、当事人")
        writer.items([_party_line(p) for p in _parties(case, PartyRole.APPLICANT)], numbered=False)
        writer.items([_party_line(p) for p in _parties(case, PartyRole.RESPONDENT)], numbered=False)
        writer.para(f"{_basis_text(case)}。", lead="二、执行依据：")
        if amount is not None:
            writer.para(f"{_amount_text(amount)}。", lead="三、申请执行标的：")
        else:
            writer.para(f"{case.basis.obligations}。", lead="三、申请执行事项：")
        writer.para(
            "申请执行人应当向本院提供其所了解的被执行人的财产线索（"
            f"{PROPERTY_INQUIRY_RULES}第一条）；联系方式、送达地址变更的，应当及时告知本院。",
            lead="四、财产线索：",
        )
        writer.para(
            f"{case.query_code}。你（单位）可凭此码查询本案办理进展和流程节点信息。",
            lead="五、案件查询码：",
        )
        writer.para(
            "本院执行人员有违法违纪行为的，可以向本院纪检监察部门或上级法院反映；"
            f"监督举报电话：{settings.ZHIXING_HOTLINE}。详见随附的廉政监督卡。",
            lead="六、监督：",
        )
        writer.close(on or case.filed_on)
        _supervision(writer, case)
    return writer.to_bytes()


def enforcement_notice_docx(case: EnforcementCase, *, on: date | None = None) -> bytes:
    """执行通知书 to each respondent (民事诉讼法 第251条; 民诉法解释 第480条): orders performance,
    warns of doubled interest or the delay penalty (第264条) and states the duty to report property
    (第252条). Dated today unless `on` is given."""
    title = "执行通知书"
    _require_docketed(case, title)
    writer = _Writer(case, title)
    applicants = _names(_parties(case, PartyRole.APPLICANT))
    if case.arrival == Arrival.APPLICATION.value:
        arrival = f"申请执行人{applicants}于{chinese_date(case.received_on)}向本院申请强制执行"
    else:
        arrival = f"本案于{chinese_date(case.received_on)}移送本院执行"
    amount = _claim(case)
    for respondent in _parties(case, PartyRole.RESPONDENT):
        writer.start(respondent.name)
        writer.para(
            f"申请执行人{applicants}与你（单位）一案，{_basis_text(case)}已经发生法律效力。{arrival}，"
            f"本院于{chinese_date(case.filed_on)}依法立案执行。依照{CIVIL_PROCEDURE_LAW}第二百五十一条、"
            f"第二百五十二条、第二百六十四条，{INTERPRETATION}第四百八十条规定，"
            "责令你（单位）自收到本通知之日起立即履行下列义务："
        )
        writer.para(f"一、履行{_basis_text(case)}确定的义务：{case.basis.obligations}。")
        if amount is not None:
            writer.para(f"二、申请执行标的金额：{_amount_text(amount)}。")
        writer.para("特此告知：", lead="")
        writer.para(
            f"你（单位）{DELAY_WARNING}（{CIVIL_PROCEDURE_LAW}第二百六十四条，"
            f"{INTERPRETATION}第四百八十条）。",
            lead="一、迟延履行责任：",
        )
        writer.para(
            "你（单位）未按本通知履行法律文书确定的义务的，应当报告当前以及收到执行通知之日前一年的"
            "财产情况；拒绝报告或者虚假报告的，本院可以根据情节轻重予以罚款、拘留"
            f"（{CIVIL_PROCEDURE_LAW}第二百五十二条）。",
            lead="二、报告财产义务：",
        )
        writer.para(
            "逾期不履行的，本院将依法强制执行，可以查询、冻结、划拨你（单位）的存款，查封、扣押、"
            "拍卖、变卖你（单位）的财产，并可以依法限制消费、纳入失信被执行人名单。",
            lead="三、强制执行：",
        )
        writer.para(
            "本院执行人员有违法违纪行为的，可以向本院纪检监察部门或上级法院反映；"
            f"监督举报电话：{settings.ZHIXING_HOTLINE}。",
            lead="四、监督：",
        )
        writer.close(on or timezone.localdate(), officer_line=_officer_line(case))
    return writer.to_bytes()


def property_report_order_docx(
    case: EnforcementCase, *, on: date | None = None, period_days: int | None = None
) -> bytes:
    """报告财产令 to each respondent (民事诉讼法 第252条; 财产调查规定 第3—10条): report current
    property and that of the year before the notice within the stated period, what to report, and
    what refusing or lying costs. Issued with the 执行通知书 in money cases (财产调查规定 第3条)."""
    title = "报告财产令"
    _require_docketed(case, title)
    if period_days is None:
        period_days = getattr(settings, "ZHIXING_PROPERTY_REPORT_DAYS", PROPERTY_REPORT_DAYS)
    period = chinese_number(period_days)
    writer = _Writer(case, title)
    applicants = _names(_parties(case, PartyRole.APPLICANT))
    for respondent in _parties(case, PartyRole.RESPONDENT):
        writer.start(respondent.name)
        writer.para(
            f"本院在执行申请执行人{applicants}与你（单位）一案中，依照{CIVIL_PROCEDURE_LAW}第二百五十二条、"
            f"{PROPERTY_INQUIRY_RULES}第三条至第十条规定，责令你（单位）在收到本令后{period}日内，"
            "如实向本院书面报告当前以及收到执行通知之日前一年的财产情况。"
        )
        writer.para("", lead="一、应当报告的财产")
        writer.items(PROPERTY_KINDS)
        writer.para(
            "财产已出租、已设立担保物权等权利负担，或者存在共有、权属争议等情形的，应当一并报告；"
            "动产由第三人占有，不动产、特定动产、其他财产权等登记在第三人名下的，也应当一并报告。"
        )
        writer.para(
            "自收到执行通知之日前一年至提交书面财产报告之日，财产发生下列变动的，应当一并报告："
            + "；".join(PROPERTY_CHANGES)
            + "。",
            lead="二、应当报告的财产变动：",
        )
        writer.para(
            "报告财产后，财产情况发生变动，影响申请执行人债权实现的，应当自财产变动之日起十日内向"
            "本院补充报告。在上述期限内提交书面报告确有困难的，可以向本院书面申请延长期限。",
            lead="三、补充报告与延长期限：",
        )
        writer.para(
            "拒绝报告、虚假报告或者无正当理由逾期报告财产情况的，本院将根据情节轻重对你（单位）"
            "或者你（单位）的法定代理人、主要负责人、直接责任人员予以罚款、拘留；"
            "并依法将你（单位）纳入失信被执行人名单；构成犯罪的，依法追究刑事责任"
            f"（{CIVIL_PROCEDURE_LAW}第二百五十二条，{PROPERTY_INQUIRY_RULES}第九条、第十条）。",
            lead="四、法律责任：",
        )
        writer.close(on or timezone.localdate(), officer_line=_officer_line(case))
    return writer.to_bytes()


def _officer_line(case: EnforcementCase) -> str:
    return f"承办人：{case.officer.name}" if case.officer is not None else ""


DOCUMENTS: dict[str, tuple[str, Callable[[EnforcementCase], bytes]]] = {
    "filing-notice": ("受理通知书", filing_notice_docx),
    "enforcement-notice": ("执行通知书", enforcement_notice_docx),
    "property-report-order": ("报告财产令", property_report_order_docx),
}
"""Slug → (title, builder), so pages and the API can offer every document generically."""


def document_filename(case: EnforcementCase, slug: str) -> str:
    """（2026）京0105执1号-执行通知书.docx"""
    if slug not in DOCUMENTS:
        raise NotFound("没有这种文书", code="document.unknown")
    return f"{case.case_number or f'待立案{case.pk}'}-{DOCUMENTS[slug][0]}.docx"
