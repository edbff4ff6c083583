"""Issued impact reports: frozen, verifiable copies of every report given to a partner."""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.core.db import UTCDateTime, enum_column, utcnow
from outreach.extensions import db
from outreach.reports.scope import ScopeKind


class IssuedReport(db.Model):
    """Never updated after it is written: issuing the same report again adds a new version."""

    __tablename__ = "issued_reports"
    __table_args__ = (
        sa.UniqueConstraint(
            "scope_kind",
            "scope_key",
            "period_label",
            "languages",
            "version",
            name="uq_issued_reports_version",
        ),
        sa.Index("ix_issued_reports_scope", "scope_kind", "scope_key", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: what the report covers: a site, a country or the whole portfolio
    scope_kind: Mapped[ScopeKind] = mapped_column(enum_column(ScopeKind), nullable=False)
    #: the site code or country code covered; empty for the portfolio
    scope_key: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="")
    #: the scope's name as printed on the cover
    scope_name: Mapped[str] = mapped_column(sa.String(250), nullable=False)
    #: the country whose partners may download it; empty for the portfolio
    country_code: Mapped[str | None] = mapped_column(sa.ForeignKey("countries.code"), index=True)
    #: first day of the reporting period
    period_start: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    #: last day of the reporting period
    period_end: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    #: the period as written on the report: "2026-Q3", "2026", "2026-01..2026-06"
    period_label: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    #: the report's languages, comma-separated, the main one first ("en,zh")
    languages: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    #: 1 for the first issue of this scope, period and languages; re-issuing adds one
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    #: short code printed on the report and used on the public verification page
    verification_code: Mapped[str] = mapped_column(sa.String(16), unique=True, nullable=False)
    #: SHA-256 of the PDF, hexadecimal; a copy with another digest is not the original
    sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False, index=True)
    #: the PDF exactly as issued
    pdf: Mapped[bytes] = mapped_column(sa.LargeBinary, nullable=False, deferred=True)
    #: the report's tables as an Excel workbook
    xlsx: Mapped[bytes] = mapped_column(sa.LargeBinary, nullable=False, deferred=True)
    #: number of pages of the PDF
    page_count: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    #: size of the PDF in bytes
    size_bytes: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    #: who issued it
    issued_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: the issuer's name as printed on the cover (kept if the account goes)
    issuer_name: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    #: when it was issued (UTC)
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: the executive summary the manager wrote for this version, as printed
    executive_summary: Mapped[str] = mapped_column(
        sa.Text, nullable=False, default="", server_default=""
    )
    #: the highlights the manager wrote, one a line, as printed
    highlights: Mapped[str] = mapped_column(sa.Text, nullable=False, default="", server_default="")
    #: the photos the manager chose, as printed: a JSON list of {"attachment_id", "site_code",
    #: "caption"}, the captions in the manager's words
    photo_captions: Mapped[str] = mapped_column(
        sa.Text, nullable=False, default="[]", server_default="[]"
    )

    issued_by = relationship("User", lazy="joined")

    @property
    def photos(self) -> list[dict]:
        """The printed photos' captions and sites, in order."""
        return json.loads(self.photo_captions or "[]")

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def filename_stem(self) -> str:
        key = f"-{self.scope_key}" if self.scope_key else ""
        label = self.period_label.replace("..", "_")
        languages = self.languages.replace(",", "-")
        return f"impact-report-{self.scope_kind}{key}-{label}-{languages}-v{self.version}"


@sa.event.listens_for(IssuedReport, "before_update")
def _refuse_update(mapper, connection, target: IssuedReport) -> None:
    raise ValueError("an issued report is immutable; issue a new version instead")
