"""`python -m zhixing partners-simulate`: the simulated departments deliver the answers that are
due (demo and tests; real departments call POST /api/v1/partner-answers)."""

from django.core.management.base import BaseCommand

from zhixing.linkage.partners import deliver_simulated


class Command(BaseCommand):
    help = "模拟联动单位答复到期的查询请求"

    def handle(self, *args, **options):
        self.stdout.write(f"已送达模拟答复 {deliver_simulated()} 条")
