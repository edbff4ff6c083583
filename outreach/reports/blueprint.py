"""The reports blueprint; its routes are in the feature's view modules."""

from flask import Blueprint

from outreach.core.replica import replica_blueprint

bp = Blueprint("reports", __name__)
replica_blueprint(bp)  # its pages read from the replica when there is one
