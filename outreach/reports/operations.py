"""Issuing impact reports: render, freeze and archive a numbered, verifiable version."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import secrets

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from outreach.auth.models import User
from outreach.core import audit, events
from outreach.core.urls import is_loopback_url
from outreach.extensions import db
from outreach.reports.data import ReportData
from outreach.reports.models import IssuedReport
from outreach.reports.render import render_report_pdf
from outreach.reports.xlsx import build_workbook

log = logging.getLogger(__name__)

#: no 0/O, 1/I/L: a code read aloud or typed from paper stays unambiguous
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 31**10 ≈ 8·10^14 codes: not guessable by trying


def new_verification_code() -> str:
    """An unused random verification code."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        taken = db.session.scalar(
            sa.select(IssuedReport.id).where(IssuedReport.verification_code == code)
        )
        if taken is None:
            return code


def next_version(data: ReportData) -> int:
    latest = db.session.scalar(
        sa.select(sa.func.max(IssuedReport.version)).where(
            IssuedReport.scope_kind == data.scope.kind,
            IssuedReport.scope_key == data.scope.key,
            IssuedReport.period_label == data.period.label,
            IssuedReport.languages == ",".join(data.languages),
        )
    )
    return (latest or 0) + 1


class NotIssuable(Exception):
    """The report may be previewed as a draft but not issued (the message says why)."""


def check_issuable() -> None:
    """Refuse to issue while ``EXTERNAL_URL`` is a loopback address: the verification link and
    QR code printed on the report would lead a partner nowhere."""
    if is_loopback_url(current_app.config.get("EXTERNAL_URL")):
        raise NotIssuable(
            _l(
                "Reports cannot be issued while the public address OUTREACH_EXTERNAL_URL is "
                "%(url)s, which partners cannot open from the report's QR code. Drafts can "
                "still be previewed.",
                url=current_app.config.get("EXTERNAL_URL") or "—",
            )
        )


def issue_report(data: ReportData, issuer: User | None) -> IssuedReport:
    """Render the report for good, archive the PDF and its workbook, and return the record.

    Issuing the same scope, period and languages again adds a new version; an issued report is
    never changed."""
    check_issuable()
    data = dataclasses.replace(
        data, verification_code=new_verification_code(), version=next_version(data)
    )
    pdf = render_report_pdf(data, draft=False)
    report = IssuedReport(
        scope_kind=data.scope.kind,
        scope_key=data.scope.key,
        scope_name=data.scope.name,
        country_code=data.scope.country_code or None,
        period_start=data.period.start,
        period_end=data.period.end,
        period_label=data.period.label,
        languages=",".join(data.languages),
        version=data.version,
        verification_code=data.verification_code,
        sha256=hashlib.sha256(pdf.content).hexdigest(),
        pdf=pdf.content,
        xlsx=build_workbook(data),
        page_count=pdf.pages,
        size_bytes=len(pdf.content),
        issued_by_id=issuer.id if issuer else None,
        issuer_name=data.issuer_name,
        issued_at=data.generated_at,
        executive_summary=data.executive_summary,
        highlights="\n".join(data.highlights),
        photo_captions=json.dumps(
            [
                {"attachment_id": p.attachment_id, "site_code": p.site_code, "caption": p.caption}
                for p in data.photos
            ],
            ensure_ascii=False,
        ),
    )
    db.session.add(report)
    db.session.flush()
    audit.record(
        "issue",
        "issued_report",
        report.id,
        summary=f"{report.scope_name} {report.period_label} v{report.version}",
        changes={"sha256": [None, report.sha256], "code": [None, report.verification_code]},
        user=issuer,
    )
    db.session.flush()
    events.report_issued.send(report)
    log.info("report %s issued (%s pages, %s bytes)", report.id, pdf.pages, len(pdf.content))
    return report
