"""The statistics the read side shows: monthly rollups kept current by domain events.

No blueprint lives here. ``init_app`` subscribes the rollups to the write side's events
(``outreach.core.events``); the dashboards and reports read the rollup tables.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from outreach.stats import listeners  # noqa: F401  - connects the receivers once
