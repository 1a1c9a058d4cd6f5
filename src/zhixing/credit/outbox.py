"""Pushing feed entries to subscribed departments through the linkage outbox (design.md
decision 5): one outbox message per department and entry, written in the writer's transaction."""

from __future__ import annotations

from .models import FeedEntry


def push_entry(entry: FeedEntry) -> None:
    """Queues `entry` for every department whose subscription asks for pushes. (Built by the
    feed work: until then nothing is pushed and departments read the feed.)"""
    return None
