"""The organisation profile: the name, logo and contact printed on every report."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.admin import operations as ops
from outreach.admin import queries
from outreach.admin.blueprint import bp
from outreach.admin.forms import OrganisationForm
from outreach.core.forms import apply_rule_errors
from outreach.core.permissions import requires
from outreach.core.rules import RuleError
from outreach.core.uploads import size_limit_hint


@bp.route("/organisation", methods=["GET", "POST"])
@requires("organisation.manage")
def organisation():
    """Set the organisation's name, logo and contact for the reports' cover and footer."""
    profile = queries.organisation_profile()
    form = OrganisationForm(obj=profile)
    if form.validate_on_submit():
        upload = form.logo.data
        logo = upload.read(4 * 1024 * 1024) if upload and getattr(upload, "filename", "") else None
        command = {
            "name": form.name.data or "",
            "contact": form.contact.data or "",
            "logo": logo,
            "logo_type": getattr(upload, "mimetype", "") if logo is not None else "",
            "remove_logo": form.remove_logo.data,
        }
        try:
            ops.save_organisation(command, current_user)
        except RuleError as refused:
            apply_rule_errors(form, refused.errors)
        else:
            flash(_("Organisation profile saved."), "success")
            return redirect(url_for("admin.organisation"))
    return render_template(
        "admin/organisation.html",
        form=form,
        has_logo=bool(profile and profile.logo_type),
        size_hint=size_limit_hint(),
    )
