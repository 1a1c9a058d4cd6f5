"""Demo showcase for issue 6 (portal): seeded through the services, idempotent.

Runs after the credit demo: the 朝阳 court exposes up to two of its published listings, publishes
three typical cases whatever the credit demo did, and one message from the public waits in its
feedback inbox."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from zhixing.credit.models import DishonestDebtorListing
from zhixing.portal import services
from zhixing.portal.models import Exposure, PublicFeedback, TypicalCase
from zhixing.portal.selectors import public_listings

PUBLISHER = "chaoyang_president"

TYPICAL_CASES = [
    (
        "被执行人转移财产逃避执行被纳入失信名单",
        "规避执行",
        "被执行人在判决生效后将名下车辆低价转让给亲属，法院依法将其纳入失信被执行人名单并限制消费。",
        "申请执行人与被执行人买卖合同纠纷一案，判决生效后被执行人未履行付款义务。\n"
        "执行中，法院通过网络执行查控系统发现被执行人在判决生效后将名下车辆以明显不合理的低价转让给其亲属。"
        "法院依照《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条第三项，决定将其纳入失信被执行人名单，"
        "并发出限制消费令。\n被执行人在出行受限后主动联系法院，全额履行了给付义务，法院依法删除其失信信息。",
    ),
    (
        "公司拒不申报财产，法定代表人被限制高消费",
        "限制消费",
        "被执行公司拒不报告财产，法院对公司及其法定代表人发出限制消费令，公司随后履行全部债务。",
        "某公司作为被执行人，收到报告财产令后逾期未报告。法院依照《最高人民法院关于限制被执行人高消费及有关消费的若干规定》"
        "第三条第二款，限制该公司及其法定代表人乘坐飞机、高铁一等座以上座位等高消费行为。\n"
        "法定代表人因出差受阻，督促公司筹措资金，一周内履行了全部债务，法院依法解除限制消费令。",
    ),
    (
        "群众提供线索，法院查获被执行人隐匿财产",
        "线索举报",
        "法院在曝光台公布失信被执行人信息后，群众提供其经营场所线索，法院依法查封并处置。",
        "法院在曝光台公布失信被执行人信息后，有群众通过公众反馈提供了被执行人实际经营的门店地址。"
        "执行人员现场调查核实后依法查封了店内存货，被执行人随即与申请执行人达成和解并履行完毕。\n"
        "法院提醒：社会公众可通过曝光台和典型案例页面提供被执行人财产或下落线索。",
    ),
]


def seed_portal() -> str:
    """Seeds the showcase and returns the one-line summary `seed-demo` prints."""
    user = get_user_model().objects.filter(username=PUBLISHER).first()
    if user is None:
        return "执行公开：未找到朝阳法院院长账号，跳过"
    court_id = user.staff.court_id
    typical_made = 0
    for title, category, summary, body in TYPICAL_CASES:
        if not TypicalCase.objects.filter(court_id=court_id, title=title).exists():
            services.typical_case_publish(
                actor=user, title=title, category=category, summary=summary, body=body
            )
            typical_made += 1
    exposed = set(Exposure.objects.values_list("listing_id", flat=True))
    exposures_made = 0
    for listing in public_listings().filter(court_id=court_id).order_by("id")[:2]:
        if listing.pk in exposed:
            continue
        services.exposure_publish(
            actor=user,
            listing=listing,
            headline=f"失信被执行人{listing.name}拒不履行生效法律文书确定的义务",
            summary=(
                f"{listing.name}作为{listing.case_number}案件的被执行人，{listing.conduct or '有履行能力而拒不履行'}。"
                "欢迎社会公众提供其财产或下落线索。"
            ),
        )
        exposures_made += 1
    first = TypicalCase.objects.filter(court_id=court_id).order_by("id").first()
    if first is not None and not PublicFeedback.objects.filter(court_id=court_id).exists():
        services.feedback_submit(
            typical_case=first,
            topic=PublicFeedback.Topic.OPINION,
            name="赵市民",
            phone="13912345678",
            message="建议定期公布典型案例，让更多人了解失信惩戒。",
        )
    listings = DishonestDebtorListing.objects.filter(court_id=court_id).count()
    return (
        f"执行公开：典型案例新增 {typical_made} 件，曝光新增 {exposures_made} 条"
        f"（本院失信名单 {listings} 条），公众反馈 "
        f"{PublicFeedback.objects.filter(court_id=court_id).count()} 条"
    )
