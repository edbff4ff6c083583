"""Administration: accounts, their roles and scopes, and the audit log."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.admin import queries
from outreach.admin.blueprint import bp
from outreach.admin.forms import NewUserForm, ResetPasswordForm, UserForm
from outreach.auth import links, twofactor_ops
from outreach.auth import operations as user_ops
from outreach.auth.models import SCOPE_OF_ROLE, Role, User
from outreach.core.pagination import page_number
from outreach.core.permissions import requires, role_may
from outreach.core.urls import int_arg
from outreach.extensions import db
from outreach.sites.models import Site
from outreach.sites.queries import all_countries


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _all_sites() -> list[Site]:
    return list(db.session.scalars(sa.select(Site).order_by(Site.code)))


def _user_data(form: UserForm) -> user_ops.UserData:
    return user_ops.UserData(
        email=form.email.data,
        name=form.name.data,
        role=Role(form.role.data),
        language=form.language.data or None,
        site_ids=form.site_ids.data or [],
        country_codes=form.country_codes.data or [],
    )


@bp.route("/users")
@requires("users.manage")
def list_users():
    """Every account with its role and scope."""
    q = request.args.get("q", "").strip()[:100]
    return render_template(
        "admin/users.html",
        users=queries.list_users(q),
        q=q,
        scope_of_role=SCOPE_OF_ROLE,
    )


@bp.route("/users/new", methods=["GET", "POST"])
@requires("users.manage")
def new_user():
    """Create an account with a role and the sites or countries it covers."""
    form = NewUserForm(
        sites=_all_sites(), countries=all_countries(), taken_emails=queries.taken_emails()
    )
    if form.validate_on_submit():
        if form.password.data:
            user = user_ops.create_user(_user_data(form), form.password.data, actor=current_user)
            flash(_("Account for %(email)s created.", email=user.email), "success")
        else:
            user = links.create_invited(_user_data(form), actor=current_user)
            flash(
                _("Account for %(email)s created; an invitation is on its way.", email=user.email),
                "success",
            )
        return redirect(url_for("admin.list_users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@requires("users.manage")
def edit_user(user_id: int):
    """Change an account's details, role and scope."""
    user = _user_or_404(user_id)
    form = UserForm(
        obj=user,
        sites=_all_sites(),
        countries=all_countries(),
        taken_emails=queries.taken_emails(except_user=user),
    )
    if request.method == "GET":
        form.role.data = user.role.value
        form.language.data = user.language or ""
        form.site_ids.data = [s.id for s in user.sites]
        form.country_codes.data = [c.code for c in user.countries]
    if form.validate_on_submit():
        if user.id == current_user.id and not role_may(Role(form.role.data), "users.manage"):
            form.role.errors.append(_("You cannot take away your own administrator role."))
        else:
            user_ops.update_user(user, _user_data(form), actor=current_user)
            flash(_("Account saved."), "success")
            return redirect(url_for("admin.list_users"))
    return render_template(
        "admin/user_form.html", form=form, user=user, reset_form=ResetPasswordForm()
    )


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@requires("users.manage")
def set_user_active(user_id: int):
    """Deactivate an account (signing it out everywhere) or reactivate it."""
    user = _user_or_404(user_id)
    active = request.form.get("active") == "1"
    if user.id == current_user.id and not active:
        flash(_("You cannot deactivate your own account."), "error")
    else:
        user_ops.set_active(user, active, actor=current_user)
        flash(_("Account reactivated.") if active else _("Account deactivated."), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@requires("users.manage")
def reset_password(user_id: int):
    """Give an account a new password; its open sessions end."""
    user = _user_or_404(user_id)
    form = ResetPasswordForm(personal=(user.email, user.name))
    if form.validate_on_submit():
        user_ops.set_password(user, form.password.data, actor=current_user)
        flash(_("Password reset. The user is signed out everywhere."), "success")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    edit_form = UserForm(obj=user, sites=_all_sites(), countries=all_countries())
    edit_form.role.data = user.role.value
    edit_form.site_ids.data = [s.id for s in user.sites]
    edit_form.country_codes.data = [c.code for c in user.countries]
    return render_template("admin/user_form.html", form=edit_form, user=user, reset_form=form)


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
@requires("users.manage")
def invite_user(user_id: int):
    """Send an account a new invitation link to choose its password (the older link ends)."""
    user = _user_or_404(user_id)
    if not user.active:
        flash(_("Reactivate the account before inviting its owner."), "error")
    else:
        links.invite(user, actor=current_user)
        flash(_("Invitation sent to %(email)s.", email=user.email), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/users/<int:user_id>/sign-out", methods=["POST"])
@requires("users.manage")
def sign_out_everywhere(user_id: int):
    """End every open session of an account (a lost or shared device)."""
    user = _user_or_404(user_id)
    user_ops.sign_out_everywhere(user, actor=current_user)
    if user.id == current_user.id:
        return redirect(url_for("auth.login"))
    flash(_("%(name)s is signed out on every device.", name=user.name), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/users/<int:user_id>/two-factor/reset", methods=["POST"])
@requires("users.manage")
def reset_two_factor(user_id: int):
    """Remove an account's second factor (a lost phone); it is set up again at next sign-in."""
    user = _user_or_404(user_id)
    twofactor_ops.reset(user, actor=current_user)
    if user.id == current_user.id:
        return redirect(url_for("auth.login"))
    flash(
        _("Two-step sign-in reset; %(name)s sets it up again at the next sign-in.", name=user.name),
        "success",
    )
    return redirect(url_for("admin.edit_user", user_id=user.id))


def _date_arg(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.route("/audit")
@requires("audit.view")
def audit_log():
    """Who changed what and when, filtered by user, record and date."""
    filters = queries.AuditFilters(
        user_id=int_arg(request.args.get("user")),
        object_type=request.args.get("type", "")[:40],
        object_id=request.args.get("id", "")[:64],
        date_from=_date_arg("from"),
        date_to=_date_arg("to"),
    )
    page = queries.search_audit(filters, page_number(request.args.get("page")))
    return render_template(
        "admin/audit.html",
        page=page,
        filters=filters,
        users=queries.list_users(),
        types=queries.audited_object_types(),
    )
