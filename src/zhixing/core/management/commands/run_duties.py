"""`python -m zhixing run-duties [--today YYYY-MM-DD] [--only NAME]`: performs every periodic duty
the apps registered (zhixing.core.duties), in their order, one line each, then a summary.

Safe to run twice and to overlap (every duty claims its rows), so a scheduler may start it every
15 minutes or hourly (docs/operations.md). A duty that fails is reported and the others still
run; the command then exits non-zero so the scheduler notices. `--today` performs the duties as of
an earlier day (demos, tests, catching up after an outage); it cannot be later than today.
`--loop N` repeats the run every N seconds until stopped (`make run` uses it for the demo; a court's
servers use a scheduler instead).
"""

from __future__ import annotations

import time
import traceback
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhixing.core import duties


class Command(BaseCommand):
    help = "执行定期任务（终本后定期查询、查控到期提醒、监督期限等）：run-duties"

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", default=None, help="按该日期执行（YYYY-MM-DD，不得晚于今天；默认今天）"
        )
        parser.add_argument(
            "--only", action="append", default=[], help="只执行该名称的任务（可重复）"
        )
        parser.add_argument(
            "--loop", type=int, default=0, help="每隔该秒数重复执行，直至中止（演示用）"
        )

    def handle(self, *args, **options):
        today = self._today(options["today"])
        registered = duties.duties()
        names = {d.name for d in registered}
        unknown = [name for name in options["only"] if name not in names]
        if unknown:
            raise CommandError(
                f"没有名为 {'、'.join(unknown)} 的定期任务；已登记：{'、'.join(sorted(names))}"
            )
        chosen = [d for d in registered if not options["only"] or d.name in options["only"]]
        if options["loop"] > 0:
            if options["today"]:
                raise CommandError("--loop 按当天执行，不能与 --today 同用")
            while True:  # a failed run is reported and the next one still comes
                try:
                    self._run(chosen, timezone.localdate())
                except CommandError as error:
                    self.stderr.write(str(error))
                time.sleep(options["loop"])
        self._run(chosen, today)

    def _run(self, chosen: list[duties.Duty], today: date) -> None:
        failed = []
        with duties.as_of(today):
            for duty in chosen:
                started = time.monotonic()
                try:
                    line = duty.run(today)
                except Exception as error:  # one duty's failure must not stop the others
                    failed.append(duty.name)
                    self.stderr.write(f"✗ {duty.name}（{duty.label}）失败：{error}")
                    self.stderr.write(traceback.format_exc())
                    continue
                took = time.monotonic() - started
                self.stdout.write(f"✓ {duty.name}（{duty.label}）：{line}〔{took:.1f} 秒〕")
        summary = f"定期任务（{today:%Y年%m月%d日}）：执行 {len(chosen)} 项，成功 {len(chosen) - len(failed)} 项"
        if failed:
            raise CommandError(f"{summary}，失败 {len(failed)} 项：{'、'.join(failed)}")
        self.stdout.write(summary)

    @staticmethod
    def _today(value: str | None) -> date:
        real = timezone.localdate()
        if not value:
            return real
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--today 日期格式应为 YYYY-MM-DD：{value}") from None
        if day > real:
            raise CommandError(f"--today 不能晚于今天（{real:%Y-%m-%d}）")
        return day
