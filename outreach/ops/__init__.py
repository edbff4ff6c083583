"""Operations: the health check for load balancers and monitors, and database backups."""

from flask import Blueprint

bp = Blueprint("ops", __name__)

from outreach.ops import views  # noqa: E402,F401
