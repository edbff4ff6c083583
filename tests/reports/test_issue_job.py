"""A report on more than a few sites is issued by a job: the issuer gets a status page at once,
with progress, and the report once it is issued."""

from __future__ import annotations

import sqlalchemy as sa

from outreach.jobs import Job, JobStatus
from outreach.jobs.backends import run_now
from outreach.reports.models import IssuedReport
from tests import factories
from tests.reports.test_views import FORM

ISSUE = {**FORM, "confirmed": "yes"}


def _no_worker(app, job_ids):
    """No worker comes: the jobs wait."""


def _sites(n: int) -> list:
    return [factories.site("MY", name=f"Depot {i}") for i in range(n)]


def test_a_large_report_is_issued_by_a_job_behind_a_status_page(db, client, login_as, app):
    _sites(4)
    manager = login_as("manager", countries=["MY"])
    issued = client.post("/reports/issue", data=ISSUE)
    assert issued.status_code == 302 and "/reports/issuing/" in issued.headers["Location"]
    job = db.session.scalar(sa.select(Job))
    assert job.status == JobStatus.DONE  # (tests run jobs as their transaction commits)
    done = client.get(issued.headers["Location"])
    report = db.session.scalar(sa.select(IssuedReport))
    assert done.headers["Location"].endswith(f"/reports/{report.id}")
    assert (report.issued_by_id, report.scope_key) == (manager.id, "MY")
    assert report.verification_code in client.get(done.headers["Location"]).get_data(as_text=True)


def test_the_status_page_shows_progress_until_the_report_is_issued(
    db, client, login_as, app, monkeypatch
):
    _sites(4)
    login_as("manager", countries=["MY"])
    monkeypatch.setattr("outreach.jobs.queue.DISPATCH", _no_worker)
    status = client.post("/reports/issue", data=ISSUE).headers["Location"]
    page = client.get(status)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Waiting for a worker" in text and '<progress max="100" value="0">' in text
    assert 'http-equiv="refresh"' in text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IssuedReport)) == 0

    run_now(app, [db.session.scalar(sa.select(Job.id))])
    assert "/reports/" in client.get(status).headers["Location"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IssuedReport)) == 1


def test_only_the_issuer_sees_the_status_page(db, client, login_as, app):
    _sites(4)
    login_as("manager", countries=["MY"])
    status = client.post("/reports/issue", data=ISSUE).headers["Location"]
    client.post("/logout")
    login_as("manager", countries=["MY"])
    assert client.get(status).status_code == 404


def test_a_small_report_is_still_issued_in_the_request(db, client, login_as):
    _sites(2)
    login_as("manager", countries=["MY"])
    issued = client.post("/reports/issue", data=ISSUE)
    report = db.session.scalar(sa.select(IssuedReport))
    assert issued.headers["Location"].endswith(f"/reports/{report.id}")
    assert list(db.session.scalars(sa.select(Job.func))) == []


def test_an_issuer_who_lost_the_right_meanwhile_gets_no_report(
    db, client, login_as, app, monkeypatch
):
    _sites(4)
    manager = login_as("manager", countries=["MY"])
    monkeypatch.setattr("outreach.jobs.queue.DISPATCH", _no_worker)
    status = client.post("/reports/issue", data=ISSUE).headers["Location"]
    manager.countries = []
    db.session.commit()
    run_now(app, [db.session.scalar(sa.select(Job.id))])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IssuedReport)) == 0
    assert "no longer issue reports" in client.get(status).get_data(as_text=True)
