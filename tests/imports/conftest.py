"""Fixtures of the import tests: a world of two sites and a manager of one country, files
written to a temporary folder, and the ``import`` command."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from tests import factories

YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()


@pytest.fixture(autouse=True)
def import_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_FOLDER", str(tmp_path / "imports"))


@pytest.fixture
def world(db):
    site = factories.site("MY", code="MY-ECRL")
    other = factories.site("TH", code="TH-PORT")
    manager = factories.user("manager", countries=["MY"], email="manager@example.org")
    school = factories.stakeholder(sites=[site], name="SK Kampung Baru")
    return {"site": site, "other": other, "manager": manager, "school": school}


def csv_file(path, rows, delimiter=",", bom=True):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    path.write_bytes(("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8"))
    return path


def donation_row(external_id="D-1", site="MY-ECRL", **changes):
    row = {
        "external_id": external_id,
        "site": site,
        "kind": "donation",
        "date": YESTERDAY,
        "title": "Textbooks for SK Kampung Baru",
        "b4si_motivation": "community_investment",
        "cause": "education",
        "donation_form": "cash",
        "beneficiary": "SK Kampung Baru",
        "cash": "5000",
        "beneficiaries": "320",
    }
    row.update(changes)
    return row


def table(rows: list[dict]) -> list[list]:
    header = list(rows[0])
    return [header, *[[r.get(h, "") for h in header] for r in rows]]


@pytest.fixture
def run_import(app):
    runner = app.test_cli_runner()

    def run(kind, path, *options, email="manager@example.org"):
        return runner.invoke(args=["import", kind, str(path), "--as", email, *options])

    return run
