"""``flask report build`` writes a draft; ``flask report issue`` archives and prints the code."""

from __future__ import annotations

import sqlalchemy as sa

from outreach.reports.models import IssuedReport
from tests import factories
from tests.reports.pdftext import squeezed, text_of


def test_build_writes_a_draft_and_archives_nothing(app, db, tmp_path):
    factories.site("MY", code="MY-CLI-01", name="Gebeng <b>port</b>")
    out = tmp_path / "report.pdf"
    result = app.test_cli_runner().invoke(
        args=[
            "report",
            "build",
            "--scope",
            "country:MY",
            "--period",
            "2026-Q3",
            "--lang",
            "en,zh",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    text = text_of(out.read_bytes())
    assert "DRAFT" in text and "Gebeng<b>port</b>" in squeezed(text)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IssuedReport)) == 0


def test_issue_archives_and_prints_the_verification_code(app, db):
    site = factories.site("MY", code="MY-CLI-02")
    manager = factories.user(role="manager", countries=["MY"])
    result = app.test_cli_runner().invoke(
        args=[
            "report",
            "issue",
            "--scope",
            f"site:{site.code}",
            "--period",
            "2026-01..2026-06",
            "--issuer",
            manager.email,
        ]
    )
    assert result.exit_code == 0, result.output
    report = db.session.scalar(sa.select(IssuedReport))
    assert f"verification code: {report.verification_code}" in result.output
    assert report.scope_key == "MY-CLI-02" and report.issued_by_id == manager.id


def test_issue_is_refused_while_the_public_address_is_loopback(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "EXTERNAL_URL", "http://127.0.0.1:5000")
    site = factories.site("MY", code="MY-CLI-03")
    args = ["report", "issue", "--scope", f"site:{site.code}", "--period", "2026-Q1"]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 1
    assert (
        "Reports cannot be issued while" in result.output
        and "OUTREACH_EXTERNAL_URL" in result.output
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IssuedReport)) == 0


def test_bad_arguments_get_a_clear_message(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["report", "build", "--scope", "country:MY", "--period", "2026-Q9", "-o", "x.pdf"]
    )
    assert result.exit_code != 0 and "is not a period" in result.output
    result = runner.invoke(
        args=["report", "build", "--scope", "country:XX", "--period", "2026", "-o", "x.pdf"]
    )
    assert result.exit_code != 0 and "no country with the code" in result.output
    result = runner.invoke(
        args=[
            "report",
            "build",
            "--scope",
            "portfolio",
            "--period",
            "2026",
            "--lang",
            "en,fr",
            "-o",
            "x.pdf",
        ]
    )
    assert result.exit_code != 0 and "--lang takes one or two of" in result.output
