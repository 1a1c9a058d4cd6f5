"""`python -m zhixing partners-simulate`: the simulated departments deliver the answers that are
due to inquiries, freezes, deductions and releases (demo and tests; real departments call
POST /api/v1/partner-answers). With `--loop N` it keeps going every N seconds and also sends the
outbox's due messages — `make run` starts it beside the server so the demo's banks answer."""

import time

from django.core.management.base import BaseCommand

from zhixing.linkage.outbox import send_due
from zhixing.linkage.partners import deliver_simulated


class Command(BaseCommand):
    help = "模拟联动单位答复到期的请求（查询、冻结、扣划、解除）；--loop N 每 N 秒重复一次"

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            type=float,
            default=0,
            metavar="N",
            help="每 N 秒发送到期请求并送达模拟答复，直到被中止（演示环境用）",
        )

    def handle(self, *args, **options):
        every = options["loop"]
        if every <= 0:
            self.stdout.write(f"已送达模拟答复 {deliver_simulated()} 条")
            return
        self.stdout.write(f"模拟联动单位已启动：每 {every:g} 秒发送请求、送达答复（Ctrl-C 停止）")
        try:
            while True:
                send_due()
                delivered = deliver_simulated()
                if delivered:
                    self.stdout.write(f"已送达模拟答复 {delivered} 条")
                time.sleep(every)
        except KeyboardInterrupt:
            return
