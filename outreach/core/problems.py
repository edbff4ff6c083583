"""Errors of the JSON API as ``application/problem+json`` (RFC 9457): a type, a title in the
words of the status, a ``detail`` in words and, for refused input, ``errors`` field by field
in the same words as the forms, in the request's language."""

from __future__ import annotations

import json

from flask import Response, request
from flask_babel import gettext as _
from werkzeug.http import HTTP_STATUS_CODES

#: where the JSON API lives: its errors are problems, never pages
API_PREFIX = "/api/"
MEDIA_TYPE = "application/problem+json"


def wants_problem() -> bool:
    """Is this request one of the JSON API's (its errors answered as problems)?"""
    return request.path.startswith(API_PREFIX)


def _titles() -> dict[int, str]:
    return {
        400: _("The request is not valid."),
        401: _("Sign in again: no valid token or session came with the request."),
        403: _("You may not do this."),
        404: _("Not found, or not yours to see."),
        405: _("This method is not allowed here."),
        409: _("This conflicts with the current state of the record."),
        412: _("The record changed since you read it."),
        413: _("The request is too large."),
        415: _("Send JSON (or multipart/form-data for files)."),
        422: _("Some fields are not right."),
        429: _("Too many requests: wait before trying again."),
        500: _("Something went wrong on our side."),
    }


def problem(
    status: int,
    detail: str | None = None,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A problem+json response for ``status``."""
    title = _titles().get(status) or HTTP_STATUS_CODES.get(status, "Error")
    body: dict = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail or title,
    }
    if errors:
        body["errors"] = {field: [str(m) for m in messages] for field, messages in errors.items()}
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
