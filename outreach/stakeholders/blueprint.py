"""The stakeholders blueprint; its routes are in the feature's view modules."""

from flask import Blueprint

bp = Blueprint("stakeholders", __name__, url_prefix="/stakeholders")
