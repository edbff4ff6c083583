"""Issuing: frozen bytes, versions, verification codes, and the public check."""

from __future__ import annotations

import hashlib
import io

import openpyxl
import pytest
import sqlalchemy as sa

from outreach.core.audit import AuditEvent
from outreach.reports import operations as ops
from outreach.reports import queries
from outreach.reports.models import IssuedReport
from tests import factories
from tests.reports.pdftext import text_of
from tests.reports.sample_data import report_data


@pytest.fixture
def manager(db):
    return factories.user(role="manager", countries=["MY"], name="Aminah Rahman")


def test_issuing_archives_the_pdf_with_its_digest_and_code(db, manager):
    report = ops.issue_report(report_data(), manager)
    db.session.commit()
    assert report.version == 1
    assert len(report.verification_code) == 10
    assert set(report.verification_code) <= set(ops.CODE_ALPHABET)
    assert report.sha256 == hashlib.sha256(report.pdf).hexdigest()
    assert report.size_bytes == len(report.pdf) and report.page_count >= 5
    assert report.verification_code in text_of(report.pdf)
    book = openpyxl.load_workbook(io.BytesIO(report.xlsx))
    assert book["Sites"]["A2"].value == "MY-T000"
    facts = dict(book["Report"].iter_rows(min_row=2, values_only=True))
    assert facts["Reporting period"] == "Q3 2026"
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "issue"))
    assert event.user_id == manager.id and event.object_id == str(report.id)


def test_reissuing_makes_a_new_version_and_never_changes_the_first(db, manager):
    first = ops.issue_report(report_data(), manager)
    db.session.commit()
    first_id, first_bytes, first_sha = first.id, first.pdf, first.sha256
    second = ops.issue_report(report_data(), manager)
    db.session.commit()
    assert second.version == 2 and second.id != first_id
    assert second.verification_code != first.verification_code
    db.session.expire_all()
    again = db.session.get(IssuedReport, first_id)
    assert again.pdf == first_bytes and again.sha256 == first_sha and again.version == 1


def test_an_issued_report_cannot_be_updated(db):
    report = factories.issued_report()
    report.pdf = b"%PDF forged"
    with pytest.raises(ValueError, match="immutable"):
        db.session.commit()
    db.session.rollback()


def test_a_different_language_set_is_its_own_series(db, manager):
    ops.issue_report(report_data(), manager)
    bilingual = ops.issue_report(report_data(languages=("en", "zh_Hans")), manager)
    assert bilingual.version == 1 and bilingual.languages == "en,zh_Hans"


def test_original_verifies_a_changed_copy_does_not_and_unknown_codes_say_so(db):
    original = b"%PDF-1.7 the original report bytes"
    report = factories.issued_report(pdf=original)
    code = report.verification_code
    assert queries.verify(code, content=original).original is True
    assert queries.verify("", content=original).report.id == report.id
    tampered = bytearray(original)
    tampered[-3] ^= 0x01
    result = queries.verify(code, content=bytes(tampered))
    assert result.original is False and result.report.id == report.id
    assert queries.verify("", content=bytes(tampered)) == queries.Verification(None, False)
    assert queries.verify("NOSUCHCODE").report is None
    assert queries.verify(code, digest=report.sha256.upper().lower()).original is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A" * 64, "a" * 64),
        (" " + "AB" * 32 + "\n", "ab" * 32),
        ("xyz", None),
        ("g" * 64, None),
    ],
)
def test_pasted_fingerprints_are_normalised(text, expected):
    assert queries.normalise_sha256(text) == expected
