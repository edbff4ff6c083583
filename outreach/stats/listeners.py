"""Receivers that keep the rollups current as the write side's events arrive."""

from __future__ import annotations

from outreach.core import events
from outreach.stats import rollups


@events.activity_changed.connect
def _activity_changed(activity, before: events.Place = None, **_) -> None:
    rollups.refresh_activity(activity, rollups.bucket(*before) if before else None)


@events.feedback_recorded.connect
def _feedback_recorded(feedback, **_) -> None:
    rollups.add_feedback(feedback)


@events.feedback_changed.connect
def _feedback_changed(feedback, before: events.Place = None, **_) -> None:
    rollups.refresh_feedback(feedback, rollups.bucket(*before) if before else None)
