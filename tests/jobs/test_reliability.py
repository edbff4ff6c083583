"""Real RQ workers on a Redis of the test's own: a worker killed with ``kill -9`` mid-job, and
Redis killed and restarted, with and without its append-only file.

What RQ promises: a job is in Redis once ``enqueue`` returns, and survives a Redis restart only
as far as Redis persists it (``appendonly yes``; ``appendfsync always`` loses nothing
acknowledged, ``everysec`` up to a second). A job whose worker dies is left in the started
registry and is not run again by RQ itself. Outreach adds the job table: a job is owed until
it is done there, and the scheduler hands it out again whatever Redis remembers.
"""

from __future__ import annotations

import signal
from pathlib import Path

import redis
import sqlalchemy as sa

from outreach.jobs import Job, JobStatus, enqueue
from tests.jobs.workers import wait_for


def _status(db, job_id):
    db.session.commit()  # a fresh snapshot: what the workers committed since
    return db.session.get(Job, job_id).status


def _all_done(db, ids):
    db.session.commit()
    statuses = db.session.scalars(sa.select(Job.status).where(Job.id.in_(ids))).all()
    return all(s == JobStatus.DONE for s in statuses)


def _queue_to_redis(app, monkeypatch, url):
    monkeypatch.setitem(app.config, "JOBS_MODE", "rq")
    monkeypatch.setitem(app.config, "JOBS_REDIS_URL", url)


def test_a_job_whose_worker_is_killed_runs_again_and_mails_once(
    db, app, smtp, tmp_path, redis_server, worker_processes, monkeypatch
):
    server = redis_server()
    _queue_to_redis(app, monkeypatch, server.url)
    marker = tmp_path / "started"
    job = enqueue("tests.jobs.tasks:slow_greet", "ed@example.org", str(marker), 60)
    db.session.commit()

    first = worker_processes(server.url, JOBS_LEASE_SECONDS=2)
    wait_for(marker.exists, what="the job to start")
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert _status(db, job.id) == JobStatus.RUNNING
    assert smtp.to("ed@example.org") == []

    worker_processes(server.url, JOBS_LEASE_SECONDS=2)
    wait_for(lambda: _status(db, job.id) == JobStatus.DONE, what="the job to run again")
    wait_for(lambda: smtp.to("ed@example.org"), what="the message")
    db.session.commit()
    assert db.session.get(Job, job.id).attempts == 2
    assert len(smtp.to("ed@example.org")) == 1


def test_jobs_acknowledged_before_a_redis_crash_survive_in_its_append_only_file(
    db, app, tmp_path, redis_server, worker_processes, monkeypatch
):
    server = redis_server(persistent=True)
    _queue_to_redis(app, monkeypatch, server.url)
    counter = tmp_path / "runs"
    ids = [enqueue("tests.jobs.tasks:flaky", str(counter), 0).id for _ in range(20)]
    db.session.commit()
    assert redis.Redis(port=server.port).llen("rq:queue:outreach") == 20

    server.kill()
    server.start()  # the same port and folder: Redis replays its append-only file
    assert redis.Redis(port=server.port).llen("rq:queue:outreach") == 20

    # no scheduler: only what Redis kept is run
    worker = worker_processes(server.url, "--burst", "--no-scheduler")
    assert worker.wait(120) == 0
    assert _all_done(db, ids)
    assert counter.read_text() == "20"


def test_jobs_lost_with_a_redis_without_persistence_are_handed_out_again(
    db, app, tmp_path, redis_server, worker_processes, monkeypatch
):
    server = redis_server(persistent=False)
    _queue_to_redis(app, monkeypatch, server.url)
    counter = tmp_path / "runs"
    ids = [enqueue("tests.jobs.tasks:flaky", str(counter), 0).id for _ in range(20)]
    db.session.commit()

    server.kill()
    server.start()
    assert redis.Redis(port=server.port).llen("rq:queue:outreach") == 0

    worker = worker_processes(server.url, "--burst", JOBS_REDISPATCH_SECONDS=0)
    assert worker.wait(120) == 0
    assert _all_done(db, ids)
    assert Path(counter).read_text() == "20"
