"""The public feedback page of each site (/f/<site code>): no sign-in, throttled, CSRF-protected,
with a honeypot against bots; and the status page for a tracking code."""

from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa
from flask import abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from outreach.extensions import db, limiter
from outreach.feedback import operations as ops
from outreach.feedback import queries
from outreach.feedback.blueprint import public_bp as bp
from outreach.feedback.languages import host_language, message_language_choices
from outreach.feedback.models import STATUS_LABELS
from outreach.feedback.public_forms import PublicFeedbackForm, StatusForm
from outreach.sites.models import Site

log = logging.getLogger(__name__)


def _site_or_404(site_code: str) -> Site:
    site = db.session.scalar(sa.select(Site).where(Site.code == site_code.upper()[:20]))
    if site is None or site.archived:
        abort(404)
    return site


@bp.url_value_preprocessor
def _page_language(endpoint, values) -> None:
    """A site's public pages open in its host country's language (``core.i18n``)."""
    code = (values or {}).get("site_code")
    if not code:
        return
    site = db.session.scalar(sa.select(Site).where(Site.code == str(code).upper()[:20]))
    if site is not None:
        g.public_site = site
        g.page_language = host_language(site) or "en"


@bp.route("/status", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["PUBLIC_STATUS_LIMIT"], methods=["POST"])
def status():
    """Check where one's feedback or complaint stands, with the tracking code."""
    form = StatusForm()
    result, looked_up, code = None, False, ""
    if form.validate_on_submit():
        looked_up = True
        code = ops.normalise_code(form.code.data)
        result = queries.public_status(code)
    return render_template(
        "public/status.html",
        form=form,
        result=result,
        code=code,
        looked_up=looked_up,
        status_labels=STATUS_LABELS,
    )


@bp.route("/<site_code>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["PUBLIC_FEEDBACK_LIMIT"], methods=["POST"])
def intake(site_code: str):
    """Leave feedback or a complaint about a site, anonymously if one wishes."""
    site = _site_or_404(site_code)
    form = PublicFeedbackForm()
    form.language.choices = message_language_choices(site, str(get_locale()))
    if not form.is_submitted():
        form.language.data = form.language.choices[0][0]  # the page's language
        appeal = ops.normalise_code(request.args.get("appeal", "")[:40])
        if appeal:  # from the status page's "appeal" link
            form.kind.data = "complaint"
            form.text.data = _(
                "I appeal against the answer to my message %(code)s because: ", code=appeal
            )
    if form.validate_on_submit():
        if form.website.data:
            # A bot filled the hidden field: answer like a success, keep nothing.
            log.info("honeypot triggered on the public page of %s", site.code)
            session.pop("public_code", None)
            return redirect(url_for("public.thanks", site_code=site.code))
        data = dict(form.data, is_complaint=form.kind.data == "complaint")
        feedback = ops.submit_public_feedback(site, data, dt.date.today())
        session["public_code"] = feedback.tracking_code
        return redirect(url_for("public.thanks", site_code=site.code))
    return render_template("public/intake.html", form=form, site=site)


@bp.route("/<site_code>/thanks")
def thanks(site_code: str):
    """Confirmation with the tracking code, shown once, and when to expect an answer."""
    site = _site_or_404(site_code)
    code = session.pop("public_code", None)
    return render_template(
        "public/thanks.html",
        site=site,
        code=code,
        result=queries.public_status(code) if code else None,
    )
