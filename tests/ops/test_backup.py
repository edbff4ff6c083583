"""Backups taken while the app keeps writing are consistent, and restore brings them back.

Runs on the test database: SQLite (online backup API) or PostgreSQL (pg_dump / pg_restore).
"""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from outreach.core import audit
from outreach.core.audit import AuditEvent

WRITER_LIMIT = 20_000  # the writer stops here even if the test never tells it to


class Writer(threading.Thread):
    """Keeps adding numbered audit events through the app, one commit each."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app = app
        self.stop = threading.Event()
        self.committed = 0
        self.progress = threading.Condition()
        self.error: BaseException | None = None

    def run(self):
        try:
            with self.app.app_context():
                for n in range(WRITER_LIMIT):
                    if self.stop.is_set():
                        break
                    audit.record("backup_test", "test", n, summary=f"event {n}")
                    audit.db.session.commit()
                    with self.progress:
                        self.committed = n + 1
                        self.progress.notify_all()
        except BaseException as error:  # reported by the test
            self.error = error
        finally:
            with self.progress:
                self.stop.set()
                self.progress.notify_all()

    def wait_for(self, count: int) -> None:
        with self.progress:
            self.progress.wait_for(lambda: self.committed >= count or self.stop.is_set())
        assert self.error is None, self.error
        assert self.committed >= count

    def finish(self) -> None:
        self.stop.set()
        self.join(timeout=60)
        assert self.error is None, self.error


def _numbers(db) -> list[int]:
    ids = db.session.scalars(
        sa.select(AuditEvent.object_id).where(AuditEvent.action == "backup_test")
    )
    return sorted(int(i) for i in ids)


@pytest.fixture
def backup_tools(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") and not (
        shutil.which("pg_dump") and shutil.which("pg_restore")
    ):
        pytest.skip("pg_dump / pg_restore are not installed")


def test_backup_while_writing_is_consistent_and_restores(app, db, tmp_path, backup_tools):
    runner = app.test_cli_runner()
    target = tmp_path / "snapshot.backup"
    writer = Writer(app)
    writer.start()
    try:
        writer.wait_for(20)
        before = writer.committed
        result = runner.invoke(args=["backup", "create", "-o", str(target)])
        assert result.exit_code == 0, result.output
        after = writer.committed
        writer.wait_for(after + 20)  # writes go on after the snapshot
    finally:
        writer.finish()
    written = _numbers(db)
    assert written == list(range(writer.committed))

    result = runner.invoke(args=["backup", "restore", "--yes", str(target)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    restored = _numbers(db)
    # The snapshot holds every event committed before some moment during the backup, and
    # none after it: a prefix of the sequence, never a gap.
    assert before <= len(restored) <= after
    assert restored == list(range(len(restored)))
    assert len(restored) < len(written)


def test_backup_goes_to_instance_backups_by_default(app, db, backup_tools):
    result = app.test_cli_runner().invoke(args=["backup", "create"])
    assert result.exit_code == 0, result.output
    path = Path(result.output.split("backup written to ", 1)[1].split(" (", 1)[0])
    try:
        assert path.parent == Path(app.instance_path) / "backups"
        assert re.fullmatch(r"outreach-\d{8}T\d{6}Z\.(sqlite3|pgdump)", path.name)
        assert path.stat().st_mode & 0o077 == 0  # readable by its owner only
    finally:
        path.unlink()


def test_restore_refuses_a_file_that_is_not_a_backup(app, db, tmp_path):
    audit.record("backup_test", "test", 0, summary="kept")
    db.session.commit()
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    result = app.test_cli_runner().invoke(args=["backup", "restore", "--yes", str(junk)])
    assert result.exit_code != 0
    assert "is not a" in result.output
    assert _numbers(db) == [0]
