"""Fixtures for upper-court supervision: the shared court tree plus 通州 (京0112, under 京03) and
丰台 (京0106, under 京02), staff at 朝阳 (京0105), 京03 and the other courts, and docketed 朝阳
cases filed through the services."""

from __future__ import annotations

from datetime import date

import pytest

from tests.cases.conftest import CHECKLIST, basis, parties  # noqa: F401
from zhixing.cases import services as case_services
from zhixing.core.rules.roles import Role

FILED = date(2025, 9, 1)


@pytest.fixture
def courts(tree, superuser):
    from zhixing.organization.services import court_create

    def make(name, level, code, parent):
        return court_create(actor=superuser, name=name, level=level, code=code, parent=parent)

    bj2 = make("北京市第二中级人民法院", "intermediate", "京02", tree.high)
    tongzhou = make("北京市通州区人民法院", "basic", "京0112", tree.bj3)
    fengtai = make("北京市丰台区人民法院", "basic", "京0106", bj2)
    return {"bj2": bj2, "tongzhou": tongzhou, "fengtai": fengtai}


@pytest.fixture
def staff(tree, courts, make_staff):
    return {
        "cy_clerk": make_staff(tree.chaoyang, "cy_clerk", roles=[Role.CLERK]),
        "cy_officer": make_staff(tree.chaoyang, "cy_officer", roles=[Role.OFFICER], name="陈执行"),
        "cy_judge": make_staff(tree.chaoyang, "cy_judge", roles=[Role.JUDGE], unit_kind="review"),
        "cy_president": make_staff(
            tree.chaoyang, "cy_president", roles=[Role.PRESIDENT], unit_kind=None
        ),
        "bj3_judge": make_staff(
            tree.bj3, "bj3_judge", roles=[Role.JUDGE], unit_kind="review", name="赵法官"
        ),
        "bj3_president": make_staff(
            tree.bj3, "bj3_president", roles=[Role.PRESIDENT], unit_kind=None
        ),
        "bj1_judge": make_staff(tree.bj1, "bj1_judge", roles=[Role.JUDGE], unit_kind="review"),
        "high_judge": make_staff(
            tree.high, "high_judge", roles=[Role.JUDGE], unit_kind="reconsideration_supervision"
        ),
        "ft_clerk": make_staff(courts["fengtai"], "ft_clerk", roles=[Role.CLERK]),
        "ft_officer": make_staff(courts["fengtai"], "ft_officer", roles=[Role.OFFICER]),
        "bj2_judge": make_staff(courts["bj2"], "bj2_judge", roles=[Role.JUDGE], unit_kind="review"),
        "hd_officer": make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER]),
    }


@pytest.fixture
def cy_case(tree, staff):
    """cy_case(filed=FILED) → a docketed 朝阳 case."""

    def make(filed=FILED):
        clerk = staff["cy_clerk"].user
        case = case_services.case_receive(
            actor=clerk,
            court=tree.chaoyang,
            type_code="执",
            origin="civil_judgment",
            arrival="application",
            received_on=filed,
            basis=basis(effective_on=date(2025, 6, 1), performance_deadline=date(2025, 6, 15)),
            parties=parties(),
            claim_amount="100000.00",
        )
        return case_services.case_docket(actor=clerk, case=case, on=filed, checklist=CHECKLIST)

    return make
