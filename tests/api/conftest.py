"""Fixtures of the API's tests: a personal access token for a new user of a role, and the
headers that send it."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach.auth import tokens
from outreach.extensions import db as _db
from tests import factories


def token_for(user, can_write: bool = True) -> str:
    """A new token of ``user`` (committed); the secret."""
    _token, secret = tokens.create_token(
        user, "test", can_write, dt.date.today() + dt.timedelta(days=30), user
    )
    _db.session.commit()
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def api_user(db):
    """A new user of ``role`` with a read-write token: (user, headers)."""

    def _make(role: str = "field", sites=(), countries=(), can_write: bool = True):
        user = factories.user(role=role, sites=sites, countries=countries)
        return user, bearer(token_for(user, can_write))

    return _make
