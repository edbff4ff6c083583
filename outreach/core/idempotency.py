"""``Idempotency-Key`` on a POST: the same key (per user) with the same body answers the first
result again and writes nothing twice, also when the retries arrive together.

The first request with a key inserts a row for (user, key) in the request's own transaction,
runs its view and stores the response (status, body, the headers that matter) in that row
before the unit of work commits: the record and the answer that announced it commit together,
or neither does. A repeat finds the row and is answered from it, with
``Idempotent-Replayed: true``; the same key with another body is refused (422). A refused
request (4xx) writes nothing and keeps no answer, so the corrected request may use its key.

Concurrent retries meet on the row's unique constraint. On PostgreSQL the second INSERT waits
for the first transaction and fails once it commits; on SQLite the second writer waits for
the write lock (``core/database.py``) and then sees the committed row. Either way the loser
reads the stored answer and replays it; if the first rolled back, the loser's INSERT goes
through and it does the work itself. Only a key whose first request is still open without a
stored answer (which a committed row never is) is answered 409, to be retried.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from functools import wraps

import sqlalchemy as sa
from flask import Response, make_response, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from outreach.core.db import UTCDateTime, utcnow
from outreach.core.problems import problem
from outreach.extensions import db

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
MAX_KEY = 255
#: the headers of a response that a replay gives again
KEPT_HEADERS = ("Location", "ETag", "Content-Type")
#: how long a key is remembered
RETENTION = dt.timedelta(days=1)


class IdempotencyKey(db.Model):
    """One key a user sent with a POST, and the answer its first request got."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (sa.UniqueConstraint("user_id", "key", name="uq_idempotency_keys_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: whose key it is (keys of different users never meet)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    #: the key as the client sent it
    key: Mapped[str] = mapped_column(sa.String(MAX_KEY), nullable=False)
    #: SHA-256 of the method, the path and the body: a repeat must send the same
    fingerprint: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    #: the first answer's status; empty while its request is still running
    status: Mapped[int | None] = mapped_column(sa.Integer)
    #: the first answer's body
    body: Mapped[str | None] = mapped_column(sa.Text)
    #: the first answer's headers that a replay gives again
    headers: Mapped[dict | None] = mapped_column(sa.JSON)
    #: when the key was first used (UTC); forgotten after RETENTION
    created_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, default=utcnow, nullable=False, index=True
    )


def _canonical_json(raw: bytes) -> bytes:
    try:
        return json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        return raw


def _as_text(item: tuple) -> tuple[str, str]:
    return str(item[0]), str(item[1])


def fingerprint() -> str:
    """What the request asks for: the same JSON written with other spacing or key order, or
    the same files and fields in a multipart body with another boundary, are the same."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.mimetype == "multipart/form-data":
        for name, value in sorted(request.form.items(multi=True), key=_as_text):
            digest.update(f"field {name}={value}\n".encode())
        for name, file in sorted(request.files.items(multi=True), key=lambda item: str(item[0])):
            content = file.stream.read()
            file.stream.seek(0)
            digest.update(f"file {name} {file.filename}\n".encode())
            digest.update(hashlib.sha256(content).digest())
    else:
        digest.update(_canonical_json(request.get_data(cache=True)))
    return digest.hexdigest()


def _find(user_id: int, key: str) -> IdempotencyKey | None:
    return db.session.scalar(
        sa.select(IdempotencyKey)
        .where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)
        .execution_options(populate_existing=True)
    )


def _replay(row: IdempotencyKey, print_: str) -> Response:
    if row.fingerprint != print_:
        return problem(
            422,
            _("This Idempotency-Key was already used for a different request."),
            errors={HEADER: [_("Use a new key for a new request.")]},
        )
    if row.status is None:
        return problem(
            409,
            _("The first request with this Idempotency-Key is still running; retry shortly."),
            headers={"Retry-After": "1"},
        )
    response = Response(row.body or "", status=row.status)
    for name, value in (row.headers or {}).items():
        response.headers[name] = value
    response.headers[REPLAYED] = "true"
    return response


def _claim(user_id: int, key: str, print_: str) -> IdempotencyKey | None:
    """Insert the key's row; None when another request holds it already (committed)."""
    row = IdempotencyKey(user_id=user_id, key=key, fingerprint=print_)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return None
    return row


def _store(row: IdempotencyKey, response: Response) -> None:
    row.status = response.status_code
    row.body = response.get_data(as_text=True)
    row.headers = {
        name: response.headers[name] for name in KEPT_HEADERS if name in response.headers
    }
    db.session.flush()


def idempotent(view: Callable) -> Callable:
    """A POST view that honours ``Idempotency-Key`` (for its signed-in user)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None or not current_user.is_authenticated:
            return view(*args, **kwargs)
        if not 1 <= len(key) <= MAX_KEY or not key.isprintable():
            return problem(
                400,
                _("An Idempotency-Key has 1 to 255 printable characters."),
                errors={HEADER: [_("An Idempotency-Key has 1 to 255 printable characters.")]},
            )
        print_ = fingerprint()
        user_id = current_user.id
        existing = _find(user_id, key)
        if existing is not None:
            return _replay(existing, print_)
        row = _claim(user_id, key, print_)
        if row is None:  # a concurrent request with the key committed first
            existing = _find(user_id, key)
            if existing is None:
                return problem(409, _("Retry this request."), headers={"Retry-After": "1"})
            return _replay(existing, print_)
        response = make_response(view(*args, **kwargs))
        if response.status_code >= 400:
            # a refusal writes nothing and is not kept: a corrected retry may use the key
            db.session.rollback()
        else:
            _store(row, response)
        return response

    return wrapped


def forget_expired(now: dt.datetime | None = None) -> int:
    """Delete the keys older than RETENTION; the caller commits. Returns how many."""
    before = (now or utcnow()) - RETENTION
    result = db.session.execute(sa.delete(IdempotencyKey).where(IdempotencyKey.created_at < before))
    return result.rowcount or 0
