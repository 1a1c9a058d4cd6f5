"""Demo data for `seed-demo`: 终本后定期查询 (issue 5). Written through the services, idempotent."""

from __future__ import annotations


def seed_after_zhongben() -> str:
    """Seeds the showcase and returns the one-line summary `seed-demo` prints."""
    return "演示终本后定期查询：尚未建立。"
