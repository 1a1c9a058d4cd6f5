"""Demo data for `seed-demo`: 上级监督 (issue 5). Written through the services, idempotent."""

from __future__ import annotations


def seed_supervision() -> str:
    """Seeds the showcase and returns the one-line summary `seed-demo` prints."""
    return "演示上级监督：尚未建立。"
