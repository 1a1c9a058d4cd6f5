"""This app's periodic duties for `python -m zhixing run-duties` (zhixing.core.duties).

`closure.after_round_termination` (法〔2016〕373号 第9条): first settles every round whose departments have
all answered (the answer handler normally does it at once; this is the safety net), then sends
every round due on or before today that is not sent, not cancelled, of a case still closed by 终本.
Each round is claimed by a conditional UPDATE, so a second or concurrent run sends nothing twice;
a round refused now (the previous round still unanswered, no departments registered) is reported
and tried again on the next run.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date

from django.db import transaction

from zhixing.core import duties
from zhixing.core.errors import DomainError

log = logging.getLogger("zhixing.closure")


BATCH = 500  # rounds read at a time; a national backlog never sits in memory at once


def after_round_termination(today: date) -> str:
    from .services import after

    actor = duties.system_actor()
    settled = found = 0
    for case in after.re_inquiries_in_flight():
        try:
            with transaction.atomic():
                row = after.re_inquiry_settle(case=case, on=today, actor=actor)
        except DomainError as error:
            log.warning("%s 终本后查询结果未能登记：%s", case, error.message)
            continue
        if row is not None:
            settled += 1
            found += int(row.found)
    sent = 0
    refused: Counter[str] = Counter()
    tried: set[int] = set()
    while True:  # in batches: each walks reinquiry_due_idx (a refused round stays due: skip it)
        batch = list(after.re_inquiries_due(today).exclude(pk__in=tried)[:BATCH])
        for row in batch:
            tried.add(row.pk)
            try:
                if after.re_inquiry_send(actor=actor, re_inquiry=row, on=today) is not None:
                    sent += 1
            except DomainError as error:
                refused[error.message] += 1
                log.warning(
                    "%s 第%s次终本后查询未能发起：%s", row.case_id, row.round, error.message
                )
        if len(batch) < BATCH:
            break
    line = f"发起 {sent} 次；登记查询结果 {settled} 次（发现财产 {found} 次）"
    if refused:
        reasons = "；".join(f"{message}（{n} 件）" for message, n in refused.most_common(3))
        line += f"；暂未能发起 {sum(refused.values())} 次：{reasons}"
    return line


def register_duties() -> None:
    """Registers this app's duties with zhixing.core.duties (called from AppConfig.ready)."""
    duties.register(
        20, "closure.after_round_termination", "终本后定期网络查询", after_round_termination
    )


def register_reactions() -> None:
    """Inquiry answers settle a post-终本 round (linkage.hooks); open resumption flags appear on the
    responsible officer's worklist (cases.hooks). Called from AppConfig.ready."""
    from zhixing.cases.hooks import register_worklist_section
    from zhixing.linkage.hooks import on_answer
    from zhixing.linkage.rules.outbox import MessageKind

    from .selectors.after import worklist_items
    from .services.after import FLAG_SOURCE, re_inquiry_answered

    on_answer(MessageKind.INQUIRY, re_inquiry_answered)
    register_worklist_section(
        "resumptions",
        "待恢复执行",
        worklist_items,
        note=f"终本案件发现财产或新的财产线索，应及时恢复执行（{FLAG_SOURCE}）",
        order=10,
    )
