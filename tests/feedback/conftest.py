import pytest

from outreach.feedback.operations import ensure_default_categories


@pytest.fixture(autouse=True)
def default_categories(db):
    """The default categories the migration seeds (the test database is emptied per test)."""
    ensure_default_categories()
    db.session.commit()
