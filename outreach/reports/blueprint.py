"""The reports blueprint; its routes are in the feature's view modules."""

from flask import Blueprint

bp = Blueprint("reports", __name__)
