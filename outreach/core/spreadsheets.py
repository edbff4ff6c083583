"""Cells of the CSV and Excel files people download: text that a spreadsheet would run as a
formula (CSV injection) is written as plain text, with an apostrophe in front."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

#: where a spreadsheet would start a cell: the start of the text, and after each "," or ";"
#: (Excel splits on the list separator of the regional settings: ";" in Indonesian, Vietnamese
#: and many European ones) or line break; a cell starting with one of = + - @, a tab or a
#: carriage return (after spaces or quotes) would be run as a formula
FORMULA_PART = re.compile(r"(?:^|(?<=[,;\n\r]))(?=[ \"]*[=+\-@\t\r])")


def safe(value: Any) -> Any:
    """The value, with an apostrophe in front of the text and of every part of it that a
    spreadsheet splitting on "," or ";" would run as a formula, so each reads as plain text."""
    if isinstance(value, str):
        return FORMULA_PART.sub("'", value)
    return value


def csv_bytes(header: list[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """A UTF-8 CSV file with a byte-order mark, so that Excel opens it in the right encoding;
    every cell quoted, so a "," or ";" inside one never splits it; empty cells for None. The
    rows come with their cells already made ``safe``."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
