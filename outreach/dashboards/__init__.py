"""Dashboards: where community relations stand, from maintained monthly rollups."""

from flask import Blueprint

bp = Blueprint("dashboards", __name__)

from outreach.dashboards import views  # noqa: E402, F401
