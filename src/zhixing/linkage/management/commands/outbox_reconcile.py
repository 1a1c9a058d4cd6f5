"""`python -m zhixing outbox-reconcile`: lists linkage requests still unanswered past their
answer deadline, for the command centre to chase the departments (exit 0 either way)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from zhixing.linkage.models import OutboxMessage
from zhixing.linkage.selectors import overdue_q


class Command(BaseCommand):
    help = "列出已过答复期限仍未答复的联动请求"

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000)

    def handle(self, *args, **options):
        today = timezone.localdate()
        rows = (
            OutboxMessage.objects.filter(**overdue_q(today))
            .select_related("department", "case", "court")
            .order_by("answer_due_on", "pk")
        )
        total = rows.count()
        if not total:
            self.stdout.write("没有超期未答复的联动请求")
            return
        head = (
            "案号",
            "法院",
            "联动单位",
            "事项",
            "状态",
            "次数",
            "答复期限",
            "超期天数",
            "请求编号",
        )
        lines = [head]
        for m in rows[: options["limit"]]:
            lines.append(
                (
                    m.case.case_number or "-",
                    m.court.code,
                    m.department.code,
                    m.kind,
                    m.status,
                    str(m.attempts),
                    m.answer_due_on.isoformat(),
                    str((today - m.answer_due_on).days),
                    m.idempotency_key,
                )
            )
        for line in lines:
            self.stdout.write("\t".join(line))
        self.stdout.write(f"超期未答复 {total} 条")
