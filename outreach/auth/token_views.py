"""Personal access tokens under My account: make one (its secret shown once), see them, revoke
one. A manager's or admin's token needs a second factor given within the last five minutes."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from outreach.auth import sessions, throttle, tokens
from outreach.auth import twofactor_ops as twofactor
from outreach.auth.blueprint import bp
from outreach.auth.forms import TokenForm
from outreach.core.permissions import can
from outreach.core.rules import RuleError
from outreach.extensions import db

#: how recent the second factor behind a manager's or admin's new token must be
FRESH_SECOND_FACTOR = 5 * 60


def _needs_code(user) -> bool:
    return can(user, "sign_in.second_factor") and not sessions.second_factor_within(
        FRESH_SECOND_FACTOR
    )


def _code_confirmed(user, form: TokenForm) -> bool:
    """A code from the app, counted like a sign-in code; the field's error otherwise."""
    if not form.code.data:
        form.code.errors.append(_("Enter the code your app shows now."))
        return False
    throttle.count_attempt(throttle.code(user))
    if user.two_factor_enabled and twofactor.check(user, form.code.data):
        throttle.give_back(throttle.code(user))
        sessions.mark_mfa_done()
        return True
    form.code.errors.append(_("This code is not right. Try the newest code in your app."))
    return False


def _page(form: TokenForm, secret: str | None = None, status: int = 200):
    user = current_user._get_current_object()
    page = render_template(
        "auth/tokens.html",
        form=form,
        tokens=tokens.tokens_of(user),
        secret=secret,
        needs_code=_needs_code(user),
    )
    return page, status


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def access_tokens():
    """The user's tokens and the form for a new one; a new token's secret is shown once."""
    user = current_user._get_current_object()
    form = TokenForm()
    if not form.is_submitted():
        form.expires_on.data = dt.date.today() + dt.timedelta(days=90)
    if form.validate_on_submit() and (not _needs_code(user) or _code_confirmed(user, form)):
        try:
            _token, secret = tokens.create_token(
                user, form.name.data, form.access.data == "write", form.expires_on.data, user
            )
        except RuleError:  # the form asked the same rule; nothing was written
            return _page(form)
        return _page(TokenForm(formdata=None), secret=secret, status=201)
    return _page(form)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_access_token(token_id: int):
    """Revoke one of one's own tokens."""
    token = db.session.get(tokens.AccessToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    tokens.revoke_token(token, current_user._get_current_object())
    flash(_("Token “%(name)s” revoked.", name=token.name), "success")
    return redirect(url_for("auth.access_tokens"))
