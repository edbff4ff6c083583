"""Sites: the list and page everyone in scope sees; registration and archiving by admins."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from outreach.core.permissions import can, get_site_or_404, requires
from outreach.extensions import db
from outreach.sites import operations as ops
from outreach.sites import queries
from outreach.sites.blueprint import bp
from outreach.sites.calendar import parse_weekend
from outreach.sites.forms import CountryForm, SiteForm
from outreach.sites.models import SITE_KIND_LABELS, Country, SiteKind, SiteStatus


@bp.route("/sites")
@login_required
def list_sites():
    """The sites the user works on or oversees, with search and filters."""
    filters = queries.SiteFilters(
        q=request.args.get("q", "").strip()[:100],
        country=request.args.get("country", "")[:2],
        kind=request.args.get("kind", "")[:20],
        include_archived=request.args.get("archived") == "1",
    )
    return render_template(
        "sites/list.html",
        sites=queries.list_sites(current_user, filters),
        filters=filters,
        countries=queries.countries_in_scope(current_user),
        kinds=SITE_KIND_LABELS,
    )


@bp.route("/sites/<int:site_id>")
@login_required
def show_site(site_id: int):
    """One site: its details and what is recorded there."""
    site = get_site_or_404(site_id)
    return render_template(
        "sites/show.html", site=site, can_write=can(current_user, "record.write", site)
    )


def _site_data(form: SiteForm) -> dict:
    data = {k: v for k, v in form.data.items() if k not in ("csrf_token", "version")}
    data["kind"] = SiteKind(data["kind"])
    data["status"] = SiteStatus(data["status"])
    return data


@bp.route("/sites/new", methods=["GET", "POST"])
@requires("site.manage")
def new_site():
    """Register a project site."""
    form = SiteForm(countries=queries.all_countries(), taken_codes=queries.taken_site_codes())
    if form.validate_on_submit():
        site = ops.create_site(_site_data(form), current_user)
        flash(_("Site %(code)s registered.", code=site.code), "success")
        return redirect(url_for("sites.show_site", site_id=site.id))
    return render_template("sites/form.html", form=form, site=None)


@bp.route("/sites/<int:site_id>/edit", methods=["GET", "POST"])
@requires("site.manage")
def edit_site(site_id: int):
    """Change a site's details; a concurrent change is shown, never overwritten."""
    site = get_site_or_404(site_id)
    form = SiteForm(
        obj=site,
        countries=queries.all_countries(),
        taken_codes=queries.taken_site_codes(except_site=site),
    )
    conflict = False
    if request.method == "GET":
        form.kind.data = site.kind.value
        form.status.data = site.status.value
        form.version.data = str(site.version)
    elif form.validate_on_submit():
        if form.version.data != str(site.version):
            conflict = True
            form.version.data = str(site.version)
        else:
            ops.update_site(site, _site_data(form), current_user)
            flash(_("Site saved."), "success")
            return redirect(url_for("sites.show_site", site_id=site.id))
    page = render_template("sites/form.html", form=form, site=site, conflict=conflict)
    return page, 409 if conflict else 200


@bp.route("/sites/<int:site_id>/archive", methods=["POST"])
@requires("site.manage")
def archive_site(site_id: int):
    """Archive a site, or bring it back."""
    site = get_site_or_404(site_id)
    archived = request.form.get("archived", "1") == "1"
    ops.set_archived(site, archived, current_user)
    flash(_("Site archived.") if archived else _("Site restored."), "success")
    return redirect(url_for("sites.show_site", site_id=site.id))


@bp.route("/countries")
@requires("site.manage")
def list_countries():
    """Countries with their currency, languages and next election."""
    return render_template("sites/countries.html", countries=queries.all_countries())


@bp.route("/countries/<code>/edit", methods=["GET", "POST"])
@requires("site.manage")
def edit_country(code: str):
    """Change a country's currency, languages or next election date."""
    country = db.session.get(Country, code.upper()[:2])
    if country is None:
        abort(404)
    form = CountryForm(obj=country)
    if not form.is_submitted():
        form.weekend.data = sorted(parse_weekend(country.weekend_days))
        form.holiday_lines.data = "\n".join(f"{h.day} {h.name}".strip() for h in country.holidays)
    if form.validate_on_submit():
        data = {
            k: v
            for k, v in form.data.items()
            if k not in ("csrf_token", "weekend", "holiday_lines")
        }
        data["weekend_days"] = ",".join(str(d) for d in sorted(form.weekend.data or []))
        data["holidays"] = form.holidays
        ops.update_country(country, data, current_user)
        flash(_("%(name)s saved.", name=country.name), "success")
        return redirect(url_for("sites.list_countries"))
    return render_template("sites/country_form.html", form=form, country=country)
