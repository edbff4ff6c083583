"""The auth blueprint; its routes are in the feature's view modules."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
