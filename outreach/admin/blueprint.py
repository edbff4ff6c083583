"""The admin blueprint; its routes are in the feature's view modules."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
