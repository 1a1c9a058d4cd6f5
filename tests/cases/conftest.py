from datetime import date

import pytest

from zhixing.cases import services
from zhixing.cases.inputs import BasisInput, PartyInput
from zhixing.core.rules.roles import Role

CHECKLIST = {
    "effective": True,
    "entitled": True,
    "clear": True,
    "unperformed": True,
    "jurisdiction": True,
}


@pytest.fixture
def people(tree, make_staff):
    """Chaoyang court staff in the roles the process needs."""
    return {
        "clerk": make_staff(tree.chaoyang, "cy_clerk", roles=[Role.CLERK]),
        "officer": make_staff(tree.chaoyang, "cy_officer", roles=[Role.OFFICER], name="陈执行"),
        "officer2": make_staff(tree.chaoyang, "cy_officer2", roles=[Role.OFFICER], name="林执行"),
        "officer3": make_staff(tree.chaoyang, "cy_officer3", roles=[Role.OFFICER], name="吴执行"),
        "judge": make_staff(tree.chaoyang, "cy_judge", roles=[Role.JUDGE], unit_kind="review"),
        "chief": make_staff(tree.chaoyang, "cy_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None),
        "president": make_staff(
            tree.chaoyang, "cy_president", roles=[Role.PRESIDENT], unit_kind=None
        ),
    }


def basis(**overrides):
    values = dict(
        issuing_body="北京市朝阳区人民法院",
        document_number="（2025）京0105民初100号",
        effective_on=date(2025, 12, 1),
        performance_deadline=date(2025, 12, 15),
        obligations="被执行人向申请执行人支付货款 100000 元",
        amount="100000.00",
    )
    values.update(overrides)
    return BasisInput(**values)


def parties(**respondent):
    values = dict(
        role="respondent",
        kind="person",
        name="王被执",
        id_number="11010519491231002X",
        phone="13800000000",
    )
    values.update(respondent)
    return [
        PartyInput(
            role="applicant",
            kind="legal_entity",
            name="北京某贸易有限公司",
            credit_code="91350100M000100Y43",
            legal_representative="李总",
            phone="13900000000",
        ),
        PartyInput(**values),
    ]


@pytest.fixture
def file_case(tree, people):
    """file_case(received_on, docket_on=None, **kw) → a received (and, if docket_on, docketed) case."""

    def make(received_on=date(2026, 9, 21), docket_on=None, **kw):
        kw.setdefault("type_code", "执")
        kw.setdefault("origin", "civil_judgment")
        kw.setdefault("arrival", "application")
        kw.setdefault("basis", basis())
        kw.setdefault("parties", parties())
        kw.setdefault("claim_amount", "100000.00")
        case = services.case_receive(
            actor=people["clerk"].user, court=tree.chaoyang, received_on=received_on, **kw
        )
        if docket_on:
            case = services.case_docket(
                actor=people["clerk"].user, case=case, on=docket_on, checklist=CHECKLIST
            )
        return case

    return make
