"""Query strings read into pydantic models: the filters a list takes, and its page."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from flask import request
from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from outreach.api.blueprint import bp
from outreach.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, CursorError, cursor_refused
from outreach.core.problems import problem


class ListQuery(BaseModel):
    """A page of a list: ``cursor`` from the previous page's ``next``, up to ``limit`` items."""

    model_config = ConfigDict(extra="ignore")

    cursor: str | None = Field(None, max_length=500)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class MirrorQuery(ListQuery):
    """``updated_since``: only what changed since then, removed records included
    (``deleted: true``), oldest change first; a client keeps a mirror with it."""

    updated_since: dt.datetime | None = None

    def since(self) -> dt.datetime | None:
        if self.updated_since is None:
            return None
        if self.updated_since.tzinfo is None:
            return self.updated_since.replace(tzinfo=dt.UTC)
        return self.updated_since


Q = TypeVar("Q", bound=BaseModel)


class QueryError(ValueError):
    def __init__(self, fields: list[str]):
        super().__init__(", ".join(fields))
        self.fields = fields


def parse_query(model: type[Q]) -> Q:
    """The query string as ``model``; QueryError (a 400 problem) naming the odd parameters."""
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as error:
        raise QueryError([str(e["loc"][0]) for e in error.errors() if e["loc"]]) from error


@bp.errorhandler(QueryError)
def query_refused(error: QueryError):
    message = _("This value is not valid here.")
    return problem(400, errors={field: [message] for field in error.fields})


@bp.errorhandler(CursorError)
def foreign_cursor(error: CursorError):
    return cursor_refused()
