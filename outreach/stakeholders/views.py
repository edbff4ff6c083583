"""The stakeholder register: search, view, add and edit within one's own sites."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.core import permissions
from outreach.core.pagination import page_number
from outreach.core.permissions import can, requires
from outreach.core.urls import int_arg
from outreach.extensions import db
from outreach.stakeholders import operations as ops
from outreach.stakeholders import queries
from outreach.stakeholders.blueprint import bp
from outreach.stakeholders.forms import StakeholderForm
from outreach.stakeholders.models import CATEGORY_LABELS


@bp.app_template_global()
def site_stakeholder_count(site) -> int | None:
    """How many stakeholders a site's page lists; None for those who may not see them."""
    if not can(current_user, "record.view"):
        return None
    return queries.count_at_site(site.id)


def _load(stakeholder_id: int):
    stakeholder = queries.get_visible(current_user, stakeholder_id)
    if stakeholder is None:
        abort(404)
    return stakeholder


def _may_change(stakeholder) -> bool:
    """Linked to an open site where the user may record things (not only archived ones)."""
    return can(current_user, "record.write", stakeholder)


def _hidden_sites(stakeholder) -> list:
    """The stakeholder's sites the user may not change: their links are kept as they are."""
    return [s for s in stakeholder.sites if not can(current_user, "record.write", s)]


@bp.route("/")
@requires("record.view")
def list_stakeholders():
    """Search the register of the user's sites."""
    filters = queries.StakeholderFilters(
        q=request.args.get("q", "").strip()[:100],
        site_id=int_arg(request.args.get("site")),
        category=request.args.get("category", "")[:20],
    )
    page = queries.search_stakeholders(current_user, filters, page_number(request.args.get("page")))
    sites = list(db.session.scalars(permissions.visible_sites(current_user)))
    return render_template(
        "stakeholders/list.html",
        page=page,
        filters=filters,
        sites=sites,
        visible_site_ids={s.id for s in sites},
        categories=CATEGORY_LABELS,
    )


@bp.route("/new", methods=["GET", "POST"])
@requires("record.write")
def new_stakeholder():
    """Add a community, institution or person to the register."""
    sites = permissions.writable_sites(current_user)
    form = StakeholderForm(sites=sites)
    if request.method == "GET":
        site_arg = request.args.get("site", "")
        form.site_ids.data = [s.id for s in sites if str(s.id) == site_arg or len(sites) == 1]
    if form.validate_on_submit():
        stakeholder = ops.create_stakeholder(form.data, current_user)
        flash(_("%(name)s added to the register.", name=stakeholder.name), "success")
        return redirect(url_for("stakeholders.show_stakeholder", stakeholder_id=stakeholder.id))
    return render_template("stakeholders/form.html", form=form, stakeholder=None)


@bp.route("/<int:stakeholder_id>")
@requires("record.view")
def show_stakeholder(stakeholder_id: int):
    """One stakeholder's record."""
    stakeholder = _load(stakeholder_id)
    can_edit = _may_change(stakeholder)
    return render_template(
        "stakeholders/show.html",
        stakeholder=stakeholder,
        # a stakeholder shared with sites outside the user's scope does not name them
        sites=[s for s in stakeholder.sites if can(current_user, "site.view", s)],
        can_edit=can_edit,
        can_delete=can(current_user, "record.delete", stakeholder),
    )


@bp.route("/<int:stakeholder_id>/edit", methods=["GET", "POST"])
@requires("record.write")
def edit_stakeholder(stakeholder_id: int):
    """Change a stakeholder's record; a concurrent change is shown, never overwritten."""
    stakeholder = _load(stakeholder_id)
    sites = permissions.writable_sites(current_user)
    writable_ids = {s.id for s in sites}
    if not any(s.id in writable_ids for s in stakeholder.sites):
        abort(403)
    form = StakeholderForm(obj=stakeholder, sites=sites)
    conflict = False
    if request.method == "GET":
        form.category.data = stakeholder.category.value
        form.site_ids.data = [s.id for s in stakeholder.sites if s.id in writable_ids]
        form.vulnerable_groups.data = stakeholder.vulnerable_list
        form.version.data = str(stakeholder.version)
    elif form.validate_on_submit():
        if form.version.data != str(stakeholder.version):
            conflict = True
            form.version.data = str(stakeholder.version)
        else:
            hidden = _hidden_sites(stakeholder)
            ops.update_stakeholder(stakeholder, form.data, current_user, hidden_sites=hidden)
            flash(_("Saved."), "success")
            return redirect(url_for("stakeholders.show_stakeholder", stakeholder_id=stakeholder.id))
    page = render_template(
        "stakeholders/form.html", form=form, stakeholder=stakeholder, conflict=conflict
    )
    return page, 409 if conflict else 200


@bp.route("/<int:stakeholder_id>/delete", methods=["POST"])
@requires("record.delete")
def delete_stakeholder(stakeholder_id: int):
    """Remove a stakeholder from the register of one's sites (kept for the audit trail); other
    sites sharing it keep it, as they do when it is edited."""
    stakeholder = _load(stakeholder_id)
    if not can(current_user, "record.delete", stakeholder):
        abort(403)
    name = stakeholder.name
    if ops.delete_stakeholder(stakeholder, current_user, _hidden_sites(stakeholder)):
        message = _("%(name)s removed from the register.", name=name)
    else:
        message = _(
            "%(name)s is no longer linked to your sites; other sites keep it in their register.",
            name=name,
        )
    flash(message, "success")
    return redirect(url_for("stakeholders.list_stakeholders"))
