"""Idempotency-Key: a repeated POST answers the first result and writes nothing twice, also
when sixteen retries arrive at once on a real server (SQLite or PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
import threading
import urllib.error
import urllib.request

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from outreach.activities.models import Activity, Commitment
from outreach.core.db import utcnow
from outreach.core.idempotency import RETENTION, IdempotencyKey
from outreach.extensions import db as _db
from outreach.jobs import JobStatus, enqueue
from outreach.jobs.scheduler import PERIODIC
from tests import factories
from tests.foundation.helpers import row_counts

YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()


def consultation(site) -> dict:
    return {
        "kind": "consultation",
        "site_id": site.id,
        "activity_date": YESTERDAY,
        "title": "Blasting schedule meeting",
        "motivation": "community_investment",
        "cause": "infrastructure",
        "consultation_format": "town_hall",
        "topic": "Blasting schedule",
        "participants": 50,
        "commitments": [{"description": "Warn a day ahead", "owner": "HSE", "due_date": YESTERDAY}],
    }


@pytest.fixture
def site(db):
    return factories.site("MY")


def test_a_repeat_answers_the_first_result_and_writes_nothing(client, api_user, site):
    _user, headers = api_user("field", sites=[site])
    headers = {**headers, "Idempotency-Key": "entry-1"}
    first = client.post("/api/v1/activities", json=consultation(site), headers=headers)
    assert first.status_code == 201
    counts = row_counts()
    again = client.post("/api/v1/activities", json=consultation(site), headers=headers)
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert again.headers["Location"] == first.headers["Location"]
    assert row_counts() == counts


def test_the_same_key_with_another_body_is_refused(client, api_user, site):
    _user, headers = api_user("field", sites=[site])
    headers = {**headers, "Idempotency-Key": "entry-2"}
    client.post("/api/v1/activities", json=consultation(site), headers=headers)
    counts = row_counts()
    other = {**consultation(site), "participants": 60}
    refused = client.post("/api/v1/activities", json=other, headers=headers)
    assert refused.status_code == 422
    assert refused.mimetype == "application/problem+json"
    assert row_counts() == counts


def test_keys_of_different_users_never_meet(client, api_user, site):
    _a, headers_a = api_user("field", sites=[site])
    _b, headers_b = api_user("field", sites=[site])
    for headers in (headers_a, headers_b):
        response = client.post(
            "/api/v1/activities",
            json=consultation(site),
            headers={**headers, "Idempotency-Key": "same"},
        )
        assert response.status_code == 201
        assert "Idempotent-Replayed" not in response.headers
    assert _db.session.scalar(sa.select(sa.func.count(Activity.id))) == 2


def test_a_refused_request_keeps_no_answer(client, api_user, site):
    _user, headers = api_user("field", sites=[site])
    headers = {**headers, "Idempotency-Key": "entry-3"}
    wrong = {**consultation(site), "topic": ""}
    assert client.post("/api/v1/activities", json=wrong, headers=headers).status_code == 422
    fixed = client.post("/api/v1/activities", json=consultation(site), headers=headers)
    assert fixed.status_code == 201


def test_a_key_longer_than_255_characters_is_refused(client, api_user, site):
    _user, headers = api_user("field", sites=[site])
    headers = {**headers, "Idempotency-Key": "k" * 256}
    response = client.post("/api/v1/activities", json=consultation(site), headers=headers)
    assert response.status_code == 400


@pytest.fixture
def server(app, db):
    """The app served over HTTP by a threaded server, as a client's retries reach it."""
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join()


def _post(url: str, body: dict, headers: dict) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 - the local test server
        url,
        data=json.dumps(body).encode(),
        headers={**headers, "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - local
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_sixteen_concurrent_retries_create_one_record(server, api_user, site):
    _user, headers = api_user("field", sites=[site])
    headers = {**headers, "Idempotency-Key": "flaky-network-1"}
    body = consultation(site)
    _db.session.commit()
    start = threading.Barrier(16)
    answers: list[tuple[int, dict]] = []

    def retry():
        start.wait()
        answers.append(_post(f"{server}/api/v1/activities", body, headers))

    threads = [threading.Thread(target=retry) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _db.session.rollback()  # read what the server committed
    assert _db.session.scalar(sa.select(sa.func.count(Activity.id))) == 1
    assert _db.session.scalar(sa.select(sa.func.count(Commitment.id))) == 1
    created = [data for status, data in answers if status == 201]
    retry_later = [status for status, _data in answers if status == 409]
    assert len(created) + len(retry_later) == 16
    assert created and {data["id"] for data in created} == {created[0]["id"]}


def test_the_scheduled_job_forgets_keys_older_than_a_day(db):
    user = factories.user("field")
    now = utcnow()
    for key, age in (
        ("yesterday's", RETENTION + dt.timedelta(minutes=1)),
        ("fresh", dt.timedelta()),
    ):
        _db.session.add(
            IdempotencyKey(user_id=user.id, key=key, fingerprint="0" * 64, created_at=now - age)
        )
    _db.session.commit()
    job = PERIODIC["api.forget_idempotency_keys"]
    assert job.every <= RETENTION  # a key is kept at most a period past its day
    run = enqueue(job.func)
    _db.session.commit()  # the test app runs a job as its transaction commits
    _db.session.refresh(run)
    assert run.status == JobStatus.DONE
    assert _db.session.scalars(sa.select(IdempotencyKey.key)).all() == ["fresh"]
