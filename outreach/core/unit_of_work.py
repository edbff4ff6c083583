"""One unit of work per request: whatever a request writes commits once, after its view has
returned, or not at all.

- ``OutreachFlask.dispatch_request`` commits after the view returns and rolls back when it
  raises. A commit that fails (a version conflict, a broken constraint) raises inside the
  dispatch, so the app's error handlers answer it (409 for a conflict) and the user is never
  told "saved" for something that was not.
- A response that a ``before_request`` hook returns (a redirect to sign in, say) commits what
  the hook wrote.
- Files follow the database transaction that wrote them. An upload is written under its final
  name (and flushed to disk) while the transaction is open, and removed again if the
  transaction rolls back; a file a transaction deletes is removed only once the transaction
  has committed. A crash between the write and the commit can leave a file no row points to,
  never a row whose file is missing.

Operations flush and never commit. Outside a request (commands, jobs, tests) the caller commits;
the file rules hold there too, since they follow the database session itself.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from outreach.extensions import db

log = logging.getLogger(__name__)

#: ``Session.info`` keys: files written by the open transaction, files it deletes
_WRITTEN = "outreach.files_written"
_DOOMED = "outreach.files_doomed"


class OutreachFlask(Flask):
    """Flask, with each request's writes committed once, after its view has returned."""

    def preprocess_request(self):
        response = super().preprocess_request()
        if response is not None:
            db.session.commit()
        return response

    def dispatch_request(self):
        try:
            response = super().dispatch_request()
        except BaseException:
            db.session.rollback()
            raise
        db.session.commit()
        return response


def file_written(path: Path) -> None:
    """``path`` was written by the open transaction: it is removed if the transaction rolls
    back."""
    db.session.info.setdefault(_WRITTEN, []).append(Path(path))


def delete_after_commit(path: Path) -> None:
    """Remove ``path`` once the open transaction has committed (kept if it rolls back)."""
    db.session.info.setdefault(_DOOMED, []).append(Path(path))


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(_WRITTEN, None)
    for path in session.info.pop(_DOOMED, []):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None or transaction.nested:
        return
    # still listed: the transaction rolled back (a commit clears the lists first)
    for path in session.info.pop(_WRITTEN, []):
        log.info("removing %s: its transaction rolled back", path.name)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    session.info.pop(_DOOMED, None)
