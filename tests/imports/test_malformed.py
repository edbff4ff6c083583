"""Files that cannot be read safely get one clear message and write nothing: a wrong encoding,
merged cells, formulas, a million empty rows, a huge cell, a ZIP bomb."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook

from tests.foundation.helpers import row_counts
from tests.imports.conftest import donation_row, table


def _xlsx(path, rows, change=None):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if change:
        change(sheet)
    book.save(path)
    return path


def _million_empty_rows(path):
    rows = "".join(f'<row r="{n}"/>' for n in range(3, 1_000_003))
    _xlsx(path, table([donation_row()]))
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</sheetData>", rows + "</sheetData>"
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, content in parts.items():
            out.writestr(name, content)
    return path


def _zip_bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", "<Types/>")
        out.writestr("xl/sharedStrings.xml", b"\0" * 700_000_000)
    return path


CASES = {
    "latin-1": (
        lambda p: (
            p.with_suffix(".csv").write_bytes("title\nCafé Perdana\n".encode("cp1252")),
            p.with_suffix(".csv"),
        )[1],
        "not UTF-8",
    ),
    "merged": (
        lambda p: _xlsx(
            p, table([donation_row(), donation_row("D-2")]), lambda s: s.merge_cells("A2:A3")
        ),
        "merged cells",
    ),
    "formula": (
        lambda p: _xlsx(p, table([donation_row(cash="=1000*5")])),
        "formula",
    ),
    "huge cell": (
        lambda p: (
            p.with_suffix(".csv").write_text("title\n" + "x" * 200_000 + "\n"),
            p.with_suffix(".csv"),
        )[1],
        "cannot be read as CSV",
    ),
    "zip bomb": (_zip_bomb, "unpacks to far more"),
    "not a workbook": (lambda p: (p.write_bytes(b"PK\x03\x04 broken"), p)[1], "not a readable"),
}


@pytest.mark.parametrize("case", CASES)
def test_malformed_files_are_refused_whole(world, tmp_path, run_import, case):
    make, words = CASES[case]
    path = make(tmp_path / "bad.xlsx")
    before = row_counts()
    result = run_import("activities", path)
    assert result.exit_code != 0
    assert words in result.output and "Nothing was written." in result.output
    changed = {t for t, n in row_counts().items() if n != before[t]}
    assert changed <= {"import_runs"}


def test_a_million_empty_rows_end_the_sheet(world, tmp_path, run_import):
    result = run_import("activities", _million_empty_rows(tmp_path / "long.xlsx"))
    assert result.exit_code == 0, result.output
    assert "1 created" in result.output
