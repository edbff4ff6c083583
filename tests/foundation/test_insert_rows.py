"""The bulk-insert path (``core.db.insert_rows``) stores what an ordinary INSERT stores, and
fails as one does."""

import datetime as dt

import pytest
import sqlalchemy as sa

from outreach.core.audit import AuditEvent
from outreach.core.db import insert_rows

NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
#: values that Python finds equal but that are stored differently
CHANGES = [{"v": 1}, {"v": True}, {"v": 1.5}, {"v": [1, 2]}, {"v": [True, 2.0]}, None]


def _rows(first_id: int, summary: str) -> list[dict]:
    return [
        {
            "id": first_id + n,
            "created_at": NOW + dt.timedelta(hours=n % 2),
            "action": "import",
            "object_type": "test",
            "object_id": str(n),
            "summary": summary,
            "changes": changes,
            "user_id": None,
            "ip": None,
        }
        for n, changes in enumerate(CHANGES)
    ]


def _stored(db, summary: str) -> list[tuple]:
    table = AuditEvent.__table__
    stmt = (
        sa.select(table.c.object_id, table.c.created_at, table.c.changes)
        .where(table.c.summary == summary)
        .order_by(table.c.id)
    )
    return [tuple(r) for r in db.session.execute(stmt)]


def test_bulk_rows_are_stored_as_an_ordinary_insert_stores_them(db):
    db.session.execute(AuditEvent.__table__.insert(), _rows(900_000, "ordinary"))
    insert_rows(db.session, AuditEvent.__table__, _rows(900_100, "bulk"))
    db.session.commit()
    ordinary, bulk = _stored(db, "ordinary"), _stored(db, "bulk")
    assert bulk == ordinary
    assert [changes for _id, _at, changes in bulk][:2] == [{"v": 1}, {"v": True}]
    assert {at for _id, at, _changes in bulk} == {NOW, NOW + dt.timedelta(hours=1)}


def test_a_bulk_insert_that_breaks_a_constraint_fails_as_an_insert_does(db):
    insert_rows(db.session, AuditEvent.__table__, _rows(900_200, "first"))
    with pytest.raises(sa.exc.IntegrityError):
        insert_rows(db.session, AuditEvent.__table__, _rows(900_200, "again"))
    db.session.rollback()


def test_a_column_with_a_default_must_be_given(db):
    rows = [{k: v for k, v in row.items() if k != "created_at"} for row in _rows(1, "x")]
    with pytest.raises(ValueError, match="created_at"):
        insert_rows(db.session, AuditEvent.__table__, rows)
