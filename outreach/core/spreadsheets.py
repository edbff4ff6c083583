"""Cells of the CSV and Excel files people download: text that a spreadsheet would run as a
formula (CSV injection) is written as plain text, with an apostrophe in front."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    """The value, or the text with an apostrophe in front if a spreadsheet would run it."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(header: list[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """A UTF-8 CSV file with a byte-order mark, so that Excel opens it in the right encoding;
    empty cells for None. The rows come with their cells already made ``safe``."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
