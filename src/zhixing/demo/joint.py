"""Demo showcase for issue 6 (joint): seeded through the services, idempotent."""

from __future__ import annotations


def seed_joint() -> str:
    """Seeds the showcase and returns the one-line summary `seed-demo` prints."""
    return ""
