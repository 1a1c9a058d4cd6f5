"""The dishonest-debtor list (失信被执行人名单): grounds, refusals, term, removal and deadlines.

Source: 最高人民法院关于公布失信被执行人名单信息的若干规定 (2013, amended 2017; "失信规定"), 13
articles. Read against /work/shared/domain-rules.md section 5 and stored secondary copies of the
2017 text (the LawRefBook repository holds only the 2013 text):

- 第1条 the six grounds; 第2条 the term (2 years for grounds 2–6, extendable by 1–3 years);
  第3条 ground (1) excluded by security, sufficient controlled property, a later place in the
  order of performance; 第4条 no minors — VERIFIED (domain-rules section 5).
- 第9条 revoke/correct within 3 working days and 第10条 the seven deletion grounds, the term-expiry
  deletion and "有纳入期限的，不适用前款规定" — VERIFIED (secondary) from stored copies of the 2017
  text: P:gg.shydyy.com.cn/bljlxf/29808.html and P:m.64365.com/ask/11825311.aspx (domain-rules
  still tags items 5–7 and term expiry UNVERIFIED).
- 第12条 correction review 15 days, correction 3 working days, 复议 within 10 days decided in 15,
  no stay — VERIFIED P:78911.com.cn/GuoJiaZhengCe/719001-6.html.
- 第5条 decision within 15 days of an application — UNVERIFIED (domain-rules section 5).
- Publication within 3 working days — NOT in the text: 第7条 (2017) sets no period (domain-rules
  section 5, "Correction"). It is the project's requirement (issue 6) and a parameter here, so a
  court can set it in settings.

The document number 法释〔2017〕7号 is itself UNVERIFIED (domain-rules section 5).

Plain Python: the models, services and pages of `credit` will use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from zhixing.core.rules.calendar import DueDate, LegalCalendar, add_months
from zhixing.core.rules.identity import ADULT_AGE, IdNumberError, parse_id_number

SOURCE_GROUNDS = "失信规定 第1条"
SOURCE_TERM = "失信规定 第2条"
SOURCE_EXCLUSIONS = "失信规定 第3条"
SOURCE_MINOR = "失信规定 第4条"
SOURCE_DECISION = "失信规定 第5条（UNVERIFIED）"
SOURCE_PUBLICATION = "失信规定 第7条；发布期限为本系统要求（第7条未规定期限）"
SOURCE_REVOCATION = "失信规定 第9条"
SOURCE_REMOVAL = "失信规定 第10条"
SOURCE_CORRECTION = "失信规定 第12条"


class Ground(StrEnum):
    """失信规定 第1条: the situations in which an unperforming respondent is listed."""

    ABLE_BUT_REFUSES = "able_but_refuses"  # (一)
    OBSTRUCTS = "obstructs"  # (二)
    EVADES = "evades"  # (三)
    REPORT_DUTY = "report_duty"  # (四)
    RESTRICTION_BREACHED = "restriction_breached"  # (五)
    SETTLEMENT_REFUSED = "settlement_refused"  # (六)


GROUND_LABELS = {
    Ground.ABLE_BUT_REFUSES: "有履行能力而拒不履行生效法律文书确定义务",
    Ground.OBSTRUCTS: "以伪造证据、暴力、威胁等方法妨碍、抗拒执行",
    Ground.EVADES: "以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行",
    Ground.REPORT_DUTY: "违反财产报告制度",
    Ground.RESTRICTION_BREACHED: "违反限制消费令",
    Ground.SETTLEMENT_REFUSED: "无正当理由拒不履行执行和解协议",
}
# Item numbers as the 决定书 cites them: 第1条第（一）项 … 第（六）项.
GROUND_ITEMS = {
    Ground.ABLE_BUT_REFUSES: "（一）",
    Ground.OBSTRUCTS: "（二）",
    Ground.EVADES: "（三）",
    Ground.REPORT_DUTY: "（四）",
    Ground.RESTRICTION_BREACHED: "（五）",
    Ground.SETTLEMENT_REFUSED: "（六）",
}


class RespondentKind(StrEnum):
    PERSON = "person"  # 自然人
    ORGANISATION = "organisation"  # 法人或者其他组织


RESPONDENT_KIND_LABELS = {RespondentKind.PERSON: "自然人", RespondentKind.ORGANISATION: "单位"}

# 第2条: grounds (2)–(6) are listed for 2 years; ground (1) has no fixed term (it lasts until a
# removal ground arises — inferred from 第2条 naming only items 2–6, domain-rules section 5).
TERM_YEARS = 2
TERMED_GROUNDS = frozenset(set(Ground) - {Ground.ABLE_BUT_REFUSES})
EXTENSION_MIN_YEARS = 1
EXTENSION_MAX_YEARS = 3
MAX_TERM_YEARS = TERM_YEARS + EXTENSION_MAX_YEARS


class ExtensionReason(StrEnum):
    """失信规定 第2条: the only reasons a term may be extended by 1–3 years."""

    SERIOUS_VIOLENCE = "serious_violence"
    MULTIPLE_CONDUCT = "multiple_conduct"


EXTENSION_REASON_LABELS = {
    ExtensionReason.SERIOUS_VIOLENCE: "以暴力、威胁方法妨碍、抗拒执行情节严重",
    ExtensionReason.MULTIPLE_CONDUCT: "具有多项失信行为",
}

# Deadlines. Days are counted under 民事诉讼法（2023）第85条 by `LegalCalendar` (the start day does
# not count; a calendar-day period ending on a rest day moves to the next working day).
DECISION_DAYS = 15  # 第5条 (UNVERIFIED): decide within 15 days of the applicant's request
PUBLICATION_WORKDAYS = 3  # issue 6, not 第7条: a setting (see `publication_due`)
REVOCATION_WORKDAYS = 3  # 第9条: revoke a wrong listing / correct inaccurate information
REMOVAL_WORKDAYS = 3  # 第10条: delete within 3 working days of a deletion ground or of term expiry
CORRECTION_REVIEW_DAYS = 15  # 第12条: review a written correction request within 15 days
CORRECTION_WORKDAYS = 3  # 第12条: if the request is justified, correct within 3 working days
RECONSIDERATION_DAYS = 10  # 第12条: 复议 to the next-higher court within 10 days of service
RECONSIDERATION_DECISION_DAYS = 15  # 第12条: the upper court decides within 15 days of receipt
RECONSIDERATION_STAYS = False  # 第12条: 复议期间，不停止原决定的执行

# 第10条第1款第4项: at least two network inquiries (网络执行查控系统) after 终本 found nothing.
EMPTY_INQUIRIES_REQUIRED = 2


class RemovalGround(StrEnum):
    """失信规定 第10条: grounds on which the listing must be deleted within 3 working days."""

    FULL_PERFORMANCE = "full_performance"  # 第1款第1项
    SETTLEMENT_PERFORMED = "settlement_performed"  # 第1款第2项
    APPLICANT_REQUEST = "applicant_request"  # 第1款第3项
    NO_PROPERTY_AFTER_TERMINATION = "no_property_after_termination"  # 第1款第4项
    SUSPENDED = "suspended"  # 第1款第5项
    NOT_ENFORCED = "not_enforced"  # 第1款第6项
    ENFORCEMENT_ENDED = "enforcement_ended"  # 第1款第7项
    TERM_EXPIRED = "term_expired"  # 第2款


REMOVAL_GROUND_LABELS = {
    RemovalGround.FULL_PERFORMANCE: "被执行人已履行生效法律文书确定的义务或者人民法院已执行完毕",
    RemovalGround.SETTLEMENT_PERFORMED: "当事人达成执行和解协议且已履行完毕",
    RemovalGround.APPLICANT_REQUEST: "申请执行人书面申请删除失信信息，人民法院审查同意",
    RemovalGround.NO_PROPERTY_AFTER_TERMINATION: (
        "终结本次执行程序后，经网络执行查控系统两次以上查询未发现可供执行财产，"
        "且申请执行人或者其他人未提供有效财产线索"
    ),
    RemovalGround.SUSPENDED: "因审判监督或者破产程序，人民法院依法裁定对失信被执行人中止执行",
    RemovalGround.NOT_ENFORCED: "人民法院依法裁定不予执行",
    RemovalGround.ENFORCEMENT_ENDED: "人民法院依法裁定终结执行",
    RemovalGround.TERM_EXPIRED: "纳入期限届满",
}
REMOVAL_GROUND_SOURCES = {
    RemovalGround.FULL_PERFORMANCE: f"{SOURCE_REMOVAL}第1款第1项",
    RemovalGround.SETTLEMENT_PERFORMED: f"{SOURCE_REMOVAL}第1款第2项",
    RemovalGround.APPLICANT_REQUEST: f"{SOURCE_REMOVAL}第1款第3项",
    RemovalGround.NO_PROPERTY_AFTER_TERMINATION: f"{SOURCE_REMOVAL}第1款第4项",
    RemovalGround.SUSPENDED: f"{SOURCE_REMOVAL}第1款第5项",
    RemovalGround.NOT_ENFORCED: f"{SOURCE_REMOVAL}第1款第6项",
    RemovalGround.ENFORCEMENT_ENDED: f"{SOURCE_REMOVAL}第1款第7项",
    RemovalGround.TERM_EXPIRED: f"{SOURCE_REMOVAL}第2款",
}
# Grounds the system can know from the case itself, so removal can start without a clerk's motion
# (issue 6: "automatically where the system already knows the ground").
AUTOMATIC_REMOVAL_GROUNDS = frozenset(
    {
        RemovalGround.FULL_PERFORMANCE,
        RemovalGround.NOT_ENFORCED,
        RemovalGround.ENFORCEMENT_ENDED,
        RemovalGround.TERM_EXPIRED,
    }
)
# 第10条第2款 "有纳入期限的，不适用前款规定": the stored copies apply this to the whole of 第1款;
# domain-rules reads it as item 4 only. Under either reading a fixed-term listing is not deleted
# under item 4, which is what `check_removal` refuses; early deletion of a fixed-term listing on
# performance stays possible under 第2条第2款 ("可以提前删除"), so the other grounds are not refused.
FIXED_TERM_EXCLUDED = frozenset({RemovalGround.NO_PROPERTY_AFTER_TERMINATION})


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    source: str
    field: str = ""


# 失信规定 第1条 and 限高规定 第1条 speak of a respondent who has not performed what an effective legal
# document obliges them to do: an enforcement case (执, 执恢). A preservation case (执保) executes a
# ruling that fixes no such obligation, so neither sanction lies there.
SANCTIONABLE_CASE_TYPES = frozenset({"执", "执恢"})


def check_case_type(type_code: str) -> list[Refusal]:
    """失信规定 第1条; 限高规定 第1条: only in an enforcement case of a judgment-type obligation."""
    if type_code in SANCTIONABLE_CASE_TYPES:
        return []
    return [
        Refusal(
            "case_type",
            f"{type_code}字案件不是执行生效法律文书确定义务的案件，不能据此纳入失信名单或限制消费",
            f"{SOURCE_GROUNDS}；限高规定 第1条",
            "case",
        )
    ]


def ground_label(ground: Ground) -> str:
    return f"第1条第{GROUND_ITEMS[ground]}项：{GROUND_LABELS[ground]}"


def check_listing(
    *,
    ground: Ground,
    decided_on: date,
    respondent_kind: RespondentKind,
    id_number: str = "",
    birth_date: date | None = None,
    security_given: bool = False,
    controlled_value: Decimal = Decimal("0"),
    debt: Decimal = Decimal("0"),
    later_in_order: bool = False,
) -> list[Refusal]:
    """Every reason the respondent cannot be listed on `ground` on `decided_on` (empty = lawful).

    For a person the birth date is read from the 18-digit ID number (GB 11643-1999) when given,
    else from `birth_date`; with neither the listing is refused, since 第4条 cannot be checked.
    `controlled_value` is the value of property already sealed, seized or frozen (已查封、扣押、冻结).
    """
    refusals: list[Refusal] = []
    if respondent_kind is RespondentKind.PERSON:
        born = birth_date
        if id_number.strip():
            try:
                parsed = parse_id_number(id_number)
            except IdNumberError as error:
                refusals.append(
                    Refusal("listing.id_number", error.message, SOURCE_MINOR, "id_number")
                )
                born = None
            else:
                born = parsed.birth_date
                if birth_date is not None and birth_date != born:
                    refusals.append(
                        Refusal(
                            "listing.birth_mismatch",
                            "登记的出生日期与身份证号码记载的出生日期不一致，请核对",
                            SOURCE_MINOR,
                            "birth_date",
                        )
                    )
        if born is None:
            if not refusals:
                refusals.append(
                    Refusal(
                        "listing.birth_unknown",
                        "无法确认被执行人是否已成年：请登记身份证号码或出生日期",
                        SOURCE_MINOR,
                        "id_number",
                    )
                )
        elif decided_on < born or age_on(born, decided_on) < ADULT_AGE:
            refusals.append(
                Refusal(
                    "listing.minor",
                    "被执行人在决定之日未满十八周岁，不得纳入失信被执行人名单",
                    SOURCE_MINOR,
                    "respondent",
                )
            )
    if ground is Ground.ABLE_BUT_REFUSES:
        if security_given:
            refusals.append(
                Refusal(
                    "listing.security",
                    "被执行人已提供充分有效担保，不得以“有履行能力而拒不履行”为由纳入名单",
                    f"{SOURCE_EXCLUSIONS}第1项",
                    "security_given",
                )
            )
        if debt > 0 and controlled_value >= debt:
            refusals.append(
                Refusal(
                    "listing.controlled_property",
                    "已查封、扣押、冻结的财产足以清偿债务，不得以“有履行能力而拒不履行”为由纳入名单",
                    f"{SOURCE_EXCLUSIONS}第2项",
                    "controlled_value",
                )
            )
        if later_in_order:
            refusals.append(
                Refusal(
                    "listing.later_in_order",
                    "被执行人履行顺位在后，对其依法不应强制执行，不得以“有履行能力而拒不履行”为由纳入名单",
                    f"{SOURCE_EXCLUSIONS}第3项",
                    "later_in_order",
                )
            )
    return refusals


def age_on(born: date, day: date) -> int:
    """Full years (周岁) on `day`; a 29 February birthday falls on 28 February in other years
    (the same reading as `zhixing.core.rules.identity`)."""
    age = day.year - born.year
    if born.month == 2 and born.day == 29:
        anniversary = date(day.year, 2, 28) if not _leap(day.year) else date(day.year, 2, 29)
    else:
        anniversary = born.replace(year=day.year)
    if day < anniversary:
        age -= 1
    return age


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def check_extension(
    *,
    ground: Ground,
    years: int,
    reason: ExtensionReason | None,
    reason_note: str = "",
) -> list[Refusal]:
    """失信规定 第2条: an extension is 1–3 years, only for a termed ground, with a recorded reason
    (one of the two the article names, and the facts written down)."""
    refusals: list[Refusal] = []
    if ground not in TERMED_GROUNDS:
        refusals.append(
            Refusal(
                "extension.no_term",
                "以“有履行能力而拒不履行”为由纳入的，不设固定期限，无需延长",
                SOURCE_TERM,
                "ground",
            )
        )
    if not EXTENSION_MIN_YEARS <= years <= EXTENSION_MAX_YEARS:
        refusals.append(
            Refusal("extension.years", "纳入期限只能延长一至三年", SOURCE_TERM, "years")
        )
    if reason is None:
        refusals.append(
            Refusal(
                "extension.reason",
                "延长纳入期限须具有以暴力、威胁方法妨碍、抗拒执行情节严重或者具有多项失信行为的情形",
                SOURCE_TERM,
                "reason",
            )
        )
    if not reason_note.strip():
        refusals.append(
            Refusal(
                "extension.reason_note", "请写明延长纳入期限的具体事实", SOURCE_TERM, "reason_note"
            )
        )
    return refusals


def listing_term(ground: Ground, extension_years: int = 0) -> int | None:
    """Term in years (第2条): None for ground (1), else 2 plus a lawful extension.

    Raises ValueError on an extension `check_extension` would refuse for its length or ground.
    """
    if ground not in TERMED_GROUNDS:
        if extension_years:
            raise ValueError("ground (1) has no fixed term to extend")
        return None
    if extension_years and not EXTENSION_MIN_YEARS <= extension_years <= EXTENSION_MAX_YEARS:
        raise ValueError(f"extension must be {EXTENSION_MIN_YEARS}-{EXTENSION_MAX_YEARS} years")
    return TERM_YEARS + extension_years


def term_ends_on(decided_on: date, term_years: int | None) -> date | None:
    """The last day of the term counted from the decision (第2条; 民事诉讼法 第85条: a period in
    years ends on the corresponding day, or the month's last day when there is none)."""
    if term_years is None:
        return None
    return add_months(decided_on, 12 * term_years)


def check_removal(
    *,
    ground: RemovalGround,
    on: date,
    term_end: date | None,
    applicant_request_approved: bool = False,
    terminated_this_round: bool = False,
    empty_inquiries: int = 0,
    new_lead: bool = False,
) -> list[Refusal]:
    """Every reason `ground` does not (yet) support deleting the listing on `on` (第10条).

    `term_end` is the listing's `term_ends_on` (None for a listing without a fixed term).
    """
    source = REMOVAL_GROUND_SOURCES[ground]
    refusals: list[Refusal] = []
    if ground is RemovalGround.APPLICANT_REQUEST and not applicant_request_approved:
        refusals.append(
            Refusal(
                "removal.request_not_approved",
                "申请执行人书面申请删除失信信息的，须经人民法院审查同意",
                source,
                "applicant_request_approved",
            )
        )
    if ground is RemovalGround.NO_PROPERTY_AFTER_TERMINATION:
        if term_end is not None:
            refusals.append(
                Refusal(
                    "removal.fixed_term",
                    "有纳入期限的失信信息，不适用“终本后两次查询无财产”的删除情形，应在期限届满后删除",
                    f"{SOURCE_REMOVAL}第2款",
                    "ground",
                )
            )
        if not terminated_this_round:
            refusals.append(
                Refusal(
                    "removal.not_terminated",
                    "本案尚未终结本次执行程序",
                    source,
                    "terminated_this_round",
                )
            )
        if empty_inquiries < EMPTY_INQUIRIES_REQUIRED:
            refusals.append(
                Refusal(
                    "removal.inquiries",
                    "终结本次执行程序后，须经网络执行查控系统查询两次以上均未发现可供执行财产",
                    source,
                    "empty_inquiries",
                )
            )
        if new_lead:
            refusals.append(
                Refusal(
                    "removal.new_lead",
                    "申请执行人或者其他人已提供有效财产线索，不能以此为由删除",
                    source,
                    "new_lead",
                )
            )
    if ground is RemovalGround.TERM_EXPIRED:
        if term_end is None:
            refusals.append(
                Refusal(
                    "removal.no_term",
                    "该失信信息未设纳入期限，不存在期限届满",
                    source,
                    "ground",
                )
            )
        elif on <= term_end:
            refusals.append(
                Refusal(
                    "removal.term_running",
                    f"纳入期限至{term_end.year}年{term_end.month}月{term_end.day}日届满，尚未届满",
                    source,
                    "ground",
                )
            )
    return refusals


# Deadline helpers. Each returns the `DueDate` with the calendar's basis (official, admin table,
# weekends only = provisional) so a page can say how sure the date is.


def decision_due(requested_on: date, calendar: LegalCalendar) -> DueDate:
    """第5条 (UNVERIFIED): decide within 15 days of the applicant's request."""
    return calendar.period_end(requested_on, days=DECISION_DAYS)


def publication_due(
    decided_on: date, calendar: LegalCalendar, workdays: int = PUBLICATION_WORKDAYS
) -> DueDate:
    """Publish within `workdays` working days of the decision. Not set by 第7条 (2017); issue 6
    asks for 3 — a court setting, hence the parameter."""
    return calendar.add_workdays(decided_on, workdays)


def revocation_due(found_on: date, calendar: LegalCalendar) -> DueDate:
    """第9条: revoke a wrong listing, or correct inaccurate information, within 3 working days."""
    return calendar.add_workdays(found_on, REVOCATION_WORKDAYS)


def removal_due(ground_arose_on: date, calendar: LegalCalendar) -> DueDate:
    """第10条: delete within 3 working days of the day the ground arose; for term expiry pass the
    term's last day (`term_ends_on`): "纳入期限届满后三个工作日内"."""
    return calendar.add_workdays(ground_arose_on, REMOVAL_WORKDAYS)


def correction_review_due(received_on: date, calendar: LegalCalendar) -> DueDate:
    """第12条: review a written correction request within 15 days of receiving it."""
    return calendar.period_end(received_on, days=CORRECTION_REVIEW_DAYS)


def correction_due(granted_on: date, calendar: LegalCalendar) -> DueDate:
    """第12条: a justified correction request is carried out within 3 working days."""
    return calendar.add_workdays(granted_on, CORRECTION_WORKDAYS)


def reconsideration_deadline(served_on: date, calendar: LegalCalendar) -> DueDate:
    """第12条: 复议 to the next-higher court within 10 days of service of the rejection."""
    return calendar.period_end(served_on, days=RECONSIDERATION_DAYS)


def reconsideration_decision_due(received_on: date, calendar: LegalCalendar) -> DueDate:
    """第12条: the upper court decides within 15 days of receiving the application."""
    return calendar.period_end(received_on, days=RECONSIDERATION_DECISION_DAYS)
