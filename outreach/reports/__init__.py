from flask import Blueprint

bp = Blueprint("reports", __name__)

from outreach.reports import views  # noqa: E402,F401
