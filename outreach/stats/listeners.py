"""Receivers that keep the rollups current as the write side's events arrive. During a batch
(an import), the (site, month) buckets touched are gathered and each is refreshed once when the
batch ends, in the same transaction."""

from __future__ import annotations

from outreach.core import events
from outreach.extensions import db
from outreach.stats import rollups

#: ``Session.info`` key: the buckets a batch touched, {"activity": set, "feedback": set}
BATCH = "outreach.rollup_batch"


def _gathering() -> dict | None:
    return db.session.info.get(BATCH)


@events.batch_started.connect
def _batch_started(sender, **_) -> None:
    db.session.info[BATCH] = {"activity": set(), "feedback": set()}


@events.batch_ended.connect
def _batch_ended(sender, aborted: bool = False, **_) -> None:
    touched = db.session.info.pop(BATCH, None)
    if touched and not aborted:
        rollups.refresh_buckets(touched["activity"], touched["feedback"])


@events.activity_changed.connect
def _activity_changed(activity, before: events.Place = None, **_) -> None:
    before_key = rollups.bucket(*before) if before else None
    touched = _gathering()
    if touched is not None:
        touched["activity"].update(k for k in (before_key, rollups.activity_key(activity)) if k)
        return
    rollups.refresh_activity(activity, before_key)


@events.activities_added.connect
def _activities_added(sender, places=(), **_) -> None:
    keys = {rollups.bucket(*place) for place in places} - {None}
    touched = _gathering()
    if touched is not None:
        touched["activity"].update(keys)
        return
    rollups.refresh_buckets(keys, ())


@events.feedback_recorded.connect
def _feedback_recorded(feedback, **_) -> None:
    touched = _gathering()
    if touched is not None:
        touched["feedback"].add(rollups.feedback_key(feedback))
        return
    rollups.add_feedback(feedback)


@events.feedback_changed.connect
def _feedback_changed(feedback, before: events.Place = None, **_) -> None:
    before_key = rollups.bucket(*before) if before else None
    touched = _gathering()
    if touched is not None:
        touched["feedback"].update(k for k in (before_key, rollups.feedback_key(feedback)) if k)
        return
    rollups.refresh_feedback(feedback, before_key)
