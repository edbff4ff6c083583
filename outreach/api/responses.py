"""JSON in and out: the body a write sends, the answer it gets."""

from __future__ import annotations

from flask import Response, jsonify, request
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
    response = jsonify(data)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
