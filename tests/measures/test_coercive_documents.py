"""The decision documents as DOCX, read back with python-docx: 拘传票, 罚款决定书, 拘留决定书 carry the
court, number, person, facts, legal basis, the amount in figures and in 大写, the detention days, the
reconsideration notice (3 days, the next-higher court, 民诉法解释 第185条), the non-stay sentence and
the president's approval."""

import io
from datetime import date

import docx
import pytest

from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from zhixing.core.errors import DomainError
from zhixing.measures.documents_coercive import (
    article_text,
    coercive_document_docx,
    coercive_document_filename,
)
from zhixing.measures.selectors import coercive as selectors
from zhixing.measures.services import coercive as services

pytestmark = pytest.mark.django_db
LAW = "《中华人民共和国民事诉讼法》"
NOTICE = (
    "如不服本决定，可以在收到决定书之日起三日内，向北京市第三中级人民法院申请复议一次。"
    "复议期间，不停止本决定的执行"
)


@pytest.fixture
def case(file_case):  # noqa: F811
    return file_case(docket_on=date(2026, 9, 22))


def decided(people, case, **kw):  # noqa: F811
    values = dict(
        measure="fine",
        subject="individual",
        person_name="王被执",
        id_number="11010519491231002X",
        amount="50000",
        conduct="report_refused",
        facts="被执行人王被执收到报告财产令后，无正当理由拒不报告财产情况",
        proposed_on=date(2026, 10, 9),
    )
    values.update(kw)
    row = services.coercive_propose(actor=people["officer"].user, case=case, **values)
    row = services.coercive_approve(
        actor=people["president"].user, measure=row, on=date(2026, 10, 12)
    )
    return selectors.measure_get(actor=people["president"].user, pk=row.pk)


def read(measure):
    document = docx.Document(io.BytesIO(coercive_document_docx(measure)))
    return document, [p.text for p in document.paragraphs]


def test_fine_decision_reads_right(people, case):  # noqa: F811
    measure = decided(people, case)
    document, lines = read(measure)
    text = "\n".join(lines)
    assert lines[:4] == [
        "北京市朝阳区人民法院",
        "罚款决定书",
        "（2026）京0105司惩1号",
        "被罚款人：王被执，公民身份号码11010519491231002X。",
    ]
    assert (
        "本院在执行（2026）京0105执1号申请执行人北京某贸易有限公司与被执行人王被执一案中查明"
        in text
    )
    assert "无正当理由拒不报告财产情况。" in text
    assert f"依照{LAW}第二百五十二条、第一百一十八条、第一百一十九条规定，经本院院长批准" in text
    assert "对王被执罚款人民币50,000.00元（大写：人民币伍万元整）。" in text
    assert NOTICE in text and "第一百八十五条" in text
    assert "批准：院长cy_president（二〇二六年十月十二日）" in text
    assert lines[-2:] == ["二〇二六年十月十二日", "（院印）"]
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    title = document.paragraphs[1].runs[0]
    assert title.font.name == "黑体" and title.bold
    assert document.core_properties.title == "罚款决定书"
    assert coercive_document_filename(measure) == "（2026）京0105司惩1号-罚款决定书-王被执.docx"


def test_detention_decision_names_the_days_and_custody(people, case):  # noqa: F811
    _, lines = read(decided(people, case, measure="detention", amount=None, days=15))
    text = "\n".join(lines)
    assert lines[1] == "拘留决定书" and lines[3].startswith("被拘留人：王被执")
    assert "对王被执拘留十五日。" in text and "由本院交公安机关看管" in text
    assert "第一百一十八条第三款" in text and NOTICE in text


def test_unit_fine_names_the_code_and_the_responsible_person(people, case):  # noqa: F811
    measure = decided(
        people,
        case,
        subject="unit",
        person_name="北京某银行朝阳支行",
        credit_code="91350100M000100Y43",
        responsible_person="赵行长",
        amount="200000",
        conduct="assistance_refused",
        facts="接到协助冻结通知书后拒不协助冻结被执行人存款",
    )
    _, lines = read(measure)
    text = "\n".join(lines)
    assert (
        lines[3]
        == "被罚款单位：北京某银行朝阳支行，统一社会信用代码91350100M000100Y43；主要负责人：赵行长。"
    )
    assert "作为有义务协助调查、执行的单位，拒不协助" in text
    assert f"依照{LAW}第一百一十七条、第一百一十八条、第一百一十九条" in text
    assert "人民币200,000.00元（大写：人民币贰拾万元整）" in text


def test_summons_carries_the_case_number_and_no_reconsideration(people, case):  # noqa: F811
    measure = decided(
        people,
        case,
        measure="summons",
        amount=None,
        conduct="summons_refused",
        facts="本院两次传唤被执行人到院接受调查询问，被执行人均未到场",
    )
    _, lines = read(measure)
    text = "\n".join(lines)
    assert lines[1:3] == ["拘传票", "（2026）京0105执1号"]
    assert "决定对你拘传，到本院接受调查询问" in text
    assert "第四百八十二条" in text and "不得超过八小时" in text
    assert "申请复议" not in text


def test_no_document_before_approval(people, case):  # noqa: F811
    row = services.coercive_propose(
        actor=people["officer"].user,
        case=case,
        measure="fine",
        subject="individual",
        person_name="王被执",
        amount="1000",
        conduct="report_refused",
        facts="x",
        proposed_on=date(2026, 10, 9),
    )
    with pytest.raises(DomainError) as error:
        coercive_document_docx(row)
    assert error.value.code == "document.not_approved"


def test_article_text():
    assert article_text("民事诉讼法 第114条第1款第6项") == f"{LAW}第一百一十四条第一款第六项"
    assert article_text("民诉法解释 第482条").endswith("解释》第四百八十二条")
    assert article_text("  某条例 第3条 ") == "某条例 第3条"
    assert article_text("民事诉讼法 第0条") == "民事诉讼法 第0条"  # printed as typed, not a crash
