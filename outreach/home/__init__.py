"""The start page everyone lands on after signing in; it gathers what waits on the user from
several features, so it sits above them."""

from flask import Blueprint

bp = Blueprint("home", __name__)

from outreach.home import views  # noqa: E402, F401
