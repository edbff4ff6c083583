"""Reading an uploaded spreadsheet, row by row, without trusting it: XLSX read with calamine
(compact, and fast enough for 100,000 rows), CSV in UTF-8 (with or without a byte-order mark,
comma or semicolon detected). A file that cannot be read safely raises ``ReadError`` with a
message for the user; nothing is written then.

Limits (configuration, see docs/imports.md): the file's size, what its ZIP unpacks to (a ZIP
bomb), the number of rows, the length of a cell; merged cells and formulas are refused because
what a row holds would not be what the person sees."""

from __future__ import annotations

import csv
import html
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


#: a cell whose first child is a formula (``<c r="B7"><f>SUM(B2:B6)</f>…``)
FORMULA_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*>\s*<(?:\w+:)?f[\s>/]')
TAG = re.compile(rb"<(?:\w+:)?(sheet|Relationship)\b([^>]*)>")
ATTRIBUTE = re.compile(rb'(?:\w+:)?(\w+)="([^"]*)"')


def _tags(archive: zipfile.ZipFile, member: str, name: bytes) -> list[dict[str, str]]:
    """The attributes of each ``name`` element of a small part of the workbook (read with a
    pattern: no XML parser is given what a stranger wrote)."""
    try:
        xml = archive.read(member)
    except KeyError:
        return []
    return [
        {k.decode(): html.unescape(v.decode("utf-8", "replace")) for k, v in ATTRIBUTE.findall(a)}
        for tag, a in TAG.findall(xml)
        if tag == name
    ]


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """{sheet name: its XML inside the ZIP}, from the workbook and its relationships."""
    targets = {
        r.get("Id"): r.get("Target", "")
        for r in _tags(archive, "xl/_rels/workbook.xml.rels", b"Relationship")
    }
    paths = {}
    for sheet in _tags(archive, "xl/workbook.xml", b"sheet"):
        target = targets.get(sheet.get("id"))
        if target:
            paths[sheet.get("name")] = target[1:] if target.startswith("/") else f"xl/{target}"
    return paths


def _formula_cell(archive: zipfile.ZipFile, sheet_path: str) -> str | None:
    """The first cell holding a formula (the sheet's XML scanned in pieces), or None."""
    try:
        xml = archive.open(sheet_path)
    except KeyError:
        return None
    with xml:
        tail = b""
        while chunk := xml.read(1 << 20):
            piece = tail + chunk
            # the pattern is slow on a sheet's many cells: only a piece that holds a formula's
            # tag (``<f`` or a prefixed ``:f``) is searched with it
            if b"<f" in piece or b":f" in piece:
                found = FORMULA_CELL.search(piece)
                if found:
                    return found.group(1).decode()
            tail = chunk[-512:]
    return None


def _refuse_sheet(archive: zipfile.ZipFile, sheet, sheet_path: str | None) -> None:
    """Merged cells and formulas are refused: what a row holds would not be what one sees."""
    if sheet.merged_cell_ranges:
        raise ReadError(
            _l(
                "Sheet %(sheet)s has merged cells: unmerge them so that each row holds "
                "its own values.",
                sheet=sheet.name,
            )
        )
    cell = _formula_cell(archive, sheet_path) if sheet_path else None
    if cell:
        raise ReadError(
            _l(
                "Cell %(cell)s of sheet %(sheet)s holds a formula: copy the sheet and "
                "paste its values only, then upload it again.",
                cell=cell,
                sheet=sheet.name,
            )
        )


def _table_rows(numbered: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    """The rows that hold something, cleaned (texts stripped, empty cells None); a long run of
    empty rows ends the table, and a table longer than the limit is refused."""
    most = limit("IMPORT_MAX_ROWS")
    empty_run = 0
    for number, row in numbered:
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


def _xlsx_cells(sheet) -> Iterator[tuple[int, list[Any]]]:
    """(sheet row number, cells from column A) of the rows under the heading row; the sheet
    is read by calamine, whose range starts at the first cell that holds something."""
    top, left = sheet.start or (0, 0)
    padding = [None] * left
    for number, row in enumerate(sheet.iter_rows(), start=top + 1):
        if number == 1:
            continue
        for value in row:
            if type(value) is str and len(value) > MAX_CELL_CHARS:
                raise ReadError(
                    _l("Row %(row)s holds a cell longer than a cell can be.", row=number)
                )
        yield number, padding + row if left else row


def _header(values) -> list[str]:
    header = ["" if v is None else str(v).strip() for v in values]
    while header and not header[-1]:
        header.pop()
    return header


@contextmanager
def open_xlsx(path: Path) -> Iterator[list[Sheet]]:
    """Every sheet of the workbook, read row by row (calamine keeps the cells compactly)."""
    from python_calamine import CalamineWorkbook

    _check_zip(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # noqa: BLE001 - calamine raises many kinds on a damaged file
        raise ReadError(_l("This file is not a readable Excel workbook (.xlsx).")) from error
    try:
        sheets = []
        with zipfile.ZipFile(path) as archive:
            paths = _sheet_paths(archive)
            for name in book.sheet_names:
                try:
                    sheet = book.get_sheet_by_name(name)
                except Exception as error:  # noqa: BLE001 - a damaged sheet
                    raise ReadError(
                        _l("This file is not a readable Excel workbook (.xlsx).")
                    ) from error
                _refuse_sheet(archive, sheet, paths.get(name))
                top, left = sheet.start or (0, 0)
                first = [None] * left + (next(sheet.iter_rows(), []) if top == 0 else [])
                rows = _table_rows(_xlsx_cells(sheet))
                sheets.append(Sheet(name, _header(_cell(v) for v in first), rows))
        yield sheets
    finally:
        book.close()


def _delimiter(first_line: str) -> str:
    """Semicolon when the heading line has more of them than commas (Excel's "CSV" in many
    regional settings), comma otherwise."""
    outside = re.sub(r'"[^"]*"', "", first_line)
    return ";" if outside.count(";") > outside.count(",") else ","


def _csv_rows(reader, text) -> Iterator[tuple[int, list[Any]]]:
    read = 1

    def numbered():
        nonlocal read
        for read, row in enumerate(reader, start=2):  # noqa: B007, UP028 - kept for an error
            yield read, row

    try:
        yield from _table_rows(numbered())
    except UnicodeDecodeError as error:
        raise _not_utf8() from error
    except csv.Error as error:
        raise ReadError(
            _l(
                "Row %(row)s cannot be read as CSV (a cell too long, or a stray quote).",
                row=read + 1,
            )
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
