from flask import Blueprint

bp = Blueprint("sites", __name__)

from outreach.sites import home_views, views  # noqa: E402,F401
