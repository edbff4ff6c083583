from flask import Blueprint

bp = Blueprint("activities", __name__)

from outreach.activities import (  # noqa: E402,F401
    attachment_views,
    commitment_views,
    views,
)
