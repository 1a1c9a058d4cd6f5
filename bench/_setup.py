"""Benchmarks run against a throwaway test database (SQLite or DATABASE_URL), never the dev data."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager


def django_test_db():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    return connection, old_name


@contextmanager
def test_database():
    connection, old_name = django_test_db()
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best of `repeat` wall-clock runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def median_p99_ms(samples: list[float]) -> tuple[float, float]:
    """Median and 99th percentile of wall-clock samples (seconds), in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def add_database_options(parser) -> None:
    """--cases, --repeat, --keep and --reuse: the options of a benchmark on its own database."""
    parser.add_argument("--cases", type=int, default=None, help="default 1,000,000 (PostgreSQL)")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="leave the database for queries by hand (PostgreSQL; drop it yourself afterwards)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure again on a database left by --keep"
    )


def on_bench_database(name: str, script: str, args, build, measure, *, sqlite: bool = True) -> None:
    """Runs a benchmark on its own PostgreSQL database `name` (never the suite's test_test nor
    another benchmark's): `build(connection, cases, args)` loads and measures; with --keep the
    database stays; with --reuse only `measure(connection, args)` runs on the kept one. On SQLite
    only with an explicit, smaller --cases, and only where the script's own SQL is portable
    (`sqlite=False`: PostgreSQL only)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings.test")
    import django

    django.setup()
    from django.db import connection

    postgres = connection.vendor == "postgresql"
    if not postgres and not sqlite:
        print(
            f"{script} 使用 PostgreSQL 专有的 SQL，须在 PostgreSQL 上运行（DATABASE_URL=postgres://…）。"
        )
        return
    if not postgres and args.cases is None:
        print(
            f"{script} 需要 PostgreSQL（DATABASE_URL=postgres://…）才能测 100 万件；"
            "在 SQLite 上请用较小的 --cases，例如 --cases 5000。本次跳过。"
        )
        return
    cases = args.cases or 1_000_000
    if postgres:
        connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    if args.reuse and postgres:
        connection.close()
        connection.settings_dict["NAME"] = name
        measure(connection, args)
    elif args.keep and postgres:
        connection, _ = django_test_db()
        build(connection, cases, args)
        print(f"数据库 {name} 已保留；用完请执行 DROP DATABASE {name}")
    else:
        with test_database() as connection:
            build(connection, cases, args)


def bench_actors():
    """The demo's basic-court officers (…_officer1–3) and the chiefs of 京01–京03 (scopes of 6–7
    courts), their scope and roles computed once, as the app does once per request (the cost of
    that is measured in bench_scope.py)."""
    from django.contrib.auth import get_user_model

    from zhixing.organization.models import Court
    from zhixing.organization.selectors import roles_of, scope_of

    users = get_user_model().objects.select_related("staff__court")
    basic = Court.objects.filter(level="basic").values_list("slug", flat=True)
    officers = list(
        users.filter(username__in=[f"{s}_officer{i}" for s in basic for i in (1, 2, 3)]).order_by(
            "pk"
        )
    )
    chiefs = list(
        users.filter(username__in=["bj1zy_chief", "bj2zy_chief", "bj3zy_chief"]).order_by("pk")
    )
    for user in [*officers, *chiefs]:
        scope_of(user)
        roles_of(user)
    return officers, chiefs
