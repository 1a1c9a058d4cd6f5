"""Demo data for `seed-demo`: 执行审查 (issue 5). Written through the services, idempotent."""

from __future__ import annotations


def seed_review() -> str:
    """Seeds the showcase and returns the one-line summary `seed-demo` prints."""
    return "演示执行审查：尚未建立。"
