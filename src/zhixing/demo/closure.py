"""Demo data for `seed-demo`: 结案与终本 (issue 5). Written through the services, idempotent."""

from __future__ import annotations


def seed_closure() -> str:
    """Seeds the showcase and returns the one-line summary `seed-demo` prints."""
    return "演示结案与终本：尚未建立。"
