"""Benchmarks run against a throwaway test database (SQLite or DATABASE_URL), never the dev data."""

from __future__ import annotations

import os
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
