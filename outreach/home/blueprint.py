"""The home blueprint; its routes are in the feature's view modules."""

from flask import Blueprint

bp = Blueprint("home", __name__)
