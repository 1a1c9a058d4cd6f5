"""Demo data for `seed-demo`: 信用惩戒 (issue 6), written through the services.

What a visitor can do from the summary line:
(a) 朝阳 (京0105): a case whose adult respondent is already under a 限制消费令 signed by
    chaoyang_president and not yet listed. chaoyang_officer1 lists them on /cases/<pk>/credit/;
    the public query finds them by name with a masked identity number; a department's token reads
    the listing from /api/v1/credit-feed. Closing the case by 执行完毕 removes the listing and
    lifts the order: the feed shows the removal and the public query no longer finds them.
(b) 朝阳: a case whose respondent is seventeen: listing them is refused (失信规定 第4条).
(c) Published listings and orders on open demo cases in 朝阳 and 丰台 (persons and one company,
    whose order also binds its legal representative, managers and controller), one listing removed
    on the applicant's approved request and one hidden: the public query shows neither.
(d) Every linked department of the seed's list reads the feed with its own token.

Idempotent: each story is written only when its rows are not there yet.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zhixing.cases.inputs import PartyInput
from zhixing.cases.models import EnforcementCase, Party
from zhixing.core.audit import audit_record
from zhixing.core.errors import AccessDenied, DomainError
from zhixing.core.models import ApiToken
from zhixing.core.rules.identity import id_check_digit
from zhixing.core.tokens import TOKEN_PREFIX
from zhixing.credit.models import (
    ConsumptionRestriction,
    DishonestDebtorListing,
    FeedSubscription,
)
from zhixing.credit.rules.restriction import CoveredRole
from zhixing.credit.services import listing as listings
from zhixing.credit.services import restriction as restrictions
from zhixing.demo.cases import (
    address,
    file_docketed,
    phone,
)
from zhixing.linkage.models import LinkedDepartment
from zhixing.linkage.services import SEED_SANCTION_DEPARTMENTS, seed_departments
from zhixing.organization.models import Court

CHAOYANG, FENGTAI = "京0105", "京0106"
SEED = 6_2026
WALK_NAME = "郑建华"  # (a): the respondent the officer lists
MINOR_NAME = "何子轩"  # (b): seventeen years old
# (c): grounds and what the respondent did, by story
CONDUCTS = (
    ("report_duty", "拒绝报告财产情况，经传唤拒不到庭说明"),
    ("evades", "在执行程序中将名下车辆无偿转让给亲属，规避执行"),
    ("settlement_refused", "与申请执行人达成执行和解协议后，无正当理由拒不履行"),
    ("restriction_breached", "被限制消费后仍多次乘坐飞机出行"),
    ("obstructs", "以暴力方法阻碍执行人员查封其住所内财产"),
)


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _person_id(born: date, seq: int) -> str:
    body = f"110105{born:%Y%m%d}{seq:03d}"
    return body + id_check_digit(body)


def _file(
    u: dict[str, Any], court: Court, respondent: PartyInput, received: date, rng: random.Random
) -> EnforcementCase:
    return file_docketed(
        court=court,
        clerk=u["clerk"],
        chief=u["chief"],
        officer=u["officer1"],
        respondent=respondent,
        received=received,
        rng=rng,
        claim=Decimal(rng.randint(30, 200) * 1000),
        effective=received - timedelta(days=45),
        owed="货款",
    )


def _restrict(president: Any, case: EnforcementCase, party: Party, on: date) -> None:
    covered = []
    if party.kind != "person":
        covered = [
            {"role": CoveredRole.LEGAL_REPRESENTATIVE.value, "name": party.legal_representative},
            {"role": CoveredRole.PRINCIPAL_MANAGER.value, "name": "周振国"},
            {"role": CoveredRole.DIRECTLY_RESPONSIBLE.value, "name": "吴晓燕"},
            {"role": CoveredRole.ACTUAL_CONTROLLER.value, "name": party.legal_representative},
        ]
    restrictions.restriction_issue(
        actor=president,
        case=case,
        party=party,
        on=on,
        initiative="application",
        covered=covered,
    )


def _walk(u: dict[str, Any], court: Court, today: date, rng: random.Random) -> EnforcementCase:
    """(a) and (b): filed about two months ago; (a) restricted ten days ago."""
    existing = Party.objects.filter(court=court, role="respondent", name=WALK_NAME).first()
    if existing is not None:
        return existing.case
    respondent = PartyInput(
        role="respondent",
        kind="person",
        name=WALK_NAME,
        id_number=_person_id(date(1982, 3, 15), 421),
        phone=phone(rng),
        address=address(rng, False),
    )
    case = _file(u, court, respondent, today - timedelta(60), rng)
    _restrict(u["president"], case, case.parties.get(role="respondent"), today - timedelta(10))
    return case


def _minor(u: dict[str, Any], court: Court, today: date, rng: random.Random) -> EnforcementCase:
    existing = Party.objects.filter(court=court, role="respondent", name=MINOR_NAME).first()
    if existing is not None:
        return existing.case
    born = (
        date(today.year - 17, 1, 1)
        if (today.month, today.day) > (1, 1)
        else date(today.year - 18, 1, 2)
    )
    respondent = PartyInput(
        role="respondent",
        kind="person",
        name=MINOR_NAME,
        id_number=_person_id(born, 337),
        phone=phone(rng),
        address=address(rng, False),
    )
    return _file(u, court, respondent, today - timedelta(40), rng)


def _first(cases: list[EnforcementCase], act: Callable[[EnforcementCase], Any]) -> Any:
    """Acts on the first case the services accept; a refused attempt leaves nothing (each service
    call is its own transaction)."""
    while cases:
        case = cases.pop(0)
        try:
            return act(case)
        except DomainError:
            continue
    return None


def _published(court: Court, slug: str, today: date, count: int) -> list[DishonestDebtorListing]:
    """(c): `count` open demo cases of the court get an order and a published listing."""
    president, officer = _user(f"{slug}_president"), _user(f"{slug}_officer1")
    if president is None or officer is None:
        return []
    taken = set(DishonestDebtorListing.objects.values_list("party_id", flat=True))
    taken |= set(ConsumptionRestriction.objects.values_list("party_id", flat=True))
    candidates = list(
        EnforcementCase.objects.filter(court=court, status=EnforcementCase.Status.DOCKETED)
        .exclude(parties__pk__in=taken)
        .order_by("filed_on", "pk")[:60]
    )
    made: list[DishonestDebtorListing] = []
    for index in range(count):
        ground, conduct = CONDUCTS[index % len(CONDUCTS)]
        on = today  # the demo cases' latest nodes are dated today: no node may precede them

        def act(case: EnforcementCase, ground: str = ground, conduct: str = conduct, on: date = on):
            party = case.parties.filter(role="respondent").first()
            if party is None:
                raise DomainError("demo.no_respondent", "没有被执行人")
            _restrict(president, case, party, on)
            return listings.listing_decide(
                actor=officer,
                case=case,
                party=party,
                ground=ground,
                conduct=conduct,
                on=on,
                initiative="ex_officio",
            )

        listing = _first(candidates, act)
        if listing is not None:
            made.append(listing)
    return made


# --- (d) the departments' subscriptions --------------------------------------------------------------------

# What each of the seed's departments reads, by its duties (失信规定 第8条; 限高规定 第1条):
# (listings, restrictions, full identity numbers, pushed through the outbox).
# 新闻宣传 publishes and 综合治理、政府法制 coordinate: they need no whole identity numbers.
SUBSCRIPTIONS: dict[str, tuple[bool, bool, bool, bool]] = {
    "discipline": (True, False, True, False),
    "organization": (True, False, True, False),
    "publicity": (True, False, False, False),
    "comprehensive-governance": (True, False, False, False),
    "procuratorate": (True, True, True, False),
    "public-security": (True, True, True, True),
    "legal-affairs": (True, False, False, False),
    "finance": (True, False, True, False),
    "civil-affairs": (True, False, True, False),
    "development-reform": (True, True, True, False),
    "justice": (True, False, True, False),
    "land-resources": (True, True, True, False),
    "housing": (True, True, True, False),
    "pbc": (True, True, True, True),
    "banking-regulator": (True, True, True, True),
    "tax": (True, False, True, False),
    "market-regulation": (True, True, True, False),
    "securities-regulator": (True, True, True, False),
}
assert set(SUBSCRIPTIONS) == set(SEED_SANCTION_DEPARTMENTS)


def demo_token(code: str) -> str:
    """The demo token of a department: derived from the deployment's SECRET_KEY, so a second seed
    (and the lead's printed list) gives the same token. Demo and development only."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"credit-feed:{code}".encode(), hashlib.sha256
    ).hexdigest()
    return f"{TOKEN_PREFIX}{digest[:40]}"


def seed_credit_subscriptions(*, actor: Any) -> dict[str, str]:
    """Gives each of the seed's eighteen departments (seed 二(一)) a subscription by its duties, a
    system account (kept if it already has one) and an API token; returns {department code: token}.
    Idempotent: a second run changes nothing and returns the same tokens."""
    if not getattr(actor, "is_superuser", False):
        raise AccessDenied("只有超级管理员可以开通联动单位的信用信息共享", code="feed.seed_role")
    seed_departments(actor=actor)
    user_model = get_user_model()
    tokens: dict[str, str] = {}
    created: list[str] = []
    with transaction.atomic():
        for code in SEED_SANCTION_DEPARTMENTS:
            department = LinkedDepartment.objects.select_for_update().get(code=code)
            if department.system_user_id is None:
                user, _ = user_model.objects.get_or_create(username=f"dept_{code}")
                if user.has_usable_password():
                    user.set_unusable_password()  # a system account: token only, no login
                    user.save(update_fields=["password"])
                department.system_user = user
                department.save(update_fields=["system_user"])
            listings, restrictions, full_identity, push = SUBSCRIPTIONS[code]
            _, made = FeedSubscription.objects.get_or_create(
                department=department,
                defaults=dict(
                    listings=listings,
                    restrictions=restrictions,
                    full_identity=full_identity,
                    push=push,
                ),
            )
            raw = demo_token(code)
            key_hash = hashlib.sha256(raw.encode("utf-8")).hexdigest()  # as core.tokens stores it
            ApiToken.objects.get_or_create(
                key_hash=key_hash,
                defaults=dict(
                    user_id=department.system_user_id, name="信用信息共享（演示）", prefix=raw[:8]
                ),
            )
            tokens[code] = raw
            if made:
                created.append(code)
        if created:
            audit_record(
                actor=actor,
                action="credit.subscriptions_seed",
                court_id=None,
                object_type="credit.feedsubscription",
                summary=f"开通联动单位信用信息共享订阅 {len(created)} 家",
                after={"codes": created},
            )
    return tokens


def seed_credit(today: date | None = None) -> str:
    """Seeds the showcase and returns the summary `seed-demo` prints."""
    today = today or timezone.localdate()
    courts = {c.code: c for c in Court.objects.filter(code__in=[CHAOYANG, FENGTAI])}
    court = courts.get(CHAOYANG)
    u = {p: _user(f"chaoyang_{p}") for p in ("clerk", "chief", "president", "officer1")}
    if court is None or None in u.values():
        return "演示信用惩戒：缺少朝阳法院或其演示人员，未建立。"
    rng = random.Random(SEED)
    walk = _walk(u, court, today, rng)
    minor = _minor(u, court, today, rng)
    conducts = [conduct for _, conduct in CONDUCTS]
    if not DishonestDebtorListing.objects.filter(court=court, conduct__in=conducts).exists():
        shown = _published(court, "chaoyang", today, 5)
        if FENGTAI in courts:
            shown += _published(courts[FENGTAI], "fengtai", today, 2)
        if len(shown) >= 3:
            listings.listing_remove(
                actor=u["officer1"],
                listing=shown[1],
                ground="applicant_request",
                on=today,
                note="申请执行人书面申请删除，经审查同意（演示）",
                applicant_request_approved=True,
            )
            listings.listing_hide(
                actor=u["chief"],
                listing=shown[2],
                reason="被执行人申请纠正，审查期间暂予屏蔽（演示）",
            )
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    tokens = seed_credit_subscriptions(actor=admin) if admin is not None else {}
    public = DishonestDebtorListing.objects.filter(status="published", hidden=False)
    example = public.exclude(case=walk).order_by("pk").first()
    parts = [
        f"演示信用惩戒（{CHAOYANG}）：chaoyang_officer1 打开 /cases/{walk.pk}/credit/ 将被执行人"
        f"{WALK_NAME}纳入失信名单（院长已签发限制消费令），公众在 /public/query/ 按姓名可查到；"
        f"以“执行完毕”结案（/cases/{walk.pk}/closure/）后名单删除、限制消费令解除",
        f"/cases/{minor.pk}/credit/ 的被执行人{MINOR_NAME}未满十八周岁，纳入将被拒绝",
        f"已公布失信名单 {public.count()} 条"
        + (f"（例如 {example.name}，{example.case_number}）" if example else ""),
    ]
    if "pbc" in tokens:
        parts.append(
            f"联动单位读取共享信息（演示令牌，18家各一）：curl -H 'Authorization: Bearer "
            f"{tokens['pbc']}' 'http://127.0.0.1:8000/api/v1/credit-feed?after=0'（中国人民银行）"
        )
    return "；".join(parts) + "。"
