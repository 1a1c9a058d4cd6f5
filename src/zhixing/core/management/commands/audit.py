"""`python -m zhixing audit verify [--chain N]`: reports the first broken or missing link of each chain."""

from django.core.management.base import BaseCommand, CommandError

from zhixing.core.audit import audit_verify
from zhixing.core.models import AuditRecord


class Command(BaseCommand):
    help = "审计链校验：audit verify"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="校验审计链")
        verify.add_argument("--chain", type=int, default=None, help="只校验该法院（id）的审计链")

    def handle(self, *args, **options):
        breaks = audit_verify(options.get("chain"))
        if breaks:
            for item in breaks:
                self.stderr.write(str(item))
            raise CommandError(f"审计链校验失败：{len(breaks)} 条链断裂")
        self.stdout.write(f"审计链完整：共 {AuditRecord.objects.count()} 条记录")
