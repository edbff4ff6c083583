"""The ops blueprint; its routes are in the feature's view modules."""

from flask import Blueprint

bp = Blueprint("ops", __name__)
