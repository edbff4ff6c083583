"""Community voice: feedback, grievances, perception surveys and the sentiment index."""

from flask import Blueprint

bp = Blueprint("feedback", __name__, url_prefix="/feedback")
public_bp = Blueprint("public", __name__, url_prefix="/f")

from outreach.feedback import public_views, views  # noqa: E402,F401
