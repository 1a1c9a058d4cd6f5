"""The node table (节点控制): every node of an enforcement case, who records it, its stage, and the
deadlines it starts and stops. design.md decision 1; 法发〔2009〕43号 三(一) 四.

One table to read the whole process. Deadline recipes live beside it in `deadlines.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from zhixing.core.rules.roles import Role


class Stage(StrEnum):
    """分段集约执行 stages (法〔2021〕322号; see domain-rules section 15)."""

    FILING = "filing"  # 立案
    NOTICE = "notice"  # 通知（执行通知书、报告财产令）
    INQUIRY_CONTROL = "inquiry_control"  # 财产查控
    FIELD = "field"  # 外勤调查
    DISPOSAL = "disposal"  # 财产处置（评估、拍卖、变卖）
    PAYOUT = "payout"  # 款物发放
    CLOSURE = "closure"  # 结案


STAGE_LABELS: dict[Stage, str] = {
    Stage.FILING: "立案",
    Stage.NOTICE: "执行通知",
    Stage.INQUIRY_CONTROL: "财产查控",
    Stage.FIELD: "外勤调查",
    Stage.DISPOSAL: "财产处置",
    Stage.PAYOUT: "款物发放",
    Stage.CLOSURE: "结案",
}


class NodeCode(StrEnum):
    RECEIVED = "received"
    DOCKETED = "docketed"
    REFUSED = "refused"
    OFFICER_ASSIGNED = "officer_assigned"
    NOTICE_ISSUED = "notice_issued"
    NOTICE_SERVED = "notice_served"
    LEADS_REQUESTED = "leads_requested"
    LEAD_RECEIVED = "lead_received"
    LEAD_VERIFIED = "lead_verified"
    INVESTIGATION_REQUESTED = "investigation_requested"
    INVESTIGATION_STARTED = "investigation_started"
    INVESTIGATION_COMPLETED = "investigation_completed"
    MEASURE_TAKEN = "measure_taken"
    DISPOSAL_STARTED = "disposal_started"
    CONTROL_RENEWED = "control_renewed"
    CONTROL_RELEASED = "control_released"
    CONTROL_RELEASE_FAILED = "control_release_failed"
    APPRAISAL_ORDERED = "appraisal_ordered"
    APPRAISER_SELECTED = "appraiser_selected"
    AUCTION_ANNOUNCED = "auction_announced"
    AUCTION_SOLD = "auction_sold"
    AUCTION_FAILED = "auction_failed"
    PROPERTY_SOLD = "property_sold"
    PROPERTY_DELIVERED = "property_delivered"
    PAYOUT_MADE = "payout_made"
    DISTRIBUTION_PLAN_MADE = "distribution_plan_made"
    DISTRIBUTION_PLAN_FINAL = "distribution_plan_final"
    COERCIVE_DECIDED = "coercive_decided"
    COERCIVE_RECONSIDERED = "coercive_reconsidered"
    SUSPENDED = "suspended"
    RESUMED = "resumed"
    DEFERRED = "deferred"
    DEFERRAL_ENDED = "deferral_ended"
    EXTENSION_REQUESTED = "extension_requested"
    EXTENSION_APPROVED = "extension_approved"
    EXTENSION_REFUSED = "extension_refused"
    # What the 终本 gate reads (法〔2016〕373号 第1—5条; 民诉法解释 第517条), closure app
    PROPERTY_REPORT_CHECKED = "property_report_checked"
    RESPONDENT_MISSING = "respondent_missing"
    RESPONDENT_SEARCHED = "respondent_searched"
    OBSTRUCTION_FOUND = "obstruction_found"
    FIELD_INVESTIGATED = "field_investigated"
    CONSUMPTION_RESTRICTED = "consumption_restricted"
    DISHONEST_LISTED = "dishonest_listed"
    DISHONEST_NOT_QUALIFIED = "dishonest_not_qualified"
    # Credit sanctions (失信规定 第10条; 限高规定 第9条), credit app
    DISHONEST_REMOVED = "dishonest_removed"
    RESTRICTION_LIFTED = "restriction_lifted"
    APPLICANT_INTERVIEWED = "applicant_interviewed"
    APPLICANT_CONFIRMED = "applicant_confirmed"
    ROUND_TERMINATION_APPROVED = "round_termination_approved"
    CLOSED = "closed"
    # After 终本 (终本规定 第9条; 十个必须 第6条), closure app
    RE_INQUIRY_SENT = "re_inquiry_sent"
    RE_INQUIRY_TOLD = "re_inquiry_told"
    RESUMPTION_FLAGGED = "resumption_flagged"
    RESUMED_AS = "resumed_as"
    # Review matters about this case (执行审查, 民事诉讼法 第236—238条), review app
    OBJECTION_FILED = "objection_filed"
    THIRD_PARTY_OBJECTION_FILED = "third_party_objection_filed"
    RECONSIDERATION_FILED = "reconsideration_filed"
    COURT_CHANGE_APPLIED = "court_change_applied"
    SUPERVISION_FILED = "supervision_filed"
    COORDINATION_FILED = "coordination_filed"
    REVIEW_DECIDED = "review_decided"
    ITEM_SUSPENDED = "item_suspended"
    # Upper-court supervision (民事诉讼法 第237条、第240条; 法发〔2014〕26号 第17条), review app
    ENFORCE_ORDERED = "enforce_ordered"
    ESCALATED = "escalated"
    DESIGNATED = "designated"
    CROSS_ASSIGNED = "cross_assigned"
    ENTRUSTED = "entrusted"
    ENTRUSTMENT_RECEIVED = "entrustment_received"
    ENTRUSTMENT_STARTED = "entrustment_started"
    ENTRUSTMENT_REPORTED = "entrustment_reported"
    INSTRUCTION_REQUESTED = "instruction_requested"
    INSTRUCTION_ANSWERED = "instruction_answered"


FILING_ROLES = frozenset({Role.CLERK, Role.ASSISTANT, Role.OFFICER, Role.JUDGE})
IMPLEMENTATION_ROLES = frozenset({Role.OFFICER, Role.ASSISTANT, Role.CLERK, Role.JUDGE})
RULING_ROLES = frozenset({Role.OFFICER, Role.JUDGE})
ASSIGNING_ROLES = frozenset({Role.BUREAU_CHIEF, Role.COMMAND_STAFF})
EXTENSION_APPROVERS = frozenset({Role.PRESIDENT, Role.VICE_PRESIDENT})  # 法发〔2006〕35号 第1条
COERCIVE_APPROVERS = frozenset({Role.PRESIDENT})  # 民事诉讼法 第119条
ROUND_TERMINATION_APPROVERS = frozenset(
    {Role.PRESIDENT}
)  # 民诉法解释 第517条: 合议庭审查并经院长批准
RESTRICTION_SIGNERS = frozenset({Role.PRESIDENT})  # 限高规定 第5条: 院长签发限制消费令
# Review matters are decided by judges, never by the implementation roles alone (审执分离).
REVIEW_ROLES = frozenset({Role.JUDGE})
REVIEW_FILING_ROLES = frozenset({Role.CLERK, Role.ASSISTANT, Role.JUDGE})
SUPERVISION_ROLES = frozenset({Role.JUDGE, Role.BUREAU_CHIEF, Role.VICE_PRESIDENT, Role.PRESIDENT})


@dataclass(frozen=True)
class Node:
    label: str
    stage: Stage
    roles: frozenset[Role]
    requires: frozenset[NodeCode] = frozenset()  # every one recorded before
    requires_open: NodeCode | None = None  # a pause that must be open (resumed needs suspended)
    repeatable: bool = False
    concerns_parties: bool = (
        False  # parties are told (十个必须 item 9: key nodes pushed in real time)
    )
    pauses: bool = False  # stops every clock until its end node (法发〔2006〕35号 第13条)
    ends_pause: NodeCode | None = None
    terminal: bool = False
    after_end: bool = False  # may still be recorded after 结案 (releasing what is still controlled)
    applicant_only: bool = False  # told to the applicant alone (what the court owes the applicant)
    source: str = ""
    data_fields: tuple[str, ...] = field(default=())


N = NodeCode
NODE_TABLE: dict[NodeCode, Node] = {
    N.RECEIVED: Node(
        "收到执行申请（移送）",
        Stage.FILING,
        FILING_ROLES,
        concerns_parties=True,
        source="执行工作规定 第16条",
    ),
    N.DOCKETED: Node(
        "立案受理",
        Stage.FILING,
        FILING_ROLES,
        frozenset({N.RECEIVED}),
        concerns_parties=True,
        source="执行工作规定 第16条；法发〔2014〕26号 第2条",
    ),
    N.REFUSED: Node(
        "裁定不予受理",
        Stage.FILING,
        FILING_ROLES,
        frozenset({N.RECEIVED}),
        concerns_parties=True,
        terminal=True,
        source="执行工作规定 第16条",
        data_fields=("reason",),
    ),
    N.OFFICER_ASSIGNED: Node(
        "确定承办人",
        Stage.FILING,
        ASSIGNING_ROLES,
        frozenset({N.DOCKETED}),
        concerns_parties=True,
        repeatable=True,
        source="法发〔2006〕35号 第2条",
        data_fields=("officer",),
    ),
    N.NOTICE_ISSUED: Node(
        "发出执行通知书、报告财产令",
        Stage.NOTICE,
        IMPLEMENTATION_ROLES,
        frozenset({N.DOCKETED}),
        concerns_parties=True,
        source="民事诉讼法 第251条、第252条；民诉法解释 第480条",
    ),
    N.NOTICE_SERVED: Node(
        "执行通知书送达",
        Stage.NOTICE,
        IMPLEMENTATION_ROLES,
        frozenset({N.NOTICE_ISSUED}),
        concerns_parties=True,
        source="民事诉讼法 第251条",
    ),
    N.LEADS_REQUESTED: Node(
        "通知申请执行人提供财产线索",
        Stage.NOTICE,
        IMPLEMENTATION_ROLES,
        frozenset({N.DOCKETED}),
        concerns_parties=True,
        source="法发〔2006〕35号 第5条",
    ),
    N.LEAD_RECEIVED: Node(
        "收到财产线索",
        Stage.INQUIRY_CONTROL,
        IMPLEMENTATION_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        source="法发〔2006〕35号 第6条",
        data_fields=("lead",),
    ),
    N.LEAD_VERIFIED: Node(
        "核查财产线索",
        Stage.INQUIRY_CONTROL,
        IMPLEMENTATION_ROLES,
        frozenset({N.LEAD_RECEIVED}),
        repeatable=True,
        concerns_parties=True,
        source="法发〔2006〕35号 第6条",
        data_fields=("result",),
    ),
    N.INVESTIGATION_REQUESTED: Node(
        "申请执行人申请法院调查",
        Stage.INQUIRY_CONTROL,
        IMPLEMENTATION_ROLES,
        frozenset({N.DOCKETED}),
        source="法发〔2006〕35号 第6条",
    ),
    N.INVESTIGATION_STARTED: Node(
        "启动财产调查",
        Stage.INQUIRY_CONTROL,
        IMPLEMENTATION_ROLES,
        frozenset({N.DOCKETED}),
        source="法发〔2006〕35号 第6条",
    ),
    N.INVESTIGATION_COMPLETED: Node(
        "完成财产调查",
        Stage.FIELD,
        IMPLEMENTATION_ROLES,
        frozenset({N.INVESTIGATION_STARTED}),
        concerns_parties=True,
        source="法发〔2006〕35号 第6条",
        data_fields=("result",),
    ),
    N.MEASURE_TAKEN: Node(
        "采取查封、扣押、冻结、扣划措施",
        Stage.INQUIRY_CONTROL,
        IMPLEMENTATION_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        concerns_parties=True,
        source="民事诉讼法 第253条—第255条",
        data_fields=("measure",),
    ),
    N.DISPOSAL_STARTED: Node(
        "启动财产处置（评估、拍卖、变卖）",
        Stage.DISPOSAL,
        IMPLEMENTATION_ROLES,
        frozenset({N.MEASURE_TAKEN}),
        repeatable=True,
        concerns_parties=True,
        source="民事诉讼法 第258条",
        data_fields=("property",),
    ),
    N.CONTROL_RENEWED: Node(
        "续行查封、扣押、冻结",
        Stage.INQUIRY_CONTROL,
        IMPLEMENTATION_ROLES,
        frozenset({N.MEASURE_TAKEN}),
        repeatable=True,
        concerns_parties=True,
        source="民诉法解释 第485条",
        data_fields=("measure",),
    ),
    N.CONTROL_RELEASED: Node(
        "解除查封、扣押、冻结",
        Stage.INQUIRY_CONTROL,
        IMPLEMENTATION_ROLES,
        frozenset({N.MEASURE_TAKEN}),
        repeatable=True,
        concerns_parties=True,
        after_end=True,
        source="民事诉讼法 第253条—第255条；民诉法解释 第485条",
        data_fields=("measure",),
    ),
    # The department could not release what `control_released` asked it to: the control stands,
    # and the timeline says so (recorded by the department's answer, measures.control_answers).
    N.CONTROL_RELEASE_FAILED: Node(
        "协助单位未能解除（查封、扣押、冻结仍有效）",
        Stage.INQUIRY_CONTROL,
        IMPLEMENTATION_ROLES,
        frozenset({N.CONTROL_RELEASED}),
        repeatable=True,
        concerns_parties=True,
        after_end=True,
        source="民事诉讼法 第253条—第255条；民诉法解释 第485条",
        data_fields=("measure",),
    ),
    N.APPRAISAL_ORDERED: Node(
        "决定委托评估",
        Stage.DISPOSAL,
        IMPLEMENTATION_ROLES,
        frozenset({N.MEASURE_TAKEN}),
        repeatable=True,
        concerns_parties=True,
        source="法发〔2006〕35号 第7条",
        data_fields=("property",),
    ),
    N.APPRAISER_SELECTED: Node(
        "确定评估机构",
        Stage.DISPOSAL,
        IMPLEMENTATION_ROLES,
        frozenset({N.APPRAISAL_ORDERED}),
        repeatable=True,
        concerns_parties=True,
        source="法发〔2006〕35号 第7条",
        data_fields=("property", "agency"),
    ),
    N.AUCTION_ANNOUNCED: Node(
        "发布网络司法拍卖公告",
        Stage.DISPOSAL,
        IMPLEMENTATION_ROLES,
        frozenset({N.MEASURE_TAKEN}),
        repeatable=True,
        concerns_parties=True,
        source="法释〔2016〕18号 第12条",
        data_fields=("property", "round"),
    ),
    N.AUCTION_SOLD: Node(
        "拍卖成交",
        Stage.DISPOSAL,
        IMPLEMENTATION_ROLES,
        frozenset({N.AUCTION_ANNOUNCED}),
        repeatable=True,
        concerns_parties=True,
        source="法释〔2016〕18号 第11条、第20条",
        data_fields=("property", "price"),
    ),
    N.AUCTION_FAILED: Node(
        "拍卖流拍",
        Stage.DISPOSAL,
        IMPLEMENTATION_ROLES,
        frozenset({N.AUCTION_ANNOUNCED}),
        repeatable=True,
        concerns_parties=True,
        source="法释〔2016〕18号 第26条",
        data_fields=("property", "round"),
    ),
    N.PROPERTY_SOLD: Node(
        "变卖成交或以物抵债",
        Stage.DISPOSAL,
        IMPLEMENTATION_ROLES,
        frozenset({N.AUCTION_FAILED}),
        repeatable=True,
        concerns_parties=True,
        source="法释〔2016〕18号 第26条；民诉法解释 第489条、第490条",
        data_fields=("property", "mode", "price"),
    ),
    N.PROPERTY_DELIVERED: Node(
        "交付处置财产",
        Stage.DISPOSAL,
        IMPLEMENTATION_ROLES,
        frozenset({N.MEASURE_TAKEN}),
        repeatable=True,
        concerns_parties=True,
        source="法发〔2006〕35号 第8条",
        data_fields=("property",),
    ),
    N.PAYOUT_MADE: Node(
        "发放执行款",
        Stage.PAYOUT,
        IMPLEMENTATION_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        concerns_parties=True,
        source="十个必须 第7条（2021）",
        data_fields=("amount",),
    ),
    N.DISTRIBUTION_PLAN_MADE: Node(
        "制作并送达财产分配方案",
        Stage.PAYOUT,
        IMPLEMENTATION_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        concerns_parties=True,
        source="民诉法解释 第509条",
        data_fields=("plan",),
    ),
    N.DISTRIBUTION_PLAN_FINAL: Node(
        "分配方案确定",
        Stage.PAYOUT,
        IMPLEMENTATION_ROLES,
        frozenset({N.DISTRIBUTION_PLAN_MADE}),
        repeatable=True,
        concerns_parties=True,
        source="民诉法解释 第509条、第510条",
        data_fields=("plan",),
    ),
    N.COERCIVE_DECIDED: Node(
        "决定拘传、罚款或拘留",
        Stage.FIELD,
        COERCIVE_APPROVERS,
        frozenset({N.DOCKETED}),
        repeatable=True,
        concerns_parties=True,
        source="民事诉讼法 第118条、第119条",
        data_fields=("measure", "person"),
    ),
    N.COERCIVE_RECONSIDERED: Node(
        "强制措施复议决定（上一级法院）",
        Stage.FIELD,
        RULING_ROLES,
        frozenset({N.COERCIVE_DECIDED}),
        repeatable=True,
        concerns_parties=True,
        source="民事诉讼法 第119条",
        data_fields=("measure", "outcome"),
    ),
    N.SUSPENDED: Node(
        "裁定中止执行",
        Stage.CLOSURE,
        RULING_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        concerns_parties=True,
        pauses=True,
        source="民事诉讼法 第267条",
        data_fields=("reason",),
    ),
    N.RESUMED: Node(
        "中止情形消失，恢复执行",
        Stage.CLOSURE,
        RULING_ROLES,
        requires_open=N.SUSPENDED,
        repeatable=True,
        concerns_parties=True,
        ends_pause=N.SUSPENDED,
        source="民事诉讼法 第267条",
    ),
    N.DEFERRED: Node(
        "决定暂缓执行",
        Stage.CLOSURE,
        RULING_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        concerns_parties=True,
        pauses=True,
        source="民事诉讼法 第242条；民诉法解释 第467条",
        data_fields=("until",),
    ),
    N.DEFERRAL_ENDED: Node(
        "暂缓执行期满，继续执行",
        Stage.CLOSURE,
        RULING_ROLES,
        requires_open=N.DEFERRED,
        repeatable=True,
        concerns_parties=True,
        ends_pause=N.DEFERRED,
        source="民事诉讼法 第242条",
    ),
    N.EXTENSION_REQUESTED: Node(
        "申请延长执行期限",
        Stage.CLOSURE,
        RULING_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        source="法发〔2006〕35号 第1条",
        data_fields=("months", "reason"),
    ),
    N.EXTENSION_APPROVED: Node(
        "批准延长执行期限",
        Stage.CLOSURE,
        EXTENSION_APPROVERS,
        frozenset({N.EXTENSION_REQUESTED}),
        repeatable=True,
        source="法发〔2006〕35号 第1条",
        data_fields=("months",),
    ),
    N.EXTENSION_REFUSED: Node(
        "不批准延长执行期限",
        Stage.CLOSURE,
        EXTENSION_APPROVERS,
        frozenset({N.EXTENSION_REQUESTED}),
        repeatable=True,
        source="法发〔2006〕35号 第1条",
    ),
    N.PROPERTY_REPORT_CHECKED: Node(
        "核查被执行人财产报告（或对拒报、虚报予以处罚）",
        Stage.NOTICE,
        IMPLEMENTATION_ROLES,
        frozenset({N.NOTICE_ISSUED}),
        repeatable=True,
        source="民事诉讼法 第252条；法〔2016〕373号 第2条",
        data_fields=("result",),
    ),
    N.RESPONDENT_MISSING: Node(
        "被执行人下落不明",
        Stage.FIELD,
        IMPLEMENTATION_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        source="法〔2016〕373号 第1条第5项",
        data_fields=("respondent",),
    ),
    N.RESPONDENT_SEARCHED: Node(
        "依法查找被执行人",
        Stage.FIELD,
        IMPLEMENTATION_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        source="法〔2016〕373号 第1条第5项",
        data_fields=("respondent", "result"),
    ),
    N.OBSTRUCTION_FOUND: Node(
        "发现拒绝报告、虚假报告或妨害执行行为",
        Stage.FIELD,
        IMPLEMENTATION_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        source="民事诉讼法 第114条；法〔2016〕373号 第1条第5项",
        data_fields=("conduct",),
    ),
    N.FIELD_INVESTIGATED: Node(
        "实地调查（网络查控未能覆盖的财产）",
        Stage.FIELD,
        IMPLEMENTATION_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        source="法〔2016〕373号 第3条",
        data_fields=("result",),
    ),
    N.CONSUMPTION_RESTRICTED: Node(
        "发出限制消费令",
        Stage.CLOSURE,
        RESTRICTION_SIGNERS,
        frozenset({N.DOCKETED}),
        repeatable=True,
        concerns_parties=True,
        source="法释〔2015〕17号 第1条、第4条；法〔2016〕373号 第1条第2项",
        data_fields=("respondent",),
    ),
    N.DISHONEST_LISTED: Node(
        "决定纳入失信被执行人名单",
        Stage.CLOSURE,
        RULING_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        concerns_parties=True,
        source="法释〔2017〕7号 第1条；法〔2016〕373号 第1条第2项",
        data_fields=("respondent", "ground"),
    ),
    N.DISHONEST_NOT_QUALIFIED: Node(
        "被执行人不符合纳入失信名单条件（记明理由）",
        Stage.CLOSURE,
        RULING_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        source="法〔2016〕373号 第1条第2项",
        data_fields=("reason", "respondent"),  # the case page's detail field holds the reason
    ),
    N.DISHONEST_REMOVED: Node(
        "删除失信被执行人名单信息",
        Stage.CLOSURE,
        RULING_ROLES | frozenset({Role.BUREAU_CHIEF}),
        frozenset({N.DISHONEST_LISTED}),
        repeatable=True,
        concerns_parties=True,
        after_end=True,
        source="法释〔2017〕7号 第10条",
        data_fields=("respondent", "ground"),
    ),
    N.RESTRICTION_LIFTED: Node(
        "解除限制消费令",
        Stage.CLOSURE,
        RULING_ROLES | RESTRICTION_SIGNERS,
        frozenset({N.CONSUMPTION_RESTRICTED}),
        repeatable=True,
        concerns_parties=True,
        after_end=True,
        source="法释〔2015〕17号 第9条",
        data_fields=("respondent", "ground"),
    ),
    N.APPLICANT_INTERVIEWED: Node(
        "约谈申请执行人（告知执行情况及终本依据、后果，听取意见）",
        Stage.CLOSURE,
        IMPLEMENTATION_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        concerns_parties=True,
        applicant_only=True,
        source="法〔2016〕373号 第5条",
        data_fields=("record",),
    ),
    N.APPLICANT_CONFIRMED: Node(
        "申请执行人签字确认终结本次执行程序",
        Stage.CLOSURE,
        IMPLEMENTATION_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        source="民诉法解释 第517条",
        data_fields=("document",),
    ),
    N.ROUND_TERMINATION_APPROVED: Node(
        "经合议庭审查，院长批准终结本次执行程序",
        Stage.CLOSURE,
        ROUND_TERMINATION_APPROVERS,
        frozenset({N.DOCKETED}),
        repeatable=True,
        source="民诉法解释 第517条",
        data_fields=("decision",),
    ),
    N.CLOSED: Node(
        "结案",
        Stage.CLOSURE,
        RULING_ROLES,
        frozenset({N.DOCKETED}),
        concerns_parties=True,
        terminal=True,
        source="法发〔2014〕26号 第14条—第23条",
        data_fields=("mode", "ground"),
    ),
    N.RE_INQUIRY_SENT: Node(
        "终本后定期网络查询",
        Stage.CLOSURE,
        IMPLEMENTATION_ROLES,
        frozenset({N.CLOSED}),
        repeatable=True,
        after_end=True,
        source="法〔2016〕373号 第9条",
        data_fields=("round",),
    ),
    N.RE_INQUIRY_TOLD: Node(
        "终本后定期查询结果告知申请执行人",
        Stage.CLOSURE,
        IMPLEMENTATION_ROLES,
        frozenset({N.RE_INQUIRY_SENT}),
        repeatable=True,
        after_end=True,
        concerns_parties=True,
        applicant_only=True,
        source="法〔2016〕373号 第9条",
        data_fields=("round", "result"),
    ),
    N.RESUMPTION_FLAGGED: Node(
        "发现可供执行财产或新的财产线索，待恢复执行",
        Stage.CLOSURE,
        IMPLEMENTATION_ROLES,
        frozenset({N.CLOSED}),
        repeatable=True,
        after_end=True,
        source="法〔2016〕373号 第9条；十个必须 第6条（2021）",
        data_fields=("reason",),
    ),
    N.RESUMED_AS: Node(
        "恢复执行（另立执恢案件）",
        Stage.CLOSURE,
        FILING_ROLES,
        frozenset({N.CLOSED}),
        repeatable=True,
        after_end=True,
        concerns_parties=True,
        source="法发〔2014〕26号 第6条；民诉法解释 第517条",
        data_fields=("case_number",),
    ),
    N.OBJECTION_FILED: Node(
        "执行行为异议立案（执异）",
        Stage.CLOSURE,
        REVIEW_FILING_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        after_end=True,
        concerns_parties=True,
        source="民事诉讼法 第236条",
        data_fields=("review",),
    ),
    N.THIRD_PARTY_OBJECTION_FILED: Node(
        "案外人异议立案（执异）",
        Stage.CLOSURE,
        REVIEW_FILING_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        after_end=True,
        concerns_parties=True,
        source="民事诉讼法 第238条；民诉法解释 第462条",
        data_fields=("review", "item"),
    ),
    N.RECONSIDERATION_FILED: Node(
        "执行复议立案（执复，上一级法院）",
        Stage.CLOSURE,
        REVIEW_FILING_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        after_end=True,
        concerns_parties=True,
        source="民事诉讼法 第236条",
        data_fields=("review",),
    ),
    N.COURT_CHANGE_APPLIED: Node(
        "申请上一级法院执行（民事诉讼法第237条）",
        Stage.CLOSURE,
        REVIEW_FILING_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        after_end=True,
        concerns_parties=True,
        source="民事诉讼法 第237条；执行程序解释 第10—13条",
        data_fields=("review",),
    ),
    N.SUPERVISION_FILED: Node(
        "执行监督立案（执监）",
        Stage.CLOSURE,
        REVIEW_FILING_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        after_end=True,
        source="法〔2021〕322号 第28条、第29条",
        data_fields=("review",),
    ),
    N.COORDINATION_FILED: Node(
        "执行协调立案（执协）",
        Stage.CLOSURE,
        REVIEW_FILING_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        after_end=True,
        source="法发〔2014〕26号 第1条",
        data_fields=("review",),
    ),
    N.REVIEW_DECIDED: Node(
        "执行审查案件作出裁定或决定",
        Stage.CLOSURE,
        REVIEW_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        after_end=True,
        concerns_parties=True,
        source="民事诉讼法 第236条、第238条",
        data_fields=("review", "outcome"),
    ),
    N.ITEM_SUSPENDED: Node(
        "案外人异议成立，中止对该标的的执行",
        Stage.CLOSURE,
        REVIEW_ROLES,
        frozenset({N.THIRD_PARTY_OBJECTION_FILED}),
        repeatable=True,
        after_end=True,
        concerns_parties=True,
        source="民事诉讼法 第238条",
        data_fields=("review", "item"),
    ),
    N.ENFORCE_ORDERED: Node(
        "上一级法院发出督促执行令（限期执行）",
        Stage.CLOSURE,
        SUPERVISION_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        concerns_parties=True,
        source="民事诉讼法 第237条；执行程序解释 第11条",
        data_fields=("until",),
    ),
    N.ESCALATED: Node(
        "上级法院提级执行",
        Stage.CLOSURE,
        SUPERVISION_ROLES,
        frozenset({N.DOCKETED}),
        concerns_parties=True,
        source="民事诉讼法 第237条；法发〔2014〕26号 第17条",
        data_fields=("to_court", "case_number"),
    ),
    N.DESIGNATED: Node(
        "上级法院指定执行",
        Stage.CLOSURE,
        SUPERVISION_ROLES,
        frozenset({N.DOCKETED}),
        concerns_parties=True,
        source="民事诉讼法 第237条；法发〔2014〕26号 第17条",
        data_fields=("to_court", "case_number"),
    ),
    N.CROSS_ASSIGNED: Node(
        "上级法院交叉执行",
        Stage.CLOSURE,
        SUPERVISION_ROLES,
        frozenset({N.DOCKETED}),
        concerns_parties=True,
        source="法发〔2009〕43号 三(三)；法发〔2014〕26号 第17条",
        data_fields=("to_court", "case_number"),
    ),
    N.ENTRUSTED: Node(
        "委托异地法院执行",
        Stage.CLOSURE,
        RULING_ROLES,
        frozenset({N.DOCKETED}),
        repeatable=True,
        concerns_parties=True,
        source="民事诉讼法 第240条",
        data_fields=("to_court", "case_number"),
    ),
    N.ENTRUSTMENT_RECEIVED: Node(
        "受托法院收到委托执行函",
        Stage.FILING,
        FILING_ROLES,
        frozenset({N.DOCKETED}),
        source="民事诉讼法 第240条",
        data_fields=("from_case",),
    ),
    N.ENTRUSTMENT_STARTED: Node(
        "受托法院开始执行",
        Stage.NOTICE,
        IMPLEMENTATION_ROLES,
        frozenset({N.ENTRUSTMENT_RECEIVED}),
        concerns_parties=True,
        source="民事诉讼法 第240条",
    ),
    N.ENTRUSTMENT_REPORTED: Node(
        "受托法院函告委托法院执行情况",
        Stage.CLOSURE,
        IMPLEMENTATION_ROLES,
        frozenset({N.ENTRUSTMENT_RECEIVED}),
        repeatable=True,
        source="民事诉讼法 第240条",
        data_fields=("report",),
    ),
    N.INSTRUCTION_REQUESTED: Node(
        "向上级法院请示",
        Stage.CLOSURE,
        RULING_ROLES | frozenset({Role.BUREAU_CHIEF}),
        frozenset({N.DOCKETED}),
        repeatable=True,
        after_end=True,
        source="法发〔2014〕26号 第1条（执行审查类：请示）",
        data_fields=("request",),
    ),
    N.INSTRUCTION_ANSWERED: Node(
        "上级法院答复请示",
        Stage.CLOSURE,
        SUPERVISION_ROLES,
        frozenset({N.INSTRUCTION_REQUESTED}),
        repeatable=True,
        after_end=True,
        source="法发〔2014〕26号 第1条（执行审查类：请示）",
        data_fields=("request",),
    ),
}

# Nodes that can be recorded by hand on the case page (the others come from dedicated actions:
# filing, assignment, extension approval).
MANUAL_NODES: tuple[NodeCode, ...] = (
    N.NOTICE_ISSUED,
    N.NOTICE_SERVED,
    N.LEADS_REQUESTED,
    N.LEAD_RECEIVED,
    N.LEAD_VERIFIED,
    N.INVESTIGATION_REQUESTED,
    N.INVESTIGATION_STARTED,
    N.INVESTIGATION_COMPLETED,
    N.MEASURE_TAKEN,
    N.DISPOSAL_STARTED,
    N.PAYOUT_MADE,
    N.SUSPENDED,
    N.RESUMED,
    N.DEFERRED,
    N.DEFERRAL_ENDED,
    N.PROPERTY_REPORT_CHECKED,
    N.RESPONDENT_MISSING,
    N.RESPONDENT_SEARCHED,
    N.OBSTRUCTION_FOUND,
    N.FIELD_INVESTIGATED,
    N.DISHONEST_NOT_QUALIFIED,
    N.APPLICANT_INTERVIEWED,
    N.APPLICANT_CONFIRMED,
)

# Nodes only their owning service records (`cases.services.node_record_owned`): a closure passes the
# 终本 gate, a review decision comes from its review case, an escalation moves the case. The generic
# `node_record` (the case page's form, the API) refuses them.
DEDICATED_NODES: frozenset[NodeCode] = frozenset(
    {
        N.RECEIVED,
        N.DOCKETED,
        N.REFUSED,
        N.OFFICER_ASSIGNED,
        N.EXTENSION_REQUESTED,
        N.EXTENSION_APPROVED,
        N.EXTENSION_REFUSED,
        N.ROUND_TERMINATION_APPROVED,
        N.CLOSED,
        N.RE_INQUIRY_SENT,
        N.RE_INQUIRY_TOLD,
        N.RESUMPTION_FLAGGED,
        N.RESUMED_AS,
        N.OBJECTION_FILED,
        N.THIRD_PARTY_OBJECTION_FILED,
        N.RECONSIDERATION_FILED,
        N.COURT_CHANGE_APPLIED,
        N.SUPERVISION_FILED,
        N.COORDINATION_FILED,
        N.REVIEW_DECIDED,
        N.ITEM_SUSPENDED,
        N.ENFORCE_ORDERED,
        N.ESCALATED,
        N.DESIGNATED,
        N.CROSS_ASSIGNED,
        N.ENTRUSTED,
        N.ENTRUSTMENT_RECEIVED,
        N.INSTRUCTION_REQUESTED,
        N.INSTRUCTION_ANSWERED,
        # credit app: the order and the listing come with their documents (失信规定 第5条;
        # 限高规定 第5条), never as a bare node
        N.CONSUMPTION_RESTRICTED,
        N.DISHONEST_LISTED,
        N.DISHONEST_REMOVED,
        N.RESTRICTION_LIFTED,
    }
)


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    source: str = ""
    field: str = ""


@dataclass(frozen=True)
class Recorded:
    """A node already on the case's timeline, as the rules see it."""

    code: NodeCode
    on: object  # datetime.date; kept loose so tests can pass dates directly


def open_pause(history: list[Recorded], pause: NodeCode) -> bool:
    """Whether the last `pause` node has not been ended yet."""
    end = next(code for code, node in NODE_TABLE.items() if node.ends_pause is pause)
    state = False
    for item in history:
        if item.code is pause:
            state = True
        elif item.code is end:
            state = False
    return state


def check_node(code: NodeCode, history: list[Recorded], roles: frozenset[Role]) -> list[Refusal]:
    """Every reason `code` cannot be recorded now by someone with `roles` (empty list = allowed)."""
    node = NODE_TABLE[code]
    refusals: list[Refusal] = []
    done = {item.code for item in history}
    if not roles & node.roles:
        who = "、".join(sorted(role.label for role in node.roles))
        refusals.append(Refusal("node.role", f"“{node.label}”只能由{who}记录", node.source))
    ended = [item.code for item in history if NODE_TABLE[item.code].terminal]
    if ended and not (node.after_end and ended[0] is N.CLOSED):
        refusals.append(
            Refusal(
                "node.case_ended",
                f"案件已{NODE_TABLE[ended[0]].label}，不能再记录“{node.label}”",
                node.source,
            )
        )
    if code in done and not node.repeatable:
        refusals.append(Refusal("node.repeated", f"“{node.label}”已经记录过", node.source))
    missing = [NODE_TABLE[need].label for need in node.requires if need not in done]
    if missing:
        refusals.append(
            Refusal(
                "node.out_of_order",
                f"须先记录“{'”“'.join(missing)}”，才能记录“{node.label}”",
                node.source,
            )
        )
    if code is N.DOCKETED and N.REFUSED in done or code is N.REFUSED and N.DOCKETED in done:
        refusals.append(Refusal("node.out_of_order", "立案与不予受理只能择一", node.source))
    if node.requires_open is not None and not open_pause(history, node.requires_open):
        refusals.append(
            Refusal(
                "node.out_of_order",
                f"案件不在“{NODE_TABLE[node.requires_open].label}”状态，不能记录“{node.label}”",
                node.source,
            )
        )
    if node.pauses and open_pause(history, code):
        refusals.append(Refusal("node.repeated", f"案件已处于“{node.label}”状态", node.source))
    return refusals


def current_stage(history: list[Recorded]) -> Stage:
    """The stage of the most advanced work recorded; pauses and extensions do not move it."""
    stage = Stage.FILING
    order = list(Stage)
    for item in history:
        node = NODE_TABLE[item.code]
        if item.code is N.CLOSED or item.code is N.REFUSED:
            return Stage.CLOSURE
        if node.stage is not Stage.CLOSURE and order.index(node.stage) > order.index(stage):
            stage = node.stage
    return stage
