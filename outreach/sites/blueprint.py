"""The sites blueprint; its routes are in the feature's view modules."""

from flask import Blueprint

bp = Blueprint("sites", __name__)
