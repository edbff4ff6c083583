from flask import Blueprint

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")
