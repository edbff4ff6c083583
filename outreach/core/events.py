"""Domain events: what the write side announces, inside the transaction that made the change.

Operations send these after they flush; receivers run at once, in the same database
transaction, so whatever they write commits or rolls back with the change itself. The write
side knows only these signals, never who listens: the monthly rollups (``outreach.stats``)
subscribe to keep themselves equal to the raw rows, and later entrances (notifications,
webhooks) can subscribe without the features importing them.

Each signal's sender is the changed record. ``before`` is where the record counted before
the change, as ``(site_id, day)`` (``None`` when that did not change or it is new).
"""

from __future__ import annotations

import datetime as dt

from blinker import Namespace

_events = Namespace()

#: an activity was created, changed, moved through review or deleted
activity_changed = _events.signal("activity-changed")
#: a feedback item was recorded (by staff or on the public page)
feedback_recorded = _events.signal("feedback-recorded")
#: a feedback item was reviewed, changed or moved along the grievance lifecycle
feedback_changed = _events.signal("feedback-changed")

Place = tuple[int, dt.date] | None
