"""`run-duties --loop` (make run's background runner) refuses what it cannot honour."""

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_loop_runs_as_of_today_only():
    with pytest.raises(CommandError, match="--loop 按当天执行"):
        call_command("run_duties", loop=1, today="2026-01-05")


@pytest.mark.django_db
def test_a_later_day_than_today_is_refused():
    with pytest.raises(CommandError, match="不能晚于今天"):
        call_command("run_duties", today="2999-01-01")
