import pytest
import sqlalchemy as sa

from outreach.feedback.operations import ensure_default_categories
from tests.receiver import receiver  # noqa: F401


@pytest.fixture(autouse=True)
def default_categories(db):
    ensure_default_categories()
    db.session.commit()


@pytest.fixture
def mails(db):
    """The e-mails queued so far (the sent-mail table), oldest first."""
    from outreach.mail.models import SentMail

    def _mails(to: str | None = None):
        stmt = sa.select(SentMail).order_by(SentMail.id)
        if to:
            stmt = stmt.where(SentMail.to_address == to)
        return list(db.session.scalars(stmt))

    return _mails
