"""The workbooks an import hands out: the template of a kind (headings in the user's language,
drop-down lists for every fixed choice, an example row, a notes sheet) and the uploaded file
given back with an error column, to fix and upload again. Both are written streaming."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from outreach.core.spreadsheets import csv_bytes, safe
from outreach.imports.kinds import RowKind
from outreach.imports.reading import open_tables


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template(kind: RowKind) -> bytes:
    """An empty sheet to fill in for ``kind``, in the current language."""
    columns = [c for c in kind.columns if not c.ignored and c.key != "id"]
    book = Workbook()
    sheet = book.active
    sheet.title = str(kind.label)[:31]
    lists = book.create_sheet(_("Lists"))
    sheet.append([str(c.label) for c in columns])
    sheet.append([c.example if c.example is not None else "" for c in columns])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(
            12, len(str(column.label)) + 2
        )
        if not column.choices:
            continue
        labels = [str(label) for label in column.choices.values()]
        for row, label in enumerate(labels, start=1):
            lists.cell(row=row, column=index, value=label)
        letter = get_column_letter(index)
        rule = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(lists.title)}!${letter}$1:${letter}${len(labels)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Choose from the list."),
            error=_("Choose from the list."),
        )
        sheet.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}100000")
    lists.sheet_state = "hidden"
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(_("Notes"))
    notes.append([_("Column"), _("Required"), _("What to write")])
    for column in columns:
        keys = ", ".join(str(getattr(k, "value", k)) for k in column.choices or {})
        note = str(column.note or "")
        if keys:
            note = f"{note} {_('Choices')}: {keys}".strip()
        notes.append([str(column.label), _("Yes") if column.required else "", note])
    notes.append([])
    notes.append([_("The second row is an example: replace or delete it.")])
    notes.append([_("Dates as YYYY-MM-DD. Save as .xlsx, or as CSV UTF-8.")])
    notes.column_dimensions["A"].width = 36
    notes.column_dimensions["C"].width = 90
    return _save(book)


def with_errors(path: Path, filename: str, errors: list[list]) -> tuple[bytes, str]:
    """The uploaded file's first table with an error column added (each row's messages, with
    their columns); (content, file extension)."""
    by_row: dict[int, list[str]] = defaultdict(list)
    for row, heading, message in errors or []:
        by_row[int(row)].append(f"{heading}: {message}")
    heading = _("Errors")
    with open_tables(path, filename) as sheets:
        sheet = sheets[0]
        rows = ((n, [*cells, "; ".join(by_row.get(n, []))]) for n, cells in sheet.rows)
        if Path(filename).suffix.lower() == ".csv":
            return csv_bytes(
                [*sheet.header, heading], ([safe(c) for c in r] for _n, r in rows)
            ), "csv"
        book = Workbook(write_only=True)
        out = book.create_sheet(sheet.name[:31])
        out.append([*sheet.header, heading])
        for _n, cells in rows:
            out.append([safe(c) for c in cells])
        return _save(book), "xlsx"


def csv_text(content: bytes) -> list[list[str]]:
    """Rows of a CSV written by ``with_errors`` (for tests and the command line)."""
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
