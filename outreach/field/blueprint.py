"""The field blueprint; its routes are in views.py."""

from flask import Blueprint

bp = Blueprint("field", __name__)
