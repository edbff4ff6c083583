from flask import Blueprint

bp = Blueprint("auth", __name__)

from outreach.auth import twofactor_views, views  # noqa: E402,F401
