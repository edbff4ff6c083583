from flask import Blueprint

bp = Blueprint("sites", __name__)

from outreach.sites import views  # noqa: E402,F401
