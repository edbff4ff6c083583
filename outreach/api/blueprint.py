"""The API blueprint; its routes are in the package's view modules.

It is exempt from the form CSRF check: a token in the Authorization header is no cookie a
browser sends by itself, and the few endpoints that accept the session cookie check the CSRF
token in the X-CSRFToken header themselves (``access.py``)."""

from flask import Blueprint

from outreach.core.replica import replica_blueprint
from outreach.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
replica_blueprint(bp)  # its reads go to the replica when there is one
