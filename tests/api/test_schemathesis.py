"""Schemathesis sends generated requests to every operation of /api/v1/openapi.json, on the
database the suite runs on (SQLite, or PostgreSQL in CI): no answer is a server error, every
status is one the document lists, and every body matches its schema and media type."""

from __future__ import annotations

import contextvars

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from tests import factories
from tests.api.conftest import bearer, token_for

#: examples per operation: enough to reach each branch of the input mapping, few enough that
#: the suite (run on both databases in CI) stays fast
EXAMPLES = 10

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def admin_token(db):
    """An admin's read-write token, with a site, an activity and a grievance to find."""
    admin = factories.user("admin")
    site = factories.site("MY")
    factories.activity(site, admin, kind="donation")
    factories.feedback(site, is_grievance=True)
    return bearer(token_for(admin))


def test_every_operation_answers_within_its_document(app, admin_token):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        def call(case):
            # its own context, as a real request has (tests/conftest.py IsolatedClient)
            # the in-process transport hands back the bytes as sent: ask for them uncompressed
            headers = {**admin_token, "Accept-Encoding": "identity"}
            contextvars.Context().run(case.call_and_validate, headers=headers, checks=CHECKS)

        call()
