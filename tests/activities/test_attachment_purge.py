"""Removing a file from an entry keeps it (audited, no longer listed nor served) until the
purge deletes it after the retention period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

from outreach.activities.models import ActivityAttachment
from outreach.core.audit import AuditEvent
from outreach.core.db import utcnow
from outreach.extensions import db
from tests.activities.test_uploads import _upload, jpeg_bytes


def _attach_and_remove(client, draft, name: str) -> ActivityAttachment:
    _upload(client, draft, jpeg_bytes(), name)
    attachment = _attachment(name)
    base = f"/activities/{draft.id}/attachments/{attachment.id}"
    assert client.post(f"{base}/delete").status_code == 302
    return attachment


def _attachment(name: str) -> ActivityAttachment | None:
    return db.session.scalar(
        sa.select(ActivityAttachment).where(ActivityAttachment.original_name == name)
    )


def _files(app, attachment) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return [folder / attachment.stored_name, folder / attachment.thumbnail_name]


def test_a_removed_file_is_kept_but_neither_listed_nor_served(client, app, db, draft):
    attachment = _attach_and_remove(client, draft, "receipt-photo.jpg")
    db.session.refresh(attachment)
    assert attachment.is_deleted and attachment.deleted_at is not None
    assert all(path.exists() for path in _files(app, attachment))
    assert "receipt-photo.jpg" not in client.get(f"/activities/{draft.id}").get_data(as_text=True)
    base = f"/activities/{draft.id}/attachments/{attachment.id}"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/preview").status_code == 404
    detach = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "detach")).one()
    assert "receipt-photo.jpg" in detach.summary


def test_the_purge_deletes_files_removed_longer_ago_than_the_retention(
    client, app, db, draft, monkeypatch
):
    old = _attach_and_remove(client, draft, "old.jpg")
    recent = _attach_and_remove(client, draft, "recent.jpg")
    db.session.execute(
        sa.update(ActivityAttachment)
        .where(ActivityAttachment.id == old.id)
        .values(deleted_at=utcnow() - dt.timedelta(days=31))
    )
    db.session.execute(
        sa.update(ActivityAttachment)
        .where(ActivityAttachment.id == recent.id)
        .values(deleted_at=utcnow() - dt.timedelta(days=29))
    )
    db.session.commit()
    old_files, recent_files = _files(app, old), _files(app, recent)

    result = app.test_cli_runner().invoke(args=["uploads", "purge"])
    assert result.exit_code == 0 and "1 files removed more than 30 days ago" in result.output
    assert not any(path.exists() for path in old_files)
    assert all(path.exists() for path in recent_files)
    db.session.expire_all()
    assert _attachment("old.jpg") is None and _attachment("recent.jpg") is not None
    purge = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "purge")).one()
    assert "old.jpg" in str(purge.changes)

    monkeypatch.setitem(app.config, "ATTACHMENT_RETENTION_DAYS", 7)
    app.test_cli_runner().invoke(args=["uploads", "purge"])
    assert not any(path.exists() for path in recent_files)
