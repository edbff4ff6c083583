from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from outreach.admin import rate_views, views  # noqa: E402,F401
