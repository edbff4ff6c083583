"""Schemathesis sends generated requests to every operation of /api/v1/openapi.json, on the
database the suite runs on (SQLite, or PostgreSQL in CI): no answer is a server error, every
status is one the document lists, and every body matches its schema and media type. Then it
chains calls statefully, following the links it infers from the document (an id in one answer
is the path parameter of the next call: create an activity, read it, act on it, submit it)."""

from __future__ import annotations

import contextvars

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.stateful import run_state_machine_as_test
from schemathesis import checks

from tests import factories
from tests.api.conftest import bearer, token_for

#: sequences of calls the stateful run tries, and the longest sequence
SEQUENCES = 40
STEPS = 6

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


def test_chained_calls_answer_within_the_document(app, admin_token):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    machine = schema.as_state_machine()
    # Schemathesis infers the links from the document's schemas and path parameters: a
    # created record's id feeds the calls on that record
    created = [name for name in dir(machine) if name.startswith("POST_api_v1_activities___201_")]
    assert any("_submit" in name for name in created)
    calls = []

    class Workflow(machine):
        def call(self, case, **kwargs):
            # the caller is the admin's token, whatever credentials were generated
            generated = {
                k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"
            }
            headers = {**generated, **admin_token, "Accept-Encoding": "identity"}
            response = contextvars.Context().run(case.call, headers=headers)
            calls.append((case.method, case.path, response.status_code))
            return response

        def validate_response(self, response, case, **kwargs):
            case.validate_response(response, checks=CHECKS)

    run_state_machine_as_test(
        Workflow,
        settings=settings(
            max_examples=SEQUENCES,
            stateful_step_count=STEPS,
            # the same sequences on every run: a chain that reaches a record does so each time
            derandomize=True,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    # the run went past single calls: a record was called on by the id an earlier answer gave
    # (random ids are refused as unknown)
    assert any("{" in path and status == 200 for _method, path, status in calls)
