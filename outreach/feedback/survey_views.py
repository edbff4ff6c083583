"""Perception surveys, the sentiment index table, feedback categories and the QR poster."""

from __future__ import annotations

import segno
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from outreach.core import permissions
from outreach.core.disclosure import Audience, audience_of, withholds
from outreach.core.periods import last_twelve_months
from outreach.core.permissions import can, get_site_or_404, requires
from outreach.core.urls import external_url, int_arg
from outreach.extensions import db
from outreach.feedback import operations as ops
from outreach.feedback import queries
from outreach.feedback.blueprint import bp
from outreach.feedback.forms import CategoryForm, SurveyForm
from outreach.feedback.models import SURVEY_ITEMS, SURVEY_METHOD_LABELS, FeedbackCategory
from outreach.feedback.sentiment import site_month_sentiment
from outreach.feedback.views import today


@bp.route("/surveys")
@login_required
def list_surveys():
    """Perception survey rounds of the user's sites, with index and change."""
    return render_template(
        "feedback/surveys.html",
        rounds=queries.survey_rounds(
            current_user, audience_of(current_user), int_arg(request.args.get("site"))
        ),
        sites={s.id: s for s in db.session.scalars(permissions.visible_sites(current_user))},
        items=SURVEY_ITEMS,
        methods={m.value: label for m, label in SURVEY_METHOD_LABELS.items()},
    )


@bp.route("/sites/<int:site_id>/surveys/new", methods=["GET", "POST"])
@requires("record.write")
def new_survey(site_id: int):
    """Enter the tallied answers of a perception survey round."""
    site = get_site_or_404(site_id)
    if not can(current_user, "record.write", site):
        abort(403)
    form = SurveyForm()
    if form.validate_on_submit():
        ops.record_survey_round(
            site,
            {
                "conducted_on": form.conducted_on.data,
                "sample_size": form.sample_size.data,
                "method": form.method.data,
                "notes": form.notes.data,
                "counts": form.counts(),
            },
            current_user,
        )
        flash(_("Survey round saved."), "success")
        return redirect(url_for("feedback.list_surveys", site=site.id))
    return render_template("feedback/survey_form.html", form=form, site=site, items=SURVEY_ITEMS)


@bp.route("/sentiment")
@login_required
def sentiment():
    """The sentiment index per site and month over the last twelve months (numbers only)."""
    twelve_months = last_twelve_months(today())
    rows = site_month_sentiment(
        permissions.scope_site_ids(current_user), twelve_months.start, twelve_months.end
    )
    audience = audience_of(current_user)
    # as on the dashboards: no index an audience may not see (built from too few items)
    rows = [r for r in rows if not withholds(audience, r.feedback_count)]
    partner = audience is not Audience.STAFF
    sites = {s.id: s for s in db.session.scalars(permissions.visible_sites(current_user))}
    return render_template("feedback/sentiment.html", rows=rows, sites=sites, partner=partner)


@bp.route("/categories", methods=["GET", "POST"])
@requires("categories.manage")
def categories():
    """The list of feedback categories; admins add, rename and retire them."""
    existing = queries.all_categories()
    form = CategoryForm(taken_keys=[c.key for c in existing])
    if form.validate_on_submit():
        ops.save_category(None, dict(form.data, other_names=form.other_names), current_user)
        flash(_("Category added."), "success")
        return redirect(url_for("feedback.categories"))
    return render_template("feedback/categories.html", categories=existing, form=form)


@bp.route("/categories/<int:category_id>", methods=["POST"])
@requires("categories.manage")
def edit_category(category_id: int):
    """Rename a category, or retire it / offer it again."""
    category = db.session.get(FeedbackCategory, category_id)
    if category is None:
        abort(404)
    form = CategoryForm(key=category.key)
    form.key.data = category.key
    if form.validate_on_submit():
        ops.save_category(category, dict(form.data, other_names=form.other_names), current_user)
        flash(_("Category saved."), "success")
    else:
        flash(_("Enter a name."), "error")
    return redirect(url_for("feedback.categories"))


@bp.route("/sites/<int:site_id>/poster.pdf")
@requires("record.view")
def poster(site_id: int):
    """A printable A4 poster with the QR code of the site's public feedback page."""
    from outreach.feedback.languages import host_language
    from outreach.feedback.poster import render_poster

    site = get_site_or_404(site_id)
    # the link opens the page in the poster's language, whatever the phone's setting
    url = external_url("public.intake", site_code=site.code, lang=host_language(site) or "en")
    qr_svg = segno.make(url, error="m").svg_inline(scale=8, border=2)
    pdf = render_poster(site, url, qr_svg)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="poster-{site.code}.pdf"'},
    )
