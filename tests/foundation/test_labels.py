"""One label registry: every fixed choice stored in the database has a label for people, and
pages, charts and reports read it from the registry."""

from __future__ import annotations

import sqlalchemy as sa

from outreach.activities.kinds import Cause
from outreach.core.labels import label, registered
from outreach.extensions import db


def test_every_enum_column_has_its_labels_registered(app):
    stored = {
        column.type.enum_class
        for table in db.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, sa.Enum) and column.type.enum_class is not None
    }
    assert stored
    assert stored - set(registered()) == set()


def test_a_label_follows_the_language(app):
    with app.test_request_context(headers={"Accept-Language": "id"}):
        assert label(Cause.EDUCATION) == "Pendidikan"
    with app.test_request_context():
        assert label(Cause.EDUCATION) == "Education"
        assert label(None) == ""
