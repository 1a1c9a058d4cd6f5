"""Court documents as DOCX: 受理通知书, 执行通知书, 报告财产令, opened back with python-docx."""

import io
from datetime import date

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from zhixing.cases import documents, services
from zhixing.cases.documents import (
    DOCUMENTS,
    chinese_date,
    document_filename,
    enforcement_notice_docx,
    filing_notice_docx,
    property_report_order_docx,
)
from zhixing.cases.inputs import PartyInput
from zhixing.cases.models import EnforcementCase
from zhixing.core.errors import DomainError, NotFound

from .conftest import parties

pytestmark = pytest.mark.django_db

FILED = date(2026, 9, 22)
NUMBER = "（2026）京0105执1号"
DELAY_WARNING = (
    "未按期履行给付金钱义务的，应当加倍支付迟延履行期间的债务利息；"
    "未按期履行其他义务的，应当支付迟延履行金"
)


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def text_of(data: bytes) -> str:
    """Every paragraph and table cell of the document, one per line."""
    doc = open_docx(data)
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def loaded(case: EnforcementCase) -> EnforcementCase:
    """The case as a page would load it."""
    return (
        EnforcementCase.objects.select_related("basis", "court", "officer")
        .prefetch_related("parties")
        .get(pk=case.pk)
    )


@pytest.fixture
def case(file_case):
    return loaded(file_case(docket_on=FILED))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 26), "二〇二六年十一月二十六日"),
        (date(2026, 1, 1), "二〇二六年一月一日"),
        (date(2026, 10, 10), "二〇二六年十月十日"),
        (date(2026, 9, 19), "二〇二六年九月十九日"),
        (date(2025, 12, 20), "二〇二五年十二月二十日"),
        (date(2000, 2, 29), "二〇〇〇年二月二十九日"),
        (date(2031, 3, 31), "二〇三一年三月三十一日"),
        (date(2019, 5, 30), "二〇一九年五月三十日"),
    ],
)
def test_chinese_date(day, expected):
    """Court documents write the year digit by digit with 〇 and count month and day in numerals."""
    assert chinese_date(day) == expected


def test_filing_notice_states_case_basis_amount_and_supervision(case):
    text = text_of(filing_notice_docx(case))
    for expected in [
        "北京市朝阳区人民法院",
        "受理通知书",
        NUMBER,
        "北京某贸易有限公司：",
        "申请执行人：北京某贸易有限公司，法定代表人李总。",
        "被执行人：王被执。",
        "北京市朝阳区人民法院作出的（2025）京0105民初100号民事判决书",
        "人民币100,000.00元（大写：人民币壹拾万元整）",
        "本院已于二〇二六年九月二十二日立案执行",
        "廉政监督卡",
        case.query_code,
        "12368",
        "承办人确定后另行告知",
        "可以向本院纪检监察部门或上级法院反映；监督举报电话：12368",
        "（院印）",
    ]:
        assert expected in text, expected
    assert f"五、案件查询码：{case.query_code}。" in text
    # dated the filing day
    assert "二〇二六年九月二十二日\n（院印）" in text
    # the supervision card is a sheet of its own, after the notice
    doc = open_docx(filing_notice_docx(case))
    assert doc.element.body.xml.count('w:type="page"') == 1
    assert [t.cell(0, 0).text for t in doc.tables] == ["案号"]


def test_filing_notice_names_the_officer_and_stage_holders_once_assigned(case, people):
    services.officer_assign(
        actor=people["chief"].user, cases=[case], officer=people["officer"], on=date(2026, 9, 23)
    )
    services.stage_assign(
        actor=people["chief"].user,
        cases=[case],
        stage="inquiry_control",
        on=date(2026, 9, 23),
        staff=people["officer2"],
    )
    text = text_of(filing_notice_docx(loaded(case)))
    assert "承办人：陈执行；财产查控阶段：林执行" in text
    assert "承办人确定后另行告知" not in text


def test_filing_notice_uses_the_configured_hotline(case, settings):
    settings.ZHIXING_HOTLINE = "010-87654321"
    text = text_of(filing_notice_docx(case))
    assert "监督举报电话：010-87654321" in text
    assert "12368" not in text


def test_filing_notice_one_copy_per_applicant(file_case):
    two = [
        *parties(),
        PartyInput(role="applicant", kind="person", name="赵申请", address="北京市朝阳区某路1号"),
    ]
    case = loaded(file_case(docket_on=FILED, parties=two))
    text = text_of(filing_notice_docx(case))
    assert "北京某贸易有限公司：" in text
    assert "赵申请：" in text
    assert "申请执行人：赵申请，住所北京市朝阳区某路1号。" in text
    assert text.count("廉政监督卡（执行监督卡）") == 2


def test_enforcement_notice_orders_performance_and_warns_of_doubled_interest(case):
    text = text_of(enforcement_notice_docx(case, on=date(2026, 9, 25)))
    for expected in [
        "北京市朝阳区人民法院",
        "执行通知书",
        NUMBER,
        "王被执：",
        "申请执行人北京某贸易有限公司于二〇二六年九月二十一日向本院申请强制执行",
        "本院于二〇二六年九月二十二日依法立案执行",
        "被执行人向申请执行人支付货款 100000 元",
        "人民币100,000.00元（大写：人民币壹拾万元整）",
        DELAY_WARNING,
        "第二百六十四条",
        "第四百八十条",
        "应当报告当前以及收到执行通知之日前一年的财产情况",
        "第二百五十二条",
        "监督举报电话：12368",
        "二〇二六年九月二十五日\n（院印）",
    ]:
        assert expected in text, expected
    assert "承办人：" not in text  # no officer yet: no name line


def test_enforcement_notice_one_copy_per_respondent(file_case, people):
    both = [
        *parties(),
        PartyInput(
            role="respondent",
            kind="legal_entity",
            name="北京某建设有限公司",
            legal_representative="周经理",
        ),
    ]
    case = file_case(docket_on=FILED, parties=both)
    services.officer_assign(
        actor=people["chief"].user, cases=[case], officer=people["officer"], on=date(2026, 9, 23)
    )
    doc = open_docx(enforcement_notice_docx(loaded(case), on=date(2026, 9, 25)))
    addressees = [p.text for p in doc.paragraphs if p.text in ("王被执：", "北京某建设有限公司：")]
    assert addressees == ["王被执：", "北京某建设有限公司："]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert text.count(DELAY_WARNING) == 2
    assert text.count("承办人：陈执行") == 2
    assert doc.element.body.xml.count('w:type="page"') == 1


def test_property_report_order_lists_kinds_period_and_consequences(case):
    text = text_of(property_report_order_docx(case, on=date(2026, 9, 25)))
    for expected in [
        "报告财产令",
        NUMBER,
        "王被执：",
        "责令你（单位）在收到本令后五日内，如实向本院书面报告当前以及收到执行通知之日前一年的财产情况",
        "（一）收入、银行存款、现金、理财产品、有价证券",
        "（二）土地使用权、房屋等不动产",
        "（三）交通运输工具、机器设备、产品、原材料等动产",
        "（四）债权、股权、投资权益、基金份额、信托受益权、知识产权等财产性权利",
        "（五）其他应当报告的财产",
        "拒绝报告、虚假报告或者无正当理由逾期报告财产情况的",
        "罚款、拘留",
        "纳入失信被执行人名单",
        "构成犯罪的，依法追究刑事责任",
        "二〇二六年九月二十五日\n（院印）",
    ]:
        assert expected in text, expected


def test_property_report_period_is_configurable(case, settings):
    assert documents.PROPERTY_REPORT_DAYS == 5
    settings.ZHIXING_PROPERTY_REPORT_DAYS = 7
    assert "在收到本令后七日内" in text_of(property_report_order_docx(case))
    assert "在收到本令后十五日内" in text_of(property_report_order_docx(case, period_days=15))


@pytest.mark.parametrize("slug", list(DOCUMENTS))
def test_no_document_before_docketing(file_case, slug):
    case = loaded(file_case())
    with pytest.raises(DomainError) as error:
        DOCUMENTS[slug][1](case)
    assert error.value.code == "document.not_docketed"


@pytest.mark.parametrize("slug", list(DOCUMENTS))
def test_layout_a4_chinese_fonts_header_title_number(case, slug):
    title, build = DOCUMENTS[slug]
    doc = open_docx(build(case))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.cm, 1) == 2.8
    fonts = doc.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋"
    court, heading, number = doc.paragraphs[:3]
    assert court.text == "北京市朝阳区人民法院"
    assert court.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert heading.text == title
    assert heading.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert heading.runs[0].bold
    assert heading.runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert number.text == NUMBER
    assert number.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert doc.core_properties.title == title


def test_documents_registry_and_filename(case):
    assert {slug: title for slug, (title, _) in DOCUMENTS.items()} == {
        "filing-notice": "受理通知书",
        "enforcement-notice": "执行通知书",
        "property-report-order": "报告财产令",
    }
    assert document_filename(case, "enforcement-notice") == "（2026）京0105执1号-执行通知书.docx"
    with pytest.raises(NotFound) as error:
        document_filename(case, "judgment")
    assert error.value.code == "document.unknown"


def test_loaded_case_builds_without_per_party_queries(case, django_assert_max_num_queries):
    """Parties come from the prefetch; only the active stage holders are read."""
    with django_assert_max_num_queries(1):
        filing_notice_docx(case)
    with django_assert_max_num_queries(0):
        enforcement_notice_docx(case, on=FILED)
        property_report_order_docx(case, on=FILED)
