"""`python -m zhixing recompute-deadlines`: recomputes the open deadlines of every open case.

Run after the holiday table changes (系统配置 → 节假日调整), e.g. when next year's schedule is
entered: due dates in that year may move (ADR 0004). Idempotent; shows progress.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from zhixing.cases.models import CaseDeadline, EnforcementCase
from zhixing.cases.services import recompute_deadlines
from zhixing.core.calendar import legal_calendar


class Command(BaseCommand):
    help = "重新计算所有未完成期限（节假日安排调整后执行）"

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args, **options):
        ids = list(
            CaseDeadline.objects.filter(met_on__isnull=True)
            .values_list("case_id", flat=True)
            .distinct()
            .order_by("case_id")
        )
        total = len(ids)
        calendar = legal_calendar()  # the holiday table, read once
        for start in range(0, total, options["batch"]):
            chunk = ids[start : start + options["batch"]]
            with transaction.atomic():
                for case in EnforcementCase.objects.filter(pk__in=chunk).select_for_update(
                    of=("self",)
                ):
                    recompute_deadlines(case, calendar)
            self.stdout.write(f"已重新计算 {min(start + len(chunk), total)}/{total} 件")
        self.stdout.write(f"完成：{total} 件案件的期限已按当前节假日表重新计算")
