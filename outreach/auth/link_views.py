"""Pages reached without signing in: "forgot your password?" and the one-time links that set a
password (an invitation or a reset)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from outreach.auth import links, throttle
from outreach.auth.blueprint import bp
from outreach.auth.forms import ForgotPasswordForm, SetPasswordForm
from outreach.extensions import limiter


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESET_LIMIT_PER_IP"], methods=["POST"])
def forgot_password():
    """Ask for a reset link; the same answer whether or not the address is an account's."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        throttle.count_attempt(throttle.reset_request(form.email.data))
        links.request_reset(form.email.data)
        return render_template("auth/forgot_sent.html", email=form.email.data)
    return render_template("auth/forgot.html", form=form)


@bp.route("/password/set/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"], methods=["POST"])
def set_password_from_link(token: str):
    """Choose a password through a one-time link; then sign in as usual."""
    link = links.valid_link(token)
    if link is None:
        return render_template("auth/link_invalid.html"), 404
    user = link.user
    form = SetPasswordForm(personal=(user.email, user.name))
    if form.validate_on_submit():
        links.set_password_with(link, form.password.data)
        flash(_("Your password is set. Sign in with it."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, link=link, user=user)
