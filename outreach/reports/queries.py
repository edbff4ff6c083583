"""Reads about issued reports: the archive a user may see, and public verification."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort

from outreach.auth.models import User
from outreach.core.permissions import can, in_country_scope
from outreach.extensions import db
from outreach.reports.models import IssuedReport

SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


def archive_stmt(user: User, country: str = "") -> sa.Select:
    """Issued reports the user may read, newest first: admins all; managers and partners
    those about their countries (portfolio reports only for admins)."""
    stmt = sa.select(IssuedReport).order_by(
        IssuedReport.period_start.desc(), IssuedReport.issued_at.desc()
    )
    stmt = stmt.where(in_country_scope(user, IssuedReport.country_code, "report.view"))
    if country:
        stmt = stmt.where(IssuedReport.country_code == country)
    return stmt


def get_report_or_404(report_id: int, user: User) -> IssuedReport:
    """An issued report the user may read, or 404 whether it exists or not."""
    report = db.session.get(IssuedReport, report_id)
    if report is None or not can(user, "report.view", report):
        abort(404)
    return report


def versions_of(report: IssuedReport, user: User) -> list[IssuedReport]:
    """Every issued version of the same scope, period and languages that the user may read."""
    stmt = archive_stmt(user).where(
        IssuedReport.scope_kind == report.scope_kind,
        IssuedReport.scope_key == report.scope_key,
        IssuedReport.period_label == report.period_label,
        IssuedReport.languages == report.languages,
    )
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class Verification:
    """What the public verification page says."""

    report: IssuedReport | None  # the report the code or digest names, if any
    original: (
        bool | None
    )  # True: the file/digest is the original; False: it is not; None: not checked


def find_by_code(code: str) -> IssuedReport | None:
    code = (code or "").strip().upper()[:16]
    if not code:
        return None
    return db.session.scalar(sa.select(IssuedReport).where(IssuedReport.verification_code == code))


def find_by_sha256(digest: str) -> IssuedReport | None:
    return db.session.scalar(
        sa.select(IssuedReport).where(IssuedReport.sha256 == digest).order_by(IssuedReport.id)
    )


def normalise_sha256(text: str) -> str | None:
    """A pasted SHA-256 in lower-case hexadecimal, or None when it is not one."""
    digest = re.sub(r"\s+", "", text or "").lower()
    return digest if SHA256_HEX.match(digest) else None


def verify(code: str = "", content: bytes | None = None, digest: str | None = None) -> Verification:
    """Is this file (or digest) an original issued report — the one named by ``code`` if given?"""
    named = find_by_code(code) if code else None
    if content is not None:
        digest = hashlib.sha256(content).hexdigest()
    if digest is None:
        return Verification(named, None)
    if named is not None:
        return Verification(named, named.sha256 == digest)
    found = find_by_sha256(digest)
    return Verification(found, found is not None)
