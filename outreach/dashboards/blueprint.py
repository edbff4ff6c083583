"""The dashboards blueprint; its routes are in the feature's view modules."""

from flask import Blueprint

bp = Blueprint("dashboards", __name__)
