"""The second sign-in step, enrolling an authenticator app, and turning two-factor off."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from outreach.auth import sessions, throttle, twofactor
from outreach.auth import twofactor_ops as ops
from outreach.auth.blueprint import bp
from outreach.auth.forms import DisableTwoFactorForm, EnableTwoFactorForm, TwoFactorForm
from outreach.auth.passwords import verify_password
from outreach.core.urls import is_local_path

PENDING_SECRET = "totp_pending"  # noqa: S105 - a session key, not a secret


def _after_mfa():
    target = sessions.mark_mfa_done()
    return redirect(target if is_local_path(target) else url_for("home.index"))


@bp.route("/login/two-factor", methods=["GET", "POST"])
@login_required
def two_factor():
    """After the password: a code from the authenticator app, or a recovery code."""
    user = current_user._get_current_object()
    if session.get(sessions.MFA_DONE) or not user.two_factor_enabled:
        return redirect(url_for("home.index"))
    form = TwoFactorForm()
    if form.validate_on_submit():
        throttle.count_attempt(throttle.code(user))
        ok = ops.check(user, form.code.data)
        if ok:
            throttle.give_back(throttle.code(user))
            return _after_mfa()
        form.code.errors.append(_("This code is not right. Try the newest code in your app."))
    return render_template("auth/two_factor.html", form=form)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    """Enrol an authenticator app by QR code; the recovery codes are shown once."""
    user = current_user._get_current_object()
    if user.two_factor_enabled:
        return redirect(url_for("auth.account"))
    secret = session.get(PENDING_SECRET)
    if not secret:
        secret = session[PENDING_SECRET] = twofactor.new_secret()
    form = EnableTwoFactorForm()
    if form.validate_on_submit() and throttle.password_confirmed(user, form.password):
        codes = ops.enable(user, secret, form.code.data)
        if codes is not None:
            session.pop(PENDING_SECRET, None)
            target = sessions.mark_mfa_done()
            return render_template(
                "auth/recovery_codes.html",
                codes=codes,
                next_url=target if is_local_path(target) else url_for("home.index"),
            )
        form.code.errors.append(_("This code is not right. Scan the QR code again and retry."))
    uri = twofactor.provisioning_uri(secret, user.email)
    return render_template(
        "auth/two_factor_setup.html",
        form=form,
        qr=twofactor.qr_data_uri(uri),
        uri=uri,
        secret=secret,
        required=user.two_factor_required,
    )


@bp.route("/account/two-factor/off", methods=["POST"])
@login_required
def disable_two_factor():
    """Turn one's own second factor off; refused for roles that require it."""
    user = current_user._get_current_object()
    if user.two_factor_required:
        abort(403)
    form = DisableTwoFactorForm(prefix="off")
    if form.validate_on_submit() and user.two_factor_enabled:
        if verify_password(user.password_hash, form.password.data):
            ops.disable(user)
            flash(_("Two-step sign-in is off."), "success")
        else:
            flash(_("This is not your current password."), "error")
    return redirect(url_for("auth.account"))
