"""Every write of the linkage app: the department registry, network inquiry (网络查控) and the
answers departments send back. One transaction each, audited; messages leave after commit."""

from __future__ import annotations

import logging
import uuid
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase, NodeEvent
from zhixing.cases.rules.filing import PartyRole
from zhixing.cases.rules.nodes import NodeCode
from zhixing.core.audit import audit_record
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.rules.roles import Role
from zhixing.organization.selectors import roles_of, scope_of

from . import hooks, outbox
from .models import LinkedDepartment, OutboxMessage, PartnerAnswer, PropertyFound
from .rules.outbox import (
    INQUIRY_SUBJECTS,
    MESSAGE_KIND_LABELS,
    SOURCE,
    AnswerError,
    ControlAnswer,
    DepartmentKind,
    FoundItem,
    MessageKind,
    parse_answer,
    parse_control_answer,
)

log = logging.getLogger("zhixing.linkage")
N = NodeCode
S = OutboxMessage.Status
INQUIRY_ROLES = frozenset({Role.OFFICER, Role.ASSISTANT})

# The departments of the demo province (执行联动机制: 法发〔2010〕15号): code, name, kind, duties,
# answer days, and whether it takes network inquiries (网络查控). The first ten answer inquiries;
# the others are the seed's joint-sanction members (联合惩戒, 失信规定 第8条: seed 二(一)), which
# read the credit feed (demo subscriptions: `zhixing.demo.credit.seed_credit_subscriptions`) and
# take no inquiries.
# 公安、税务、工商行政管理 of the seed's list are the inquiry partners public-security, tax and
# market-regulation (工商行政管理 now within 市场监督管理).
DEMO_DEPARTMENTS: tuple[tuple[str, str, DepartmentKind, str, int, bool], ...] = (
    ("icbc", "中国工商银行", DepartmentKind.BANK, "协助查询、冻结、扣划被执行人存款", 3, True),
    ("ccb", "中国建设银行", DepartmentKind.BANK, "协助查询、冻结、扣划被执行人存款", 3, True),
    ("boc", "中国银行", DepartmentKind.BANK, "协助查询、冻结、扣划被执行人存款", 3, True),
    ("abc", "中国农业银行", DepartmentKind.BANK, "协助查询、冻结、扣划被执行人存款", 3, True),
    (
        "real-estate",
        "北京市不动产登记中心",
        DepartmentKind.REAL_ESTATE,
        "协助查询、查封被执行人名下不动产",
        7,
        True,
    ),
    (
        "vehicle",
        "北京市公安局公安交通管理局车辆管理所",
        DepartmentKind.VEHICLE,
        "协助查询、查封被执行人名下机动车",
        5,
        True,
    ),
    (
        "csdc",
        "中国证券登记结算有限责任公司",
        DepartmentKind.SECURITIES,
        "协助查询、冻结被执行人证券账户及持有证券",
        5,
        True,
    ),
    (
        "public-security",
        "北京市公安局",
        DepartmentKind.PUBLIC_SECURITY,
        "协助查询被执行人户籍、出入境信息，协助查找下落；对失信被执行人限制出境、"
        "协助限制乘坐飞机；依法查处拒不执行判决、裁定等犯罪",
        7,
        True,
    ),
    (
        "tax",
        "国家税务总局北京市税务局",
        DepartmentKind.TAX,
        "协助查询被执行人纳税信息；限制失信被执行人享受税收优惠、评定纳税信用等级时予以扣减",
        7,
        True,
    ),
    (
        "market-regulation",
        "北京市市场监督管理局",
        DepartmentKind.MARKET_REGULATION,
        "协助查询、冻结被执行人股权（原工商行政管理职责）；限制失信被执行人担任企业法定代表人、"
        "董事、监事、高级管理人员，在企业信用信息公示系统中公示",
        7,
        True,
    ),
    (
        "discipline",
        "中共北京市纪律检查委员会、北京市监察委员会",
        DepartmentKind.OTHER,
        "失信被执行人为党员、公职人员的，依纪依法处理；督促党政机关、国有企业履行生效法律文书",
        7,
        False,
    ),
    (
        "organization",
        "中共北京市委组织部",
        DepartmentKind.OTHER,
        "限制失信被执行人担任党政机关、事业单位、国有企业领导职务，限制录用为公务员、"
        "事业单位工作人员；评先评优、提拔任用时作为参考",
        7,
        False,
    ),
    (
        "publicity",
        "中共北京市委宣传部",
        DepartmentKind.OTHER,
        "组织报刊、广播、电视、网络等媒体公布失信被执行人名单、曝光规避执行行为，宣传典型案例",
        7,
        False,
    ),
    (
        "comprehensive-governance",
        "北京市社会治安综合治理委员会办公室",
        DepartmentKind.OTHER,
        "将协助执行工作纳入社会治安综合治理考评；组织基层组织协助查找被执行人下落、送达文书",
        7,
        False,
    ),
    (
        "procuratorate",
        "北京市人民检察院",
        DepartmentKind.OTHER,
        "对拒不执行判决、裁定罪等案件依法审查逮捕、审查起诉；对民事执行活动实行法律监督",
        7,
        False,
    ),
    (
        "legal-affairs",
        "北京市人民政府法制办公室",
        DepartmentKind.OTHER,
        "督促行政机关履行生效法律文书，协调行政机关为被执行人的案件；将失信信息纳入依法行政考核",
        7,
        False,
    ),
    (
        "finance",
        "北京市财政局",
        DepartmentKind.OTHER,
        "限制失信被执行人获得财政补贴、参与政府采购；协调落实党政机关为被执行人的执行款预算",
        7,
        False,
    ),
    (
        "civil-affairs",
        "北京市民政局",
        DepartmentKind.OTHER,
        "限制失信的社会组织登记、评估等级和承接政府购买服务；审核社会救助时作为参考",
        7,
        False,
    ),
    (
        "development-reform",
        "北京市发展和改革委员会",
        DepartmentKind.OTHER,
        "限制失信被执行人参与招标投标、政府采购、发行企业债券；归集失信信息至信用信息共享平台，"
        "组织实施联合惩戒",
        7,
        False,
    ),
    (
        "justice",
        "北京市司法局",
        DepartmentKind.OTHER,
        "限制失信被执行人从事律师、公证、司法鉴定等执业；协助对服刑、社区矫正的被执行人执行",
        7,
        False,
    ),
    (
        "land-resources",
        "北京市规划和自然资源委员会",
        DepartmentKind.OTHER,
        "限制失信被执行人取得国有建设用地使用权、矿业权；协助查询、查封土地使用权（原国土资源职责）",
        7,
        False,
    ),
    (
        "housing",
        "北京市住房和城乡建设委员会",
        DepartmentKind.OTHER,
        "限制失信被执行人购买不动产、新建扩建或高档装修房屋；限制失信企业建筑业资质和房地产开发",
        7,
        False,
    ),
    (
        "pbc",
        "中国人民银行营业管理部",
        DepartmentKind.OTHER,
        "在金融信用信息基础数据库（征信系统）记录失信信息；指导金融机构限制贷款、授信、办理信用卡",
        7,
        False,
    ),
    (
        "banking-regulator",
        "国家金融监督管理总局北京监管局",
        DepartmentKind.OTHER,
        "督促银行业金融机构限制失信被执行人贷款、授信，限制购买高额保险、理财产品（原银行业监管职责）",
        7,
        False,
    ),
    (
        "securities-regulator",
        "中国证券监督管理委员会北京监管局",
        DepartmentKind.OTHER,
        "限制失信被执行人发行股票、债券，担任上市公司董事、监事、高级管理人员，设立证券、基金、"
        "期货经营机构",
        7,
        False,
    ),
)
# The seed's eighteen departments (seed 二(一)) by their codes, in the seed's order.
SEED_SANCTION_DEPARTMENTS: tuple[str, ...] = (
    "discipline",
    "organization",
    "publicity",
    "comprehensive-governance",
    "procuratorate",
    "public-security",
    "legal-affairs",
    "finance",
    "civil-affairs",
    "development-reform",
    "justice",
    "land-resources",
    "housing",
    "pbc",
    "banking-regulator",
    "tax",
    "market-regulation",
    "securities-regulator",
)


def seed_departments(*, actor: Any = None) -> list[LinkedDepartment]:
    """Creates the demo province's linked departments that are missing (idempotent: a second run
    writes nothing, not even an audit record)."""
    rows = []
    added = []
    with transaction.atomic():
        for code, name, kind, duties, days, inquiries in DEMO_DEPARTMENTS:
            row, created = LinkedDepartment.objects.get_or_create(
                code=code,
                defaults=dict(
                    name=name,
                    kind=kind.value,
                    duties=duties,
                    answer_days=days,
                    answers_inquiries=inquiries,
                ),
            )
            rows.append(row)
            if created:
                added.append(row.code)
        if added:
            audit_record(
                actor=actor,
                action="linkage.departments_seed",
                court_id=None,
                object_type="linkage.linkeddepartment",
                summary=f"登记联动单位 {len(added)} 家",
                after={"codes": added},
            )
    return rows


def who_of(party: Any) -> dict[str, str]:
    """The respondent as a request names them (name, kind and identity number or credit code)."""
    who = {"name": party.name, "kind": party.kind}
    if party.id_number:
        who["id_number"] = party.id_number
    if party.credit_code:
        who["credit_code"] = party.credit_code
    return who


def network_inquiry_start(
    *, actor: Any, case: EnforcementCase, on: date, post_closure: bool = False
) -> list[OutboxMessage]:
    """网络查控: one inquiry about every respondent to every active department that takes
    inquiries, written with the case locked and sent after commit. Records 启动财产调查 the first
    time, which starts the one-month investigation clock (法发〔2006〕35号 第6条).

    `post_closure`: the six-monthly inquiry after 终本 (法〔2016〕373号 第9条), sent by the closure
    app for a case closed by 终结本次执行程序 only; it records no 启动财产调查 (the case is closed,
    the caller records its own node). Every other check stays."""
    with transaction.atomic():
        case = (
            EnforcementCase.objects.select_for_update(of=("self",))
            .select_related("court")
            .filter(pk=case.pk)
            .first()
        )
        if case is None or not scope_of(actor).covers(case.court_id):
            raise NotFound("未找到该案件，或您无权查看")
        if not (getattr(actor, "is_superuser", False) or roles_of(actor) & INQUIRY_ROLES):
            raise AccessDenied("“网络查控”只能由执行员、法官助理发起", code="inquiry.role")
        if post_closure:
            if not (
                case.status == EnforcementCase.Status.CLOSED
                and case.closure_mode == "round_terminated"
            ):
                raise DomainError(
                    "inquiry.not_round_termination",
                    "只有以终结本次执行程序方式结案的案件才能发起终本后定期查询",
                    source="法〔2016〕373号 第9条",
                )
        elif case.status != EnforcementCase.Status.DOCKETED:
            raise DomainError(
                "inquiry.case_not_open", "案件未立案或已结案，不能发起网络查控", source=SOURCE
            )
        if on > timezone.localdate():
            raise InputError("inquiry.future", "查控日期不能晚于今天", field="on")
        if case.filed_on and on < case.filed_on:
            raise InputError("inquiry.before_filing", "查控日期不能早于立案日期", field="on")
        if OutboxMessage.objects.filter(
            case=case, kind=MessageKind.INQUIRY, answered_at__isnull=True
        ).exists():
            raise DomainError(
                "inquiry.in_progress",
                "本案上一轮网络查控尚有单位未答复，请待答复后再发起",
                source=SOURCE,
            )
        respondents = list(case.parties.filter(role=PartyRole.RESPONDENT).order_by("pk"))
        if not respondents:
            raise DomainError("inquiry.no_respondent", "本案没有被执行人，无法查控", source=SOURCE)
        unknown = [p.name for p in respondents if not (p.id_number or p.credit_code)]
        if unknown:
            raise DomainError(
                "inquiry.identity_missing",
                f"被执行人{'、'.join(unknown)}缺少身份证号码或统一社会信用代码，无法网络查控",
                source=SOURCE,
            )
        departments = list(LinkedDepartment.objects.filter(active=True, answers_inquiries=True))
        if not departments:
            raise DomainError("inquiry.no_departments", "尚未登记承接网络查询的联动单位")
        if not post_closure and not case.events.filter(code=N.INVESTIGATION_STARTED).exists():
            case_services.node_record(
                actor=actor,
                case=case,
                code=N.INVESTIGATION_STARTED.value,
                on=on,
                note="发起网络查控",
            )
        calendar = legal_calendar()
        now = timezone.now()
        messages = [
            OutboxMessage(
                department=department,
                case=case,
                court_id=case.court_id,
                party=party,
                kind=MessageKind.INQUIRY.value,
                payload={
                    "who": who_of(party),
                    "what": INQUIRY_SUBJECTS[DepartmentKind(department.kind)],
                    "case_number": case.case_number,
                    "court": case.court.name,
                },
                next_attempt_at=now,
                created_at=now,
                answer_due_on=calendar.add_workdays(on, department.answer_days).due,
                idempotency_key=uuid.uuid4().hex,
                requested_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            for party in respondents
            for department in departments
        ]
        OutboxMessage.objects.bulk_create(messages)
        audit_record(
            actor=actor,
            action="linkage.network_inquiry_start",
            court_id=case.court_id,
            obj=case,
            summary=f"{case} 发起网络查控：被执行人 {len(respondents)} 名，"
            f"联动单位 {len(departments)} 家",
            after={
                "on": on,
                "post_closure": post_closure,
                "respondents": [p.pk for p in respondents],
                "departments": [d.code for d in departments],
                "messages": len(messages),
            },
        )
        transaction.on_commit(outbox.send_due)
    return messages


def message_enqueue(
    *,
    actor: Any,
    case: EnforcementCase,
    party: Any,
    department: LinkedDepartment,
    kind: MessageKind,
    payload: dict[str, Any],
    on: date,
) -> OutboxMessage:
    """Writes one request (冻结、扣划、解除 …) to the outbox inside the caller's transaction and
    schedules the sender after commit. The caller audits the action that caused it; the answer
    comes back through `answer_receive` and the handlers registered in `hooks`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("message_enqueue must run inside the caller's transaction.atomic")
    if not department.active:
        raise DomainError(
            "linkage.department_inactive",
            f"联动单位“{department.name}”已停用，不能发送{MESSAGE_KIND_LABELS[kind]}请求",
            field="department",
        )
    now = timezone.now()
    message = OutboxMessage.objects.create(
        department=department,
        case=case,
        court_id=case.court_id,
        party=party,
        kind=kind.value,
        payload={"who": who_of(party), **payload},
        next_attempt_at=now,
        created_at=now,
        answer_due_on=legal_calendar().add_workdays(on, department.answer_days).due,
        idempotency_key=uuid.uuid4().hex,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    transaction.on_commit(outbox.send_due)
    return message


def _may_answer(actor: Any, department: LinkedDepartment) -> bool:
    """The in-process simulator (actor None), the department's own system account, a superuser."""
    if actor is None:
        return True
    return bool(
        getattr(actor, "is_superuser", False)
        or (department.system_user_id is not None and department.system_user_id == actor.pk)
    )


def answer_receive(
    *,
    actor: Any,
    department_code: str,
    answer_id: str,
    message_key: str,
    payload: dict[str, Any],
) -> tuple[PartnerAnswer, bool]:
    """Stores a department's answer and the property it reports; returns (answer, created).

    Idempotent: an answer id already received from the department, or any answer to a message
    already answered, returns the stored answer and changes nothing. An answer to a control
    request (冻结、扣划、解除) is handed, in this transaction, to the handlers registered for its
    kind in `hooks`; if one refuses it, nothing of the answer is kept."""
    if not answer_id.strip():
        raise InputError("answer.id_required", "答复缺少答复编号", field="answer_id")
    with transaction.atomic():
        department = LinkedDepartment.objects.filter(code=department_code).first()
        if department is None:
            raise NotFound("未找到该联动单位", code="linkage.department_unknown")
        if not _may_answer(actor, department):
            raise AccessDenied("该账号不能代表此联动单位答复", code="answer.not_partner")
        known = PartnerAnswer.objects.filter(department=department, answer_id=answer_id).first()
        if known is not None:
            return known, False
        message = (
            OutboxMessage.objects.select_for_update(of=("self",))
            .select_related("case", "department")
            .filter(idempotency_key=message_key, department=department)
            .first()
        )
        if message is None:
            raise NotFound("未找到该联动请求", code="answer.message_unknown")
        if message.status == S.ANSWERED:
            return PartnerAnswer.objects.get(message=message), False
        kind = MessageKind(message.kind)
        items: list[FoundItem] = []
        parsed: ControlAnswer | None = None
        try:
            if kind is MessageKind.INQUIRY:
                items = parse_answer(payload)
            else:
                parsed = parse_control_answer(kind, payload)
        except AnswerError as error:
            raise InputError(error.code, error.message, field=error.field) from None
        now = timezone.now()
        try:
            with transaction.atomic():
                answer = PartnerAnswer.objects.create(
                    message=message, department=department, answer_id=answer_id, payload=payload
                )
        except IntegrityError:  # the same answer id raced in on another connection
            return PartnerAnswer.objects.get(department=department, answer_id=answer_id), False
        OutboxMessage.objects.filter(pk=message.pk).update(status=S.ANSWERED, answered_at=now)
        found_on = timezone.localdate()
        PropertyFound.objects.bulk_create(
            PropertyFound(
                case_id=message.case_id,
                court_id=message.court_id,
                party_id=message.party_id,
                department=department,
                message=message,
                kind=item.kind.value,
                description=item.description,
                identifier=item.identifier,
                amount=item.amount,
                found_on=found_on,
            )
            for item in items
        )
        if parsed is None:
            summary = f"发现财产 {len(items)} 项"
            after: dict[str, Any] = {"found": len(items)}
        else:
            result = "已办理" if parsed.done else f"未能办理（{parsed.reason}）"
            summary = f"{MESSAGE_KIND_LABELS[kind]}{result}"
            after = {"done": parsed.done, "amount": parsed.amount, "reason": parsed.reason}
        audit_record(
            actor=actor,
            action="linkage.answer_receive",
            court_id=message.court_id,
            obj=answer,
            summary=f"{message.case} 收到{department.name}答复：{summary}",
            after={"message": message.idempotency_key, "answer_id": answer_id, **after},
        )
        if parsed is None:
            _complete_investigation(message)
            hooks.run_answer_handlers(kind, message=message, answer=answer, parsed=None)
        else:
            hooks.run_answer_handlers(kind, message=message, answer=answer, parsed=parsed)
    return answer, True


def _complete_investigation(message: OutboxMessage) -> NodeEvent | None:
    """Records 完成财产调查 once, when the case's last inquiry is answered. Recorded in the name of
    whoever started the inquiry; if the timeline refuses it (the case was closed meanwhile, the
    officer left), the answer still stands and the officer records the node by hand."""
    case = message.case
    waiting = OutboxMessage.objects.filter(
        case=case, kind=MessageKind.INQUIRY, answered_at__isnull=True
    )
    if waiting.exists() or case.events.filter(code=N.INVESTIGATION_COMPLETED).exists():
        return None
    if not case.events.filter(code=N.INVESTIGATION_STARTED).exists():
        return None
    found = PropertyFound.objects.filter(case=case, message__kind=MessageKind.INQUIRY).count()
    actor = message.requested_by
    if actor is None:
        return None
    try:
        with transaction.atomic():
            return case_services.node_record(
                actor=actor,
                case=case,
                code=N.INVESTIGATION_COMPLETED.value,
                on=timezone.localdate(),
                data={"found": found, "result": f"网络查控完毕，发现财产 {found} 项"},
                note="网络查控各单位均已答复",
            )
    except DomainError as error:
        log.warning("%s 未能自动记录完成财产调查：%s", case, error.message)
        return None
