"""Domain events: what the write side announces, inside the transaction that made the change.

Operations send these after they flush; receivers run at once, in the same database
transaction, so whatever they write commits or rolls back with the change itself. The write
side knows only these signals, never who listens: the monthly rollups (``outreach.stats``)
subscribe to keep themselves equal to the raw rows; notifications and webhooks
(``outreach.notify``, ``outreach.webhooks``) subscribe without the features importing them.

Each signal's sender is the changed record. ``before`` is where the record counted before
the change, as ``(site_id, day)`` (``None`` when that did not change or it is new).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from blinker import Namespace

_events = Namespace()

#: an activity was created, changed, moved through review or deleted
activity_changed = _events.signal("activity-changed")
#: many activities were created at once (an import's bulk write), in place of one
#: ``activity_changed`` each; ``places`` lists where each counts, as ``(site_id, day)``
activities_added = _events.signal("activities-added")
#: a feedback item was recorded (by staff or on the public page)
feedback_recorded = _events.signal("feedback-recorded")
#: a feedback item was reviewed, changed or moved along the grievance lifecycle
feedback_changed = _events.signal("feedback-changed")

#: a grievance took a step of its lifecycle; ``action`` is "receive" (it entered the
#: grievance mechanism), "assign" (with ``assignee``, the user now handling it, or None), or a
#: lifecycle action ("acknowledge", "close"…); ``actor`` is who did it (None: the public)
grievance_stepped = _events.signal("grievance-stepped")
#: the reminder job found a grievance past its deadline; ``which`` is "ack" or "resolve" and
#: ``due`` the day it was due (sent on every pass while it stays missed: receivers keep a key)
deadline_missed = _events.signal("deadline-missed")
#: a reviewer decided on a submitted entry; ``action`` is "approve" or "return"
activity_reviewed = _events.signal("activity-reviewed")
#: an impact report was issued (the sender is the issued report)
report_issued = _events.signal("report-issued")
#: many records are about to be written in one transaction (an import): receivers may gather
#: their work until ``batch_ended``
batch_started = _events.signal("batch-started")
#: the batch is written (``aborted``: it failed and will be rolled back)
batch_ended = _events.signal("batch-ended")

Place = tuple[int, dt.date] | None


@contextmanager
def batch(sender=None) -> Iterator[None]:
    """Many writes in one transaction: the events still arrive one by one, and receivers that
    gather (the rollups refresh each month once) finish their work when the batch ends."""
    batch_started.send(sender)
    try:
        yield
    except BaseException:
        batch_ended.send(sender, aborted=True)
        raise
    batch_ended.send(sender, aborted=False)
