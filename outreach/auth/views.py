"""Signing in and out, and the user's own account page."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from outreach.auth import operations as ops
from outreach.auth import sessions, throttle
from outreach.auth.blueprint import bp
from outreach.auth.forms import (
    ChangePasswordForm,
    DisableTwoFactorForm,
    LanguageForm,
    LoginForm,
)
from outreach.core.i18n import to_locale
from outreach.core.urls import is_local_path
from outreach.extensions import limiter


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"], methods=["POST"])
def login():
    """Sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        account = throttle.account(form.email.data)
        throttle.count_attempt(account)
        user = ops.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("E-mail or password is not right."))
        else:
            throttle.give_back(account)
            target = request.args.get("next")
            sessions.start(user, form.remember.data, target if is_local_path(target) else None)
            if user.two_factor_enabled:
                return redirect(url_for("auth.two_factor"))
            if user.two_factor_required:
                return redirect(url_for("auth.two_factor_setup"))
            return redirect(target if is_local_path(target) else url_for("home.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out of this device."""
    sessions.end()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET"])
@login_required
def account():
    """The user's own account: password and language."""
    return render_template(
        "auth/account.html",
        password_form=ChangePasswordForm(prefix="pw"),
        language_form=LanguageForm(prefix="lang", language=current_user.language or ""),
        disable_form=DisableTwoFactorForm(prefix="off"),
    )


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    """Change one's own password; other sessions of this user end."""
    form = ChangePasswordForm(prefix="pw", personal=(current_user.email, current_user.name))
    if form.validate_on_submit() and throttle.password_confirmed(
        current_user, form.current_password
    ):
        user = current_user._get_current_object()  # the user, not the proxy to it
        ops.set_password(user, form.new_password.data, actor=user)
        sessions.restart(user)  # this device stays signed in, with a new token
        flash(_("Your password is changed. Other devices are signed out."), "success")
        return redirect(url_for("auth.account"))
    language_form = LanguageForm(prefix="lang", language=current_user.language or "")
    return render_template(
        "auth/account.html",
        password_form=form,
        language_form=language_form,
        disable_form=DisableTwoFactorForm(prefix="off"),
    )


@bp.route("/account/language", methods=["POST"])
@login_required
def change_language():
    """Choose the interface language."""
    form = LanguageForm(prefix="lang")
    if form.validate_on_submit():
        ops.set_language(current_user, form.language.data)
        session.pop("lang", None)
        flash(_("Language saved."), "success")
        return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html",
        password_form=ChangePasswordForm(prefix="pw"),
        language_form=form,
        disable_form=DisableTwoFactorForm(prefix="off"),
    )


@bp.route("/language", methods=["POST"])
def switch_language():
    """Show the site in another language (and remember it for a signed-in user)."""
    code = to_locale(request.form.get("language", ""))
    target = request.form.get("next")
    if code in current_app.config["PUBLIC_LANGUAGES"]:
        session["lang"] = code
        if current_user.is_authenticated and code in current_app.config["LANGUAGES"]:
            ops.set_language(current_user, code)
    return redirect(target if is_local_path(target) else url_for("home.index"))
