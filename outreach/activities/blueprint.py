"""The activities blueprint; its routes are in the feature's view modules."""

from flask import Blueprint

bp = Blueprint("activities", __name__)
