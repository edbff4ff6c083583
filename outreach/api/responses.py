"""JSON in and out: the body a write sends, the answer it gets."""

from __future__ import annotations

import orjson
from flask import Response, current_app, request
from flask_babel import gettext as _

from outreach.api.blueprint import bp
from outreach.core.problems import problem


class BodyError(Exception):
    """The body is not a JSON object."""


@bp.errorhandler(BodyError)
def body_refused(error: BodyError):
    return problem(400, _("Send a JSON object with Content-Type: application/json."))


def json_body() -> dict:
    """The request's JSON object; BodyError (a 400 problem) for anything else."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BodyError()
    return body


def json_response(data, status: int = 200, headers: dict | None = None) -> Response:
    """``data`` as JSON, encoded by orjson (a page of 500 activities is most of a mirror's
    time in ``json``); what orjson does not know is encoded as Flask's provider does it."""
    body = orjson.dumps(data, default=current_app.json.default, option=orjson.OPT_NON_STR_KEYS)
    response = Response(body, status=status, mimetype="application/json")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
