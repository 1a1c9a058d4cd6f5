"""`python -m zhixing outbox-send`: hands due linkage requests to their departments (run every
minute); failures are retried with back-off."""

from django.core.management.base import BaseCommand

from zhixing.linkage import partners
from zhixing.linkage.outbox import send_due


class Command(BaseCommand):
    help = "发送到期的联动请求（失败的按退避间隔重试）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--simulate-fail-rate",
            type=float,
            default=None,
            help="模拟联动单位的发送失败比例（0–1，仅用于演示）",
        )

    def handle(self, *args, **options):
        if options["simulate_fail_rate"] is not None:
            partners.set_default(partners.SimulatedPartner(fail_rate=options["simulate_fail_rate"]))
        sent, failed = send_due()
        self.stdout.write(f"已发送 {sent} 条，失败待重试 {failed} 条")
