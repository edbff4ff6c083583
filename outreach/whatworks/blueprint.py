"""The What works blueprint; its routes are in ``views.py``."""

from flask import Blueprint

bp = Blueprint("whatworks", __name__)
