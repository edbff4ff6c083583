"""Running an import: ``run_import(import_id)`` does the heavy part, outside any request, with
its state, progress and results kept on the ``ImportRun`` (so the page can be left and come
back to). A queued run is checked (nothing written); a confirmed run is written, every row or
none, in one transaction, and audited with the file's SHA-256. ``start`` is the one place where
a run is handed to the background: the job queue."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from outreach import jobs
from outreach.core import audit, events
from outreach.core.db import utcnow
from outreach.core.permissions import can
from outreach.extensions import db
from outreach.imports import photos, repeats
from outreach.imports.columns import match_header
from outreach.imports.kinds import Context, RowKind
from outreach.imports.models import ImportRun, ImportState
from outreach.imports.reading import ReadError, Sheet, open_tables
from outreach.imports.registry import get_kind
from outreach.imports.rows import Outcome, Pass
from outreach.imports.storage import path_of, remove

log = logging.getLogger(__name__)

#: progress of the runs of this process while they write (their transaction is not visible to
#: other connections until it commits): {import id: rows done}
WRITING_PROGRESS: dict[int, int] = {}
NO_COLUMN = _l("None of the headings is known: start from the template of this kind.")


def matched_columns(kind: RowKind, sheet: Sheet, mapping: dict | None):
    """The file's columns matched to the kind's: by the saved mapping of a KoboToolbox/ODK
    form, or by their headings."""
    if mapping:
        by_key = {c.key: c for c in kind.columns}
        return {
            i: by_key[mapping[h]] for i, h in enumerate(sheet.header) if mapping.get(h) in by_key
        }
    return match_header(sheet.header, kind.columns)


def _locale(run: ImportRun) -> str:
    return run.user.language or current_app.config.get("BABEL_DEFAULT_LOCALE", "en")


def _save_progress(import_id: int, done: int, write: bool) -> None:
    if write:
        WRITING_PROGRESS[import_id] = done
        if db.engine.dialect.name == "sqlite":  # the write lock is this transaction's
            return
    with db.engine.begin() as connection:  # seen by the page while the check goes on
        connection.execute(
            sa.update(ImportRun).where(ImportRun.id == import_id).values(done_rows=done)
        )


def process(run: ImportRun, write: bool, progress: Callable[[int], None] | None = None) -> Outcome:
    """Check (and when ``write``, write) every row of the run's file; ReadError when the file
    cannot be read. Runs in the caller's transaction and never commits."""
    kind = get_kind(run.kind)
    ctx = Context(user=run.user, update_existing=run.update_existing, approve=run.approve)
    if not (can(run.user, "import.run") and can(run.user, kind.capability)):
        raise ReadError(_l("You may not import this kind of record."))
    with open_tables(path_of(run.stored_name), run.filename) as sheets:
        sheet = sheets[0]
        matched = matched_columns(kind, sheet, run.mapping)
        if not any(not c.ignored for c in matched.values()):
            raise ReadError(NO_COLUMN)
        with photos.attachments(run.attachments_name) as ctx.photos:
            constants = {k[1:]: v for k, v in (run.mapping or {}).items() if k.startswith("=")}
            children = repeats.child_sheets(sheets) if run.mapping and kind.repeats else []
            found = repeats.Repeats(sheet.header, children, run.mapping) if children else None
            rows = Pass(
                kind,
                ctx,
                matched,
                sheet.header,
                import_id=run.id,
                write=write,
                constants=constants,
                children=found.of if found else None,
            )

            saved = 0.0  # when the progress was last saved: at most each second

            def report(done: int) -> None:
                nonlocal saved
                if time.monotonic() - saved >= 1:
                    _save_progress(run.id, done, write)
                    saved = time.monotonic()
                if progress:
                    progress(done)

            if not write:
                return _orphans(rows.run(sheet.rows, report), found)
            with events.batch(run):  # the figures refresh each month once, at the end
                return _orphans(rows.run(sheet.rows, report), found)


def _orphans(outcome: Outcome, found: repeats.Repeats | None) -> Outcome:
    """A repeat group's row whose submission is not in the export is an error."""
    for promise in found.orphans() if found else ():
        outcome.add_errors(promise.number, [(promise.where(promise.link), str(repeats.ORPHAN))])
    return outcome


def finish(run: ImportRun, outcome: Outcome | None, state: ImportState, problem: str = "") -> None:
    run.state = state
    run.problem = problem
    run.finished_at = utcnow() if state not in (ImportState.CHECKED,) else None
    if outcome is not None:
        run.total_rows = run.done_rows = outcome.rows
        run.created, run.updated, run.unchanged = (
            outcome.created,
            outcome.updated,
            outcome.unchanged,
        )
        run.errors = outcome.errors or None
    if state in (ImportState.DONE, ImportState.FAILED, ImportState.CANCELLED):
        remove(run.stored_name)
        remove(run.attachments_name)


def _audit(run: ImportRun, outcome: Outcome) -> None:
    audit.record(
        "import",
        "import",
        run.id,
        summary=f"{run.kind} · {run.filename} · sha256 {run.sha256}",
        changes={
            "file": [None, run.filename],
            "sha256": [None, run.sha256],
            "created": [None, outcome.created],
            "updated": [None, outcome.updated],
            "unchanged": [None, outcome.unchanged],
            "approved": [None, run.approve],
        },
        user=run.user,
    )


def _check(run: ImportRun, progress) -> None:
    run.state = ImportState.CHECKING
    db.session.commit()
    try:
        outcome = process(run, write=False, progress=progress)
    except ReadError as error:
        db.session.rollback()
        finish(run, None, ImportState.FAILED, str(error.message))
    else:
        db.session.rollback()  # the check writes nothing; drop what it read
        state = ImportState.REFUSED if outcome.errors else ImportState.CHECKED
        finish(run, outcome, state)
    db.session.commit()


def _write(run: ImportRun, progress) -> None:
    run.state = ImportState.WRITING
    run.done_rows = 0
    db.session.commit()
    run_id = run.id
    try:
        outcome = process(run, write=True, progress=progress)
        if outcome.errors:
            raise _Refused(outcome)
        _audit(run, outcome)
        finish(run, outcome, ImportState.DONE)
        db.session.commit()
    except _Refused as refused:
        db.session.rollback()
        run = db.session.get(ImportRun, run_id)
        finish(run, refused.outcome, ImportState.REFUSED)
        run.created = run.updated = run.unchanged = 0
        db.session.commit()
    except ReadError as error:
        db.session.rollback()
        run = db.session.get(ImportRun, run_id)
        finish(run, None, ImportState.FAILED, str(error.message))
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("import %s failed while writing", run_id)
        run = db.session.get(ImportRun, run_id)
        finish(run, None, ImportState.FAILED, str(_l("The import failed; nothing was written.")))
        db.session.commit()
        raise
    finally:
        WRITING_PROGRESS.pop(run_id, None)


class _Refused(Exception):
    def __init__(self, outcome: Outcome):
        super().__init__("rows refused while writing")
        self.outcome = outcome


#: the job that runs an import's next stage
JOB = "outreach.imports.running:run_import"
#: the states in which a run waits for, or is in, its background work
BUSY = (ImportState.QUEUED, ImportState.CHECKING, ImportState.CONFIRMED, ImportState.WRITING)
#: a stage a worker was stopped in (its transaction rolled back) starts again from its start
RESUME = {ImportState.CHECKING: ImportState.QUEUED, ImportState.WRITING: ImportState.CONFIRMED}


def _retried() -> bool:
    """Whether this is a job run again after its worker was stopped or it failed."""
    job_id = jobs.current_job_id()
    job = db.session.get(jobs.Job, job_id) if job_id is not None else None
    return job is not None and job.attempts > 1


def run_import(import_id: int, progress: Callable[[int], None] | None = None) -> None:
    """Do what the run waits for: check a queued run, write a confirmed one. Running it again
    does nothing more (a job may be retried), except that a stage left half-way by a stopped
    worker (nothing of it was committed) starts again."""
    run = db.session.get(ImportRun, import_id)
    if run is None:
        return
    if run.state in RESUME and _retried():
        run.state = RESUME[run.state]
    with force_locale(_locale(run)):
        if run.state == ImportState.QUEUED:
            _check(run, progress)
        elif run.state == ImportState.CONFIRMED:
            _write(run, progress)


def start(import_id: int) -> None:
    """Hand a run to the background: a job of the queue (RQ, or a thread of the app when
    there is no Redis), handed out once the open transaction commits, so the run it reads is
    there. The one place where an import is started; each stage (check, write) once."""
    run = db.session.get(ImportRun, import_id)
    jobs.enqueue(JOB, import_id, key=f"import:{import_id}:{run.state.value}")


def confirm(run: ImportRun) -> None:
    """The user confirms a checked import: it is written in the background."""
    run.state = ImportState.CONFIRMED
    db.session.flush()
    start(run.id)


def wait(import_id: int, timeout: float = 120) -> None:
    """Wait for a run's background work to end (the command line and tests)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()
        run = db.session.get(ImportRun, import_id)
        if run is None or run.state not in BUSY:
            return
        time.sleep(0.2)
