"""Fixtures of the activity tests."""

import pytest

from outreach.activities.kinds import ActivityState
from tests import factories


@pytest.fixture
def draft(db, client, login_as):
    """A draft entry of a field officer, who is signed in."""
    site = factories.site()
    officer = login_as("field", sites=[site])
    return factories.activity(site, officer, state=ActivityState.DRAFT)
