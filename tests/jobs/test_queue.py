"""Jobs run once their transaction commits, once per key, and again after a failure."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from outreach.core.db import utcnow
from outreach.jobs import Job, JobStatus, enqueue, periodic
from outreach.jobs.backends import run_now
from outreach.jobs.scheduler import PERIODIC, tick
from outreach.mail import SentMail


def _runs(path: Path) -> int:
    return int(path.read_text()) if path.exists() else 0


def test_a_job_runs_once_its_transaction_commits(db, tmp_path, smtp):
    counter = tmp_path / "runs"
    job = enqueue("tests.jobs.tasks:greet", "ana@example.org", str(counter))
    assert _runs(counter) == 0
    db.session.commit()
    assert _runs(counter) == 1
    db.session.refresh(job)
    assert job.status == JobStatus.DONE
    assert [m["Subject"] for m in smtp.to("ana@example.org")] == ["Hello"]


def test_a_job_enqueued_in_a_transaction_that_rolls_back_never_runs(db, tmp_path):
    counter = tmp_path / "runs"
    enqueue("tests.jobs.tasks:greet", "ana@example.org", str(counter))
    db.session.rollback()
    db.session.commit()
    assert _runs(counter) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0


def test_a_key_already_enqueued_is_not_run_again(db, tmp_path):
    counter = tmp_path / "runs"
    first = enqueue("tests.jobs.tasks:greet", "ana@example.org", str(counter), key="k1")
    db.session.commit()
    again = enqueue("tests.jobs.tasks:greet", "ana@example.org", str(counter), key="k1")
    db.session.commit()
    assert again.id == first.id
    assert _runs(counter) == 1


def test_a_failing_job_is_retried_after_a_growing_wait_then_shown_as_failed(db, tmp_path, app):
    counter = tmp_path / "runs"
    job = enqueue("tests.jobs.tasks:flaky", str(counter), 99)
    db.session.commit()
    db.session.refresh(job)
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 1)
    assert "failure number 1" in job.error
    waits = [job.run_after - utcnow()]
    assert tick() == []  # not yet due
    for _ in range(job.max_attempts - 1):
        due = db.session.get(Job, job.id).run_after + timedelta(seconds=1)
        run_now(app, tick(now=due), now=due)
        db.session.expire_all()
        job = db.session.get(Job, job.id)
        if job.status == JobStatus.QUEUED:
            waits.append(job.run_after - due)
    assert job.status == JobStatus.FAILED
    assert _runs(counter) == job.max_attempts
    assert all(later > earlier for earlier, later in zip(waits, waits[1:], strict=False))


def test_a_job_that_recovers_is_done(db, tmp_path, app):
    counter = tmp_path / "runs"
    job = enqueue("tests.jobs.tasks:flaky", str(counter), 1)
    db.session.commit()
    later = utcnow() + timedelta(hours=1)
    run_now(app, tick(now=later), now=later)
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert (job.status, job.result) == (JobStatus.DONE, "2")


def test_a_job_whose_worker_died_runs_again_after_its_lease(db, tmp_path, app, smtp):
    counter = tmp_path / "runs"
    job = enqueue("tests.jobs.tasks:greet", "bo@example.org", str(counter))
    db.session.flush()
    # as a worker killed mid-job leaves it: claimed, lease running, nothing of its work saved
    job.status = JobStatus.RUNNING
    job.attempts = 1
    job.lease_until = utcnow() + timedelta(minutes=10)
    db.session.info.pop("outreach.jobs_pending")
    db.session.commit()
    assert tick() == []  # the lease has not passed: it may still be running
    later = utcnow() + timedelta(minutes=11)
    run_now(app, tick(now=later), now=later)
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == JobStatus.DONE
    assert len(smtp.to("bo@example.org")) == 1


def test_a_periodic_job_is_enqueued_once_per_period(db, tmp_path, app):
    @periodic("test.hourly", every=timedelta(hours=1))
    def hourly():
        return None

    try:
        hourly.__module__ = __name__
        now = utcnow().replace(minute=5)
        tick(now=now)
        tick(now=now + timedelta(minutes=30))
        tick(now=now + timedelta(hours=1))
        keys = db.session.scalars(sa.select(Job.key).where(Job.key.like("periodic:test.hourly:%")))
        assert len(list(keys)) == 2
    finally:
        PERIODIC.pop("test.hourly")


def test_admins_see_failed_jobs_and_can_run_them_again(db, client, login_as, tmp_path, app):
    counter = tmp_path / "runs"
    job = enqueue("tests.jobs.tasks:flaky", str(counter), 1)
    db.session.flush()
    job.max_attempts = 1
    db.session.commit()
    login_as("admin")
    page = client.get("/admin/jobs/failed")
    assert page.status_code == 200
    assert b"tests.jobs.tasks:flaky" in page.data and b"failure number 1" in page.data
    response = client.post(f"/admin/jobs/{job.id}/retry")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == JobStatus.DONE


def test_only_admins_see_the_failed_jobs(db, client, login_as):
    login_as("manager")
    assert client.get("/admin/jobs/failed").status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SentMail)) == 0
