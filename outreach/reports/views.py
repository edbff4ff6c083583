"""Impact reports: build, preview, issue with confirmation, the archive, downloads, and the
public verification page."""

from __future__ import annotations

import dataclasses
import json

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.core.permissions import can, requires, visible_sites
from outreach.core.templating import country_label
from outreach.extensions import db, limiter
from outreach.jobs import Job
from outreach.reports import background, queries
from outreach.reports import operations as ops
from outreach.reports.blueprint import bp
from outreach.reports.forms import PHOTOS_PRINTED, ReportForm, VerifyForm
from outreach.reports.gather import gather_report_data, photo_offers
from outreach.reports.models import IssuedReport
from outreach.reports.period_names import period_name
from outreach.reports.render import render_report_pdf
from outreach.reports.scope import PORTFOLIO, ScopeError, parse_scope
from outreach.sites.queries import countries_in_scope

PDF_MAX_BYTES = 25 * 1024 * 1024

#: "{{ report.period_label|period_name }}": a period as the page's language writes it
bp.add_app_template_filter(period_name)


def _scope_choices(user) -> list[tuple[str, str]]:
    """The scopes the user may report on: their countries and the sites in them."""
    choices = [("portfolio", _("Whole portfolio"))] if can(user, "report.issue", PORTFOLIO) else []
    for country in countries_in_scope(user):
        choices.append((f"country:{country.code}", country_label(country)))
    for site in db.session.scalars(visible_sites(user)):
        choices.append((f"site:{site.code}", f"— {site.code} · {site.name}"))
    return choices


def _not_issuable(form: ReportForm, refusal: Exception):
    """The report form again, with the reason the report cannot be issued now."""
    flash(str(refusal), "error")
    return render_template("reports/form.html", form=form), 409


def _report_form() -> ReportForm:
    return ReportForm(
        scopes=_scope_choices(current_user), languages=current_app.config["REPORT_LANGUAGES"]
    )


def _valid_request(form: ReportForm):
    """The scope of a submitted form the user may report on, else None; the form may still
    be invalid for a photo's caption alone (``form.errors`` says)."""
    if not form.validate_on_submit() and set(form.errors) - {"photos"}:
        return None
    try:
        scope = parse_scope(form.scope.data)
    except ScopeError:
        form.scope.errors.append(_("Choose from the list."))
        return None
    return scope if can(current_user, "report.issue", scope) else None


def _report_data(scope, form: ReportForm):
    """The report's figures with the manager's narrative and photos from the form."""
    data = gather_report_data(
        scope,
        form.period,
        form.languages,
        current_user,
        what_works=form.what_works.data,
        photos=form.photo_choices,
    )
    return dataclasses.replace(
        data, executive_summary=form.executive_summary.data or "", highlights=form.highlight_lines
    )


def _refused(form: ReportForm, scope):
    """The page to put a refused request right on: the review page when only a photo's
    choice or caption is wrong, else the report form."""
    if scope is not None:
        return _review_page(form, scope), 400
    return render_template("reports/form.html", form=form), 400


def _review_page(form: ReportForm, scope) -> str:
    """What will be issued, the photos to choose and caption, and the confirmation."""
    offers = photo_offers(scope, form.period)
    if not form.photos.entries:
        form.offer_photos([(offer.attachment_id, offer.caption) for offer in offers])
    languages = current_app.config["REPORT_LANGUAGES"]
    return render_template(
        "reports/confirm.html",
        form=form,
        scope=scope,
        period=form.period,
        language_names=[languages[code] for code in form.languages],
        photos={offer.attachment_id: offer for offer in offers},
        photos_printed=PHOTOS_PRINTED,
        next_version=ops.next_version(
            gather_report_data(
                scope, form.period, form.languages, current_user, what_works=form.what_works.data
            )
        ),
    )


def _file(content: bytes, filename: str, mime_type: str, inline: bool = False) -> Response:
    disposition = "inline" if inline else "attachment"
    response = Response(content, mimetype=mime_type)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/reports/new")
@requires("report.issue")
def new_report():
    """Choose what a report covers, its period and languages."""
    return render_template("reports/form.html", form=_report_form())


@bp.route("/reports/preview", methods=["POST"])
@requires("report.issue")
def preview_report():
    """The report as a DRAFT PDF, not archived."""
    form = _report_form()
    scope = _valid_request(form)
    if scope is None or form.errors:
        return _refused(form, scope)
    pdf = render_report_pdf(_report_data(scope, form), draft=True)
    return _file(pdf.content, "draft-impact-report.pdf", "application/pdf", inline=True)


@bp.route("/reports/confirm", methods=["POST"])
@requires("report.issue")
def confirm_report():
    """Show what will be issued, offer the photos to print with their captions, and ask for
    confirmation."""
    form = _report_form()
    scope = _valid_request(form)
    if scope is None:
        return render_template("reports/form.html", form=form), 400
    try:
        ops.check_issuable()
    except ops.NotIssuable as refusal:
        return _not_issuable(form, refusal)
    return _review_page(form, scope), 400 if form.errors else 200


@bp.route("/reports/issue", methods=["POST"])
@requires("report.issue")
def issue_report():
    """Issue the report: render it for good and archive it."""
    form = _report_form()
    scope = _valid_request(form)
    if scope is None or form.errors:
        return _refused(form, scope)
    if form.confirmed.data != "yes":
        return render_template("reports/form.html", form=form), 400
    try:
        ops.check_issuable()
    except ops.NotIssuable as refusal:
        return _not_issuable(form, refusal)
    if background.runs_as_job(scope):
        job = background.enqueue_issue(
            form.scope.data,
            form.period_text(),
            form.languages,
            current_user,
            what_works=form.what_works.data,
            executive_summary=form.executive_summary.data or "",
            highlights=form.highlight_lines,
            photos=form.photo_choices,
        )
        return redirect(url_for("reports.issuing", job_id=job.id))
    try:
        report = ops.issue_report(_report_data(scope, form), current_user)
    except ops.NotIssuable as refusal:
        return _not_issuable(form, refusal)
    flash(_("Report issued. Verification code: %(code)s", code=report.verification_code), "success")
    return redirect(url_for("reports.show_report", report_id=report.id))


@bp.route("/reports/issuing/<int:job_id>")
@requires("report.issue")
def issuing(job_id: int):
    """How far a report being issued by a job is; the report once it is issued."""
    job = db.session.get(Job, job_id)
    if job is None or background.issuer_id(job) != current_user.id:
        abort(404)
    result = json.loads(job.result) if job.result else {}
    if result.get("report_id"):
        report = db.session.get(IssuedReport, result["report_id"])
        flash(
            _("Report issued. Verification code: %(code)s", code=report.verification_code),
            "success",
        )
        return redirect(url_for("reports.show_report", report_id=report.id))
    step = background.STEPS.get(job.progress_note or "waiting", background.STEPS["waiting"])
    return render_template("reports/issuing.html", job=job, step=step, error=result.get("error"))


@bp.route("/reports")
@requires("report.view")
def list_reports():
    """Issued reports of the user's countries, newest period first."""
    country = request.args.get("country", "")[:2].upper()
    reports = list(db.session.scalars(queries.archive_stmt(current_user, country)))
    countries = sorted(
        {(r.country_code, r.scope_name) for r in reports if r.scope_kind == "country"}
    )
    return render_template(
        "reports/list.html",
        reports=reports,
        country=country,
        countries=countries,
        can_issue=can(current_user, "report.issue"),
    )


@bp.route("/reports/<int:report_id>")
@requires("report.view")
def show_report(report_id: int):
    """One issued report: what it covers, its fingerprint and downloads."""
    report = queries.get_report_or_404(report_id, current_user)
    return render_template(
        "reports/show.html", report=report, versions=queries.versions_of(report, current_user)
    )


@bp.route("/reports/<int:report_id>/pdf")
@requires("report.view")
def download_pdf(report_id: int):
    """The issued PDF exactly as archived."""
    report = queries.get_report_or_404(report_id, current_user)
    return _file(report.pdf, f"{report.filename_stem}.pdf", "application/pdf")


@bp.route("/reports/<int:report_id>/xlsx")
@requires("report.view")
def download_xlsx(report_id: int):
    """The issued report's tables as an Excel workbook."""
    report = queries.get_report_or_404(report_id, current_user)
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _file(report.xlsx, f"{report.filename_stem}.xlsx", mime)


@bp.route("/verify", methods=["GET", "POST"])
@bp.route("/verify/<code>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["VERIFY_LIMIT"])
def verify(code: str = ""):
    """Anyone: is this PDF (or fingerprint) an original issued report, and which one? The page
    names the issuing organisation and the issuer's role, never a person."""
    typed = request.args.get("code")
    if typed is not None and not code:
        # the code box: a code typed with spaces, dashes or small letters finds its report
        code = "".join(ch for ch in typed.upper() if ch.isalnum())
    code = code.strip().upper()[:16]
    form = VerifyForm()
    result = queries.verify(code) if code else None
    if form.validate_on_submit():
        if form.document.data:
            content = form.document.data.read(PDF_MAX_BYTES + 1)
            result = queries.verify(code, content=content)
        else:
            digest = queries.normalise_sha256(form.sha256.data)
            if digest is None:
                form.sha256.errors.append(_("A fingerprint is 64 letters and digits (0-9, a-f)."))
            else:
                result = queries.verify(code, digest=digest)
    return render_template(
        "reports/verify.html",
        form=form,
        code=code,
        result=result,
        organisation=current_app.config["ORGANISATION_NAME"],
    )
