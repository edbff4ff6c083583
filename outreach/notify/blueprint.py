from flask import Blueprint

bp = Blueprint("notify", __name__)
