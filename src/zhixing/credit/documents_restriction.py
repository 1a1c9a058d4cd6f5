"""限制消费令 as DOCX, laid out like the case documents (`cases.documents`: A4, GB/T 9704 margins,
仿宋 三号 body, 黑体 title, the date in Chinese numerals and the place of the seal).

What it states (限高规定 第5条): the period, the restricted items (第3条第1款, only those chosen), for
an organisation the persons it also binds (第3条第2款), the consequences of a breach (第11条 and
民事诉讼法 第114条), the private-consumption application (第3条第2款) and the prior approval of
necessary consumption (第8条); it is signed by the president (院长) whose name it bears.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from zhixing.cases.documents import CIVIL_PROCEDURE_LAW, chinese_date
from zhixing.cases.models import Party
from zhixing.cases.rules.filing import PartyRole
from zhixing.core.rules.calendar import cn_date
from zhixing.core.rules.numerals import chinese_number
from zhixing.organization.models import Staff

from .documents import NumberedWriter
from .models import ConsumptionRestriction
from .rules import restriction as rules
from .selectors.restriction import restriction_period
from .services.restriction import DEFAULT_PERIOD

__all__ = ["restriction_docx", "restriction_filename"]

TITLE = "限制消费令"
RULES = "《最高人民法院关于限制被执行人高消费及有关消费的若干规定》"


def _president(row: ConsumptionRestriction) -> str:
    staff = Staff.objects.filter(user_id=row.signed_by_id).first()
    return staff.name if staff else row.signed_by.get_username()


def _addressee(row: ConsumptionRestriction) -> str:
    if row.respondent_kind == "organisation":
        parts = [row.name]
        if row.credit_code:
            parts.append(f"统一社会信用代码{row.credit_code}")
        if row.legal_representative:
            parts.append(f"法定代表人{row.legal_representative}")
        return "，".join(parts)
    parts = [row.name]
    if row.sex:
        parts.append(row.sex)
    if row.birth_date:
        parts.append(f"{cn_date(row.birth_date)}出生")
    if row.id_masked:
        parts.append(f"公民身份号码{row.id_masked}")
    return "，".join(parts)


def _covered_text(row: ConsumptionRestriction) -> str:
    """你单位及你单位的法定代表人张三、主要负责人李四……"""
    people = "、".join(
        f"{rules.COVERED_ROLE_LABELS.get(rules.CoveredRole(p['role']), p['role'])}{p['name']}"
        for p in row.covered
        if p.get("role") in {r.value for r in rules.CoveredRole}
    )
    return f"你单位及你单位的{people}" if people else "你单位"


def restriction_docx(row: ConsumptionRestriction) -> bytes:
    """The order as served on the respondent, one page."""
    case = row.case
    writer = NumberedWriter(case, TITLE)
    writer.heading(row.order_number, court_name=row.court_name)
    writer.line(f"被执行人：{_addressee(row)}。")
    applicants = "、".join(
        p.name
        for p in Party.objects.filter(case=case, role=PartyRole.APPLICANT.value).order_by("pk")
    )
    organisation = row.respondent_kind == "organisation"
    you = "你单位" if organisation else "你"
    basis = f"（执行依据：{row.basis_issuer}{row.basis_number}）" if row.basis_number else ""
    filed = f"于{chinese_date(row.filed_on)}立案执行" if row.filed_on else "执行"
    how = (
        "依职权" if row.initiative == rules.Initiative.EX_OFFICIO.value else "根据申请执行人的申请"
    )
    writer.para(
        f"本院{filed}申请执行人{applicants}与被执行人{row.name}一案{basis}。"
        f"因{you}未按执行通知书指定的期间履行生效法律文书确定的给付义务，本院{how}，依照"
        f"{CIVIL_PROCEDURE_LAW}和{RULES}第一条、第三条的规定，对{you}采取限制消费措施。"
    )
    subject = _covered_text(row) if organisation else "你"
    writer.para(f"自本令送达之日起，{subject}不得实施以下高消费及非生活和工作必需的消费行为：")
    chosen = [b for b in rules.Behaviour if b.value in set(row.behaviours)]
    for index, behaviour in enumerate(chosen):
        end = "。" if index == len(chosen) - 1 else "；"
        writer.para(f"（{chinese_number(index + 1)}）{rules.BEHAVIOUR_LABELS[behaviour]}{end}")
    writer.para(f"限制期间：{restriction_period(row) or DEFAULT_PERIOD}。")
    if organisation:
        writer.para(
            "前述人员因私消费以个人财产实施前述行为的，可以向本院提出申请，经本院审查属实的，"
            f"应予准许（{RULES}第三条第二款）。"
        )
    writer.para(
        f"因生活或者经营必需而进行前述禁止的消费活动的，应当向本院提出申请，获批准后方可进行（{RULES}"
        "第八条）。"
    )
    writer.para(
        f"如违反本限制消费令，经查证属实的，本院将依照{CIVIL_PROCEDURE_LAW}第一百一十四条的规定，"
        f"予以罚款、拘留；情节严重，构成犯罪的，依法追究刑事责任（{RULES}第十一条）。"
    )
    writer.para(
        f"{you}全部履行生效法律文书确定的义务，或者提供确实有效的担保、申请执行人同意解除的，"
        f"本院将依法解除限制消费措施（{RULES}第九条）。"
    )
    writer.line("")
    right = WD_ALIGN_PARAGRAPH.RIGHT
    writer.line(f"院长　{_president(row)}", align=right).paragraph_format.right_indent = Pt(64)
    writer.line(chinese_date(row.signed_on), align=right).paragraph_format.right_indent = Pt(32)
    writer.line("（院印）", align=right).paragraph_format.right_indent = Pt(64)
    return writer.to_bytes()


def restriction_filename(row: ConsumptionRestriction) -> str:
    """（2026）京0105执1号之一-限制消费令-王某.docx"""
    return f"{row.order_number}-{TITLE}-{row.name}.docx"
