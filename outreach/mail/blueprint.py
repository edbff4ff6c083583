"""The mail blueprint: the admins' list of messages not delivered."""

from flask import Blueprint

bp = Blueprint("mail", __name__, url_prefix="/admin/mail")
