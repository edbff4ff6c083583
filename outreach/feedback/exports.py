"""CSV and XLSX files of masked feedback rows (``queries.feedback_rows``)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook

from outreach.core.spreadsheets import csv_bytes, safe

COLUMNS = [
    "id",
    "site",
    "received_on",
    "channel",
    "language",
    "categories",
    "sentiment",
    "reviewed",
    "text",
    "person",
    "anonymous",
    "fears_retaliation",
    "is_grievance",
    "status",
    "sla",
    "ack_due",
    "acknowledged_on",
    "resolve_due",
    "resolved_on",
    "satisfaction",
]


def _cell(value: Any) -> Any:
    """Plain cell values; text that a spreadsheet would run as a formula is defused."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return safe(value)


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    return csv_bytes(COLUMNS, ([_cell(row[c]) for c in COLUMNS] for row in rows))


def to_xlsx(rows: list[dict[str, Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "feedback"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([_cell(row[c]) for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
