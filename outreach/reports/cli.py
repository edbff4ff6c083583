"""``flask --app app report build|issue``: impact reports from the command line."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app

from outreach.auth.operations import find_user_by_email
from outreach.core.i18n import to_locale
from outreach.core.periods import PeriodError, parse_period_text
from outreach.core.permissions import can
from outreach.extensions import db
from outreach.reports import operations as ops
from outreach.reports.gather import gather_report_data
from outreach.reports.render import render_report_pdf
from outreach.reports.scope import ScopeError, parse_scope


@click.group("report")
def report() -> None:
    """Build or issue impact reports."""


def _options(command):
    command = click.option(
        "--scope", required=True, help="country:MY, site:<site code> or portfolio"
    )(command)
    command = click.option("--period", required=True, help="2026-Q3, 2026 or 2026-01..2026-06")(
        command
    )
    command = click.option(
        "--lang", "languages", default="en", show_default=True, help="one or two: en or en,zh"
    )(command)
    command = click.option(
        "--issuer", "issuer_email", help="e-mail of the manager or admin issuing it"
    )(command)
    return command


def _prepare(scope_text: str, period_text: str, languages_text: str, issuer_email: str | None):
    try:
        scope = parse_scope(scope_text)
        period = parse_period_text(period_text)
    except (ScopeError, PeriodError) as error:
        raise click.BadParameter(str(error)) from error
    languages = [to_locale(code.strip()) for code in languages_text.split(",") if code.strip()]
    known = current_app.config["REPORT_LANGUAGES"]
    if not 1 <= len(languages) <= 2 or any(code not in known for code in languages):
        raise click.BadParameter(f"--lang takes one or two of: {', '.join(known)}")
    issuer = None
    if issuer_email:
        issuer = find_user_by_email(issuer_email)
        if issuer is None or not can(issuer, "report.issue"):
            raise click.BadParameter(f"{issuer_email} is not a manager or admin account")
    return gather_report_data(scope, period, languages, issuer), issuer


@report.command("build")
@_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
def build(scope, period, languages, issuer_email, output) -> None:
    """Write a DRAFT report to a file (not archived)."""
    started = time.perf_counter()
    data, _issuer = _prepare(scope, period, languages, issuer_email)
    pdf = render_report_pdf(data, draft=True)
    Path(output).write_bytes(pdf.content)
    click.echo(
        f"{output}: draft, {pdf.pages} pages, {len(pdf.content)} bytes, "
        f"{time.perf_counter() - started:.2f} s"
    )


@report.command("issue")
@_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="also write the PDF here")
def issue(scope, period, languages, issuer_email, output) -> None:
    """Issue and archive a report; prints its verification code."""
    data, issuer = _prepare(scope, period, languages, issuer_email)
    try:
        issued = ops.issue_report(data, issuer)
    except ops.NotIssuable as refusal:
        raise click.ClickException(str(refusal)) from None
    db.session.commit()
    if output:
        Path(output).write_bytes(issued.pdf)
    click.echo(
        f"issued {issued.scope_name} {issued.period_label} version {issued.version}: "
        f"{issued.page_count} pages, {issued.size_bytes} bytes, sha256 {issued.sha256}"
    )
    click.echo(f"verification code: {issued.verification_code}")
