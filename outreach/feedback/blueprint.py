"""The feedback blueprint; its routes are in the feature's view modules."""

from flask import Blueprint

bp = Blueprint("feedback", __name__, url_prefix="/feedback")
public_bp = Blueprint("public", __name__, url_prefix="/f")
