"""The imports blueprint; its routes are in ``views``."""

from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/imports")
