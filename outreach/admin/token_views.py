"""Every user's API tokens, for the administrators: see them, revoke any."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.admin.blueprint import bp
from outreach.auth import tokens
from outreach.core.permissions import requires
from outreach.extensions import db


@bp.route("/tokens")
@requires("users.manage")
def access_tokens():
    """Every personal access token, newest first."""
    return render_template("admin/tokens.html", tokens=tokens.all_tokens())


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@requires("users.manage")
def revoke_access_token(token_id: int):
    """Revoke anyone's token."""
    token = db.session.get(tokens.AccessToken, token_id)
    if token is None:
        abort(404)
    tokens.revoke_token(token, current_user._get_current_object())
    flash(_("Token “%(name)s” revoked.", name=token.name), "success")
    return redirect(url_for("admin.access_tokens"))
