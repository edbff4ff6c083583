from flask import Blueprint

bp = Blueprint("stakeholders", __name__, url_prefix="/stakeholders")

from outreach.stakeholders import views  # noqa: E402,F401
