"""Request and response shapes of the enforcement-case API (/api/v1/cases …).

Codes (type, origin, arrival, role, kind, stage, node) are plain strings here: the services check
them and answer with a coded Chinese error, so a wrong value reads the same from the API and a page.
Money travels as a decimal string ("100000.00"), never a float.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

Id = Annotated[int, Field(ge=1, le=2**63 - 1)]  # a primary key; larger values cannot exist

# --- input -----------------------------------------------------------------------------------


class BasisIn(Schema):
    issuing_body: str = Field(..., max_length=100, description="作出机关")
    document_number: str = Field(..., max_length=60, description="文书编号")
    effective_on: date = Field(..., description="生效日期")
    performance_deadline: date | None = Field(None, description="履行期限届满日")
    obligations: str = Field(..., max_length=5000, description="确定的义务")
    amount: str | None = Field(None, max_length=24, description='给付金额，如 "100000.00"')


class PartyIn(Schema):
    role: str = Field(..., description="applicant（申请执行人）/ respondent（被执行人）")
    kind: str = Field(..., description="person / legal_entity / other_org")
    name: str = Field(..., max_length=100)
    id_number: str = Field("", max_length=24, description="自然人身份证号码")
    credit_code: str = Field("", max_length=24, description="统一社会信用代码")
    legal_representative: str = Field("", max_length=40)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=200)


class ChecklistIn(Schema):
    """执行工作规定 第16条: each acceptance condition confirmed by the person docketing."""

    effective: bool = False
    entitled: bool = False
    clear: bool = False
    unperformed: bool = False
    jurisdiction: bool = False


class DocketIn(Schema):
    on: date
    checklist: ChecklistIn


class CaseIn(Schema):
    court_code: str = Field(..., max_length=10)
    type_code: str = Field(..., description="执 / 执恢 / 执保")
    origin: str = Field(..., description="执行依据种类，如 civil_judgment")
    arrival: str = Field(..., description="application / transfer / entrustment / …")
    received_on: date
    claim_amount: str | None = Field(None, max_length=24, description="申请执行标的额")
    basis: BasisIn
    parties: list[PartyIn] = Field(..., max_length=200)
    docket: DocketIn | None = Field(None, description="同时立案（与收案在同一事务中）")


class RefuseIn(Schema):
    on: date
    reason: str = Field(..., max_length=300)


class NodeIn(Schema):
    code: str = Field(..., description="节点代码，如 notice_issued")
    on: date
    data: dict[str, Any] | None = None
    note: str = Field("", max_length=300)


class ExtensionRequestIn(Schema):
    on: date
    months: int
    reason: str = Field(..., max_length=300)


class ExtensionDecisionIn(Schema):
    on: date
    approve: bool
    months: int = 0
    note: str = Field("", max_length=300)


class OfficerAssignIn(Schema):
    case_ids: list[Id] = Field(..., min_length=1, max_length=500)
    officer_id: Id
    on: date


class StageAssignIn(Schema):
    case_ids: list[Id] = Field(..., min_length=1, max_length=500)
    stage: str
    staff_id: Id | None = None
    team_id: Id | None = None
    on: date


class CollegialDecisionIn(Schema):
    kind: str = Field(..., description="panel（合议庭评议）/ joint_meeting（主审法官联席会议）")
    decided_on: date
    subject: str = Field(..., max_length=200)
    outcome: str = Field(..., max_length=5000)
    member_ids: list[Id] = Field(..., max_length=50)
    presiding_id: Id


class TrialFeedbackIn(Schema):
    issue: str = Field(..., max_length=5000)
    on: date


class TrialFeedbackAnswerIn(Schema):
    answer: str = Field(..., max_length=5000)
    on: date


class VoluntaryPerformanceIn(Schema):
    court_code: str = Field(..., max_length=10)
    document_number: str = Field(..., max_length=60)
    performed_on: date
    amount: str | None = Field(None, max_length=24)


class ReminderIn(Schema):
    message: str = Field(..., max_length=300)


# --- output ----------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    name: str


class BasisOut(Schema):
    issuing_body: str
    document_number: str
    effective_on: date
    performance_deadline: date | None
    obligations: str
    amount: Decimal | None


class PartyOut(Schema):
    id: int
    role: str
    role_label: str
    kind: str
    kind_label: str
    name: str
    id_number_masked: str  # 身份证号码只返回脱敏形式
    credit_code: str
    legal_representative: str
    minor_at_filing: bool
    phone: str
    email: str
    address: str


class DeadlineOut(Schema):
    id: int
    code: str
    label: str
    source: str
    started_on: date
    due_on: date | None  # null while the clock is paused (中止、暂缓)
    met_on: date | None
    status: str  # met / met_late / paused / overdue / due_soon / open
    status_label: str
    days_remaining: int | None  # negative when overdue; null when met or paused
    provisional: bool  # the due date rests on a year without official holiday data
    moved_from: date | None  # the last day fell on a rest day and moved to due_on
    extended_months: int
    responsible: PersonOut | None


class StageAssignmentOut(Schema):
    stage: str
    stage_label: str
    staff: PersonOut | None
    team: PersonOut | None
    assigned_on: date


class CaseRowOut(Schema):
    id: int
    case_number: str | None  # null until docketed
    court_code: str
    court_name: str
    type_code: str
    status: str
    status_label: str
    stage: str
    stage_label: str
    received_on: date
    filed_on: date | None
    claim_amount: Decimal | None
    officer: PersonOut | None


class CasePage(Schema):
    items: list[CaseRowOut]
    next_after: int | None  # pass as `after` for the next page; null on the last page


class CaseDetailOut(CaseRowOut):
    type_label: str
    origin: str
    origin_label: str
    arrival: str
    arrival_label: str
    limitation_warning: str
    query_code: str  # 案件查询码, for staff to give to the parties
    previous_case_number: str | None
    basis: BasisOut | None
    parties: list[PartyOut]
    stage_assignments: list[StageAssignmentOut]
    deadlines: list[DeadlineOut]


class EventOut(Schema):
    id: int
    seq: int
    code: str
    label: str
    occurred_on: date
    recorded_at: datetime
    actor_name: str
    data: dict[str, Any]
    note: str


class CountOut(Schema):
    count: int


class CollegialDecisionOut(Schema):
    id: int
    case_id: int
    kind: str
    kind_label: str
    decided_on: date
    subject: str
    outcome: str
    presiding: PersonOut
    members: list[PersonOut]


class TrialFeedbackOut(Schema):
    id: int
    case_id: int
    case_number: str | None
    raised_on: date
    raised_by: PersonOut
    issue: str
    answer: str
    answered_on: date | None
    answered_by: PersonOut | None


class VoluntaryPerformanceOut(Schema):
    id: int
    court_code: str
    document_number: str
    performed_on: date
    amount: Decimal | None


class WorkItemOut(DeadlineOut):
    case_id: int
    case_number: str | None
    court_code: str


class WorkItemPage(Schema):
    items: list[WorkItemOut]
    next_after: str | None  # "YYYY-MM-DD.id" of the last item; pass as `after`; null at the end


class StageCountOut(Schema):
    stage: str
    label: str
    count: int


class CourtDashboardOut(Schema):
    court_id: int
    court_code: str
    court_name: str
    open_cases: int
    by_stage: list[StageCountOut]  # every stage, in process order, zeros included
    overdue_deadlines: int


class ReminderOut(Schema):
    id: int
    deadline_id: int
    case_id: int
    case_number: str | None
    sent_by: PersonOut
    sent_to: PersonOut | None
    message: str
    created_at: datetime
