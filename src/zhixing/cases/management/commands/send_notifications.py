"""`python -m zhixing send-notifications`: sends party notifications that are due (run every minute)."""

from django.core.management.base import BaseCommand

from zhixing.cases.notifications import send_due


class Command(BaseCommand):
    help = "发送到期的当事人通知（失败的按退避重试）"

    def handle(self, *args, **options):
        sent, failed = send_due()
        self.stdout.write(f"已发送 {sent} 条，失败待重试 {failed} 条")
