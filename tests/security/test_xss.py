"""An XSS payload typed into every text field of every form comes back escaped: in the form
shown again, in every page, in the CSV and XLSX exports (formulas defused) and in PDFs."""

from __future__ import annotations

import csv
import io
import re

import openpyxl

from tests.reports.pdftext import squeezed, text_of
from tests.security.forms import discover_forms
from tests.security.routes import all_get_urls, make_world, sign_in

#: short enough for most fields; starts with "=" so spreadsheets would run it as a formula
SHORT = '=1+1"><svg onload=1>'
LONG = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>"
RAW = ("<svg onload=1>", "<script>alert(1)", "<img src=x onerror")
RECORD_LINK = re.compile(r'href="(/(?:activities|feedback|stakeholders|commitments|sites)/\d+)"')


def _assert_escaped(response, where):
    if response.mimetype == "text/html":
        body = response.get_data(as_text=True)
        for raw in RAW:
            assert raw not in body, f"{where}: {raw!r} is not escaped"


def _assert_export_defused(response, where):
    if response.mimetype == "text/csv":
        for row in csv.reader(io.StringIO(response.get_data(as_text=True))):
            assert not any(
                cell.startswith(("=", "+", "-", "@")) and "svg" in cell for cell in row
            ), where
    elif (
        "spreadsheetml" in (response.mimetype or "")
        and response.data[:2] == b"PK"
        and "/reports/" not in where
    ):
        book = openpyxl.load_workbook(io.BytesIO(response.data))
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for cell in row:
                    assert not (isinstance(cell, str) and cell.startswith("=") and "svg" in cell), (
                        where
                    )


def test_payloads_in_every_text_field_come_back_escaped(app, db, client, login_as):
    world = make_world(app, db)
    sign_in(login_as, "admin", world)
    forms = discover_forms(app, client, world["own"]["values"])
    visited = set()
    stored = 0
    for form in forms:
        attempts = [{name: SHORT for name in form.text}] + [{name: LONG} for name in form.text]
        for text_values in attempts:
            response = client.post(form.action, data=form.filled(text_values))
            assert response.status_code < 500, form.action
            _assert_escaped(response, form.action)
            if response.status_code == 302:
                stored += 1
                visited.add(response.headers["Location"])
    assert stored >= 20, "too few forms accepted the payloads to prove anything"

    pages = all_get_urls(app, world) + sorted(visited)
    escaped_seen = 0
    for url in pages:
        response = client.get(url)
        _assert_escaped(response, url)
        _assert_export_defused(response, url)
        if response.mimetype == "text/html":
            body = response.get_data(as_text=True)
            escaped_seen += body.count("&lt;svg onload=1&gt;")
            for link in set(RECORD_LINK.findall(body)) - set(pages):
                _assert_escaped(client.get(link), link)
    assert escaped_seen > 10


def test_a_payload_in_a_site_name_prints_as_text_in_the_poster_pdf(app, db, client, login_as):
    from tests import factories

    site = factories.site(name=LONG[:120])
    login_as("admin")
    response = client.get(f"/feedback/sites/{site.id}/poster.pdf")
    assert response.mimetype == "application/pdf"
    assert squeezed("<script>alert(1)</script>") in squeezed(text_of(response.data))
