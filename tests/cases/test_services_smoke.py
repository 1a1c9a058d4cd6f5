from datetime import date

import pytest

from zhixing.cases import services
from zhixing.cases.models import CaseDeadline

pytestmark = pytest.mark.django_db


def test_smoke(file_case, people):
    case = file_case(docket_on=date(2026, 9, 22))
    assert case.case_number == "（2026）京0105执1号"
    services.officer_assign(
        actor=people["chief"].user, cases=[case], officer=people["officer"], on=date(2026, 9, 23)
    )
    services.node_record(
        actor=people["officer"].user, case=case, code="notice_issued", on=date(2026, 9, 25)
    )
    services.node_record(
        actor=people["officer"].user, case=case, code="suspended", on=date(2026, 10, 1)
    )
    services.node_record(
        actor=people["officer"].user, case=case, code="resumed", on=date(2026, 10, 11)
    )
    rows = {d.code: d for d in CaseDeadline.objects.filter(case=case)}
    print({k: (v.due_on, v.met_on, v.paused) for k, v in rows.items()})
    assert rows["closure"].due_on is not None
