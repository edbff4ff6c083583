"""Reading an uploaded spreadsheet, row by row, without trusting it: XLSX streamed with
openpyxl's read-only mode, CSV in UTF-8 (with or without a byte-order mark, comma or semicolon
detected). A file that cannot be read safely raises ``ReadError`` with a message for the user;
nothing is written then.

Limits (configuration, see docs/imports.md): the file's size, what its ZIP unpacks to (a ZIP
bomb), the number of rows, the length of a cell; merged cells and formulas are refused because
what a row holds would not be what the person sees."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

#: rows with nothing in them after which a sheet is taken to end (a sheet formatted down to
#: row 1,048,576 is not a million rows to check)
EMPTY_RUN_ENDS_SHEET = 200
#: the longest text a spreadsheet cell holds
MAX_CELL_CHARS = 32_767

DEFAULTS = {
    "IMPORT_MAX_BYTES": 50 * 1024 * 1024,
    "IMPORT_MAX_UNZIPPED_BYTES": 600 * 1024 * 1024,
    "IMPORT_MAX_ROWS": 200_000,
}


class ReadError(ValueError):
    """The file as a whole cannot be imported; ``message`` says why, for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def limit(name: str) -> int:
    return int(current_app.config.get(name) or DEFAULTS[name])


@dataclass
class Sheet:
    """One table of the file: its name, its headings and its rows (sheet row number, cells)."""

    name: str
    header: list[str]
    rows: Iterator[tuple[int, list[Any]]] = field(repr=False)


def file_format(filename: str) -> str:
    """``xlsx`` or ``csv`` from the name; anything else is refused."""
    suffix = Path(filename or "").suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix == ".xls":
        raise ReadError(_l("Old Excel files (.xls) cannot be read: save it as .xlsx."))
    raise ReadError(_l("Upload an Excel workbook (.xlsx) or a CSV file."))


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _check_zip(path: Path) -> None:
    """An XLSX is a ZIP: refuse one that is not, or that unpacks to far more than it weighs."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise ReadError(_l("This file is not a readable Excel workbook (.xlsx).")) from error
    unpacked = sum(m.file_size for m in members)
    if unpacked > limit("IMPORT_MAX_UNZIPPED_BYTES") or any(
        m.compress_size and m.file_size / m.compress_size > 1000 and m.file_size > 10_000_000
        for m in members
    ):
        raise ReadError(_l("This workbook unpacks to far more data than it holds; it is refused."))


MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell[\s>]")


def _has_merged_cells(path: Path, sheet_path: str) -> bool:
    """Merged cells are listed after the rows in the sheet's XML: scan it in pieces."""
    with zipfile.ZipFile(path) as archive, archive.open(sheet_path) as xml:
        tail = b""
        while chunk := xml.read(1 << 20):
            if MERGE_CELL.search(tail + chunk):
                return True
            tail = chunk[-32:]
    return False


def _xlsx_rows(sheet, name: str) -> Iterator[tuple[int, list[Any]]]:
    empty_run = 0
    most = limit("IMPORT_MAX_ROWS")
    for number, row in enumerate(sheet.iter_rows(min_row=2), start=2):
        cells = []
        for cell in row:
            if getattr(cell, "data_type", None) == "f":
                raise ReadError(
                    _l(
                        "Cell %(cell)s of sheet %(sheet)s holds a formula: copy the sheet and "
                        "paste its values only, then upload it again.",
                        cell=cell.coordinate,
                        sheet=name,
                    )
                )
            value = cell.value
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise ReadError(
                    _l("Row %(row)s holds a cell longer than a cell can be.", row=number)
                )
            cells.append(_cell(value))
        if not any(v is not None for v in cells):
            empty_run += 1
            if empty_run >= EMPTY_RUN_ENDS_SHEET:
                return
            continue
        empty_run = 0
        if number - 1 > most:
            raise ReadError(_l("This file has more than %(n)s rows; split it.", n=most))
        yield number, cells


def _header(values) -> list[str]:
    header = ["" if v is None else str(v).strip() for v in values]
    while header and not header[-1]:
        header.pop()
    return header


@contextmanager
def open_xlsx(path: Path) -> Iterator[list[Sheet]]:
    """Every sheet of the workbook, streamed."""
    from openpyxl import load_workbook

    _check_zip(path)
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise ReadError(_l("This file is not a readable Excel workbook (.xlsx).")) from error
    try:
        sheets = []
        for sheet in book.worksheets:
            sheet_path = getattr(sheet, "_worksheet_path", None) or ""
            if sheet_path and _has_merged_cells(path, sheet_path.lstrip("/")):
                raise ReadError(
                    _l(
                        "Sheet %(sheet)s has merged cells: unmerge them so that each row holds "
                        "its own values.",
                        sheet=sheet.title,
                    )
                )
            first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
            sheets.append(Sheet(sheet.title, _header(first), _xlsx_rows(sheet, sheet.title)))
        yield sheets
    finally:
        book.close()


def _delimiter(first_line: str) -> str:
    """Semicolon when the heading line has more of them than commas (Excel's "CSV" in many
    regional settings), comma otherwise."""
    outside = re.sub(r'"[^"]*"', "", first_line)
    return ";" if outside.count(";") > outside.count(",") else ","


def _csv_rows(reader, text) -> Iterator[tuple[int, list[Any]]]:
    most = limit("IMPORT_MAX_ROWS")
    empty_run, number = 0, 1
    try:
        for number, row in enumerate(reader, start=2):
            cells = [_cell(v) for v in row]
            if not any(v is not None for v in cells):
                empty_run += 1
                if empty_run >= EMPTY_RUN_ENDS_SHEET:
                    return
                continue
            empty_run = 0
            if number - 1 > most:
                raise ReadError(_l("This file has more than %(n)s rows; split it.", n=most))
            yield number, cells
    except UnicodeDecodeError as error:
        raise _not_utf8() from error
    except csv.Error as error:
        raise ReadError(
            _l("Row %(row)s cannot be read as CSV (a cell too long, or a stray quote).", row=number)
        ) from error
    finally:
        text.close()


def _not_utf8() -> ReadError:
    return ReadError(
        _l('This file is not UTF-8 text: in Excel, save it as "CSV UTF-8 (comma delimited)".')
    )


@contextmanager
def open_csv(path: Path) -> Iterator[list[Sheet]]:
    """The one table of a CSV file."""
    csv.field_size_limit(MAX_CELL_CHARS)
    text = io.TextIOWrapper(path.open("rb"), encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
    except UnicodeDecodeError as error:
        text.close()
        raise _not_utf8() from error
    if "\x00" in first:
        text.close()
        raise _not_utf8()
    delimiter = _delimiter(first)
    header = _header(next(csv.reader([first], delimiter=delimiter), []))
    reader = csv.reader(text, delimiter=delimiter)
    try:
        yield [Sheet(path.stem, header, _csv_rows(reader, text))]
    finally:
        text.close()


@contextmanager
def open_tables(path: Path, filename: str) -> Iterator[list[Sheet]]:
    """The tables of an uploaded file (a workbook's sheets, or the one table of a CSV)."""
    if path.stat().st_size > limit("IMPORT_MAX_BYTES"):
        raise ReadError(_l("This file is too large to import; split it."))
    opener = open_xlsx if file_format(filename) == "xlsx" else open_csv
    with opener(path) as sheets:
        if not sheets or not sheets[0].header:
            raise ReadError(_l("The first row must hold the column headings."))
        yield sheets
