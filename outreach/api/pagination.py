"""Cursor pagination by keyset: a page is the rows after the last one the client saw, in a
fixed order (never OFFSET), so a page costs the same at the millionth row and rows inserted
meanwhile neither repeat nor push others out. The next page's address is in the body and in the
``Link`` header (RFC 8288)."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask import request, url_for
from flask_babel import gettext as _

from outreach.core.problems import problem

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


class CursorError(ValueError):
    """A cursor this server did not make."""


def _encode(values: list[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, dt.datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def _decode(cursor: str, columns: Sequence[sa.ColumnElement]) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(values, list) or len(values) != len(columns):
            raise ValueError
        decoded = []
        for column, value in zip(columns, values, strict=True):
            if isinstance(getattr(column.type, "impl", column.type), sa.DateTime):
                value = dt.datetime.fromisoformat(value)
                if value.tzinfo is None:
                    raise ValueError
            elif not isinstance(value, int) or isinstance(value, bool):
                raise ValueError
            decoded.append(value)
        return decoded
    except (ValueError, TypeError) as error:
        raise CursorError(cursor) from error


def _seeks(columns: Sequence[sa.ColumnElement], values: list[Any], dialect: str) -> list[list]:
    """The conditions, read one after the other, that give the rows after ``values`` in the
    order of ``columns`` (all ascending), each answered by a seek in an index on the columns.
    PostgreSQL seeks a row-value comparison on all its columns: one statement, one snapshot.
    SQLite seeks one only on its first column and then reads every row that shares it (all of
    a bulk import's rows share their timestamp), so there each depth is its own seek: equal on
    the first ``depth`` columns and after on the next, from the last column to the first (its
    read transaction keeps one snapshot across them)."""
    if len(columns) == 1:
        return [[columns[0] > values[0]]]
    if dialect != "sqlite":
        typed = (sa.literal(v, c.type) for c, v in zip(columns, values, strict=True))
        return [[sa.tuple_(*columns) > sa.tuple_(*typed)]]
    return [
        [
            *(c == v for c, v in zip(columns[:depth], values, strict=False)),
            columns[depth] > values[depth],
        ]
        for depth in reversed(range(len(columns)))
    ]


def keyset_page(
    stmt: sa.Select,
    columns: Sequence[sa.ColumnElement],
    cursor: str | None,
    limit: int,
    session,
    rows: bool = False,
) -> tuple[list, str | None]:
    """A page of ``stmt`` ordered by ``columns`` (unique together), after ``cursor``; the
    records of a SELECT of one entity (``rows``: the plain rows of a SELECT of columns, read
    straight from the connection without the ORM's loading of each row) and the cursor of the
    next page (None on the last). CursorError for a foreign cursor."""
    stmt = stmt.order_by(*columns)

    def read(part: sa.Select, wanted: int) -> list:
        part = part.limit(wanted)
        if rows:
            # the session still chooses the database (the replica for a read)
            return list(session.connection(bind_arguments={"clause": part}).execute(part).all())
        return list(session.scalars(part).all())

    if not cursor:
        found = read(stmt, limit + 1)
    else:
        values, found = _decode(cursor, columns), []
        for seek in _seeks(columns, values, session.get_bind().dialect.name):
            found += read(stmt.where(*seek), limit + 1 - len(found))
            if len(found) > limit:
                break
    if len(found) <= limit:
        return found, None
    found = found[:limit]
    last = found[-1]
    return found, _encode([getattr(last, c.key) for c in columns])


def next_url(cursor: str | None) -> str | None:
    """This list's address for the page after ``cursor``, with the same filters."""
    if cursor is None:
        return None
    args = request.args.to_dict()
    args["cursor"] = cursor
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def page_response(items: list[dict], cursor: str | None):
    from outreach.api.responses import json_response

    url = next_url(cursor)
    headers = {"Link": f'<{url}>; rel="next"'} if url else {}
    return json_response({"items": items, "next": url}, headers=headers)


def cursor_refused():
    return problem(
        400,
        _("This cursor is not valid; start again from the first page."),
        errors={"cursor": [_("This cursor is not valid; start again from the first page.")]},
    )
