"""The import pages for managers and administrators: upload, match a KoboToolbox/ODK form's
columns, follow the check, read the errors (or download them in the workbook), confirm."""

from __future__ import annotations

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.core.permissions import can, requires
from outreach.imports import kobo, queries, repeats, running, workbooks
from outreach.imports.blueprint import bp
from outreach.imports.forms import StepForm, UploadForm
from outreach.imports.models import ImportState
from outreach.imports.reading import ReadError
from outreach.imports.registry import KINDS, get_kind
from outreach.imports.storage import path_of
from outreach.imports.uploads import new_run

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: errors listed on the page (all of them are in the downloadable workbook)
SHOWN_ERRORS = 200


def _kinds():
    return [k for k in KINDS.values() if can(current_user, k.capability)]


def _own_run(import_id: int):
    run = queries.run_of(current_user, import_id)
    if run is None:
        abort(404)
    return run


@bp.route("/", methods=["GET", "POST"])
@requires("import.run")
def start_import():
    """Upload a file to import, and see the imports made before."""
    form = UploadForm(kinds=_kinds(), may_approve=can(current_user, "activity.review"))
    if form.validate_on_submit():
        kind = get_kind(form.kind.data)
        zip_file = form.attachments.data if getattr(form.attachments.data, "filename", "") else None
        try:
            run = new_run(
                kind.name,
                current_user,
                form.file.data.filename,
                form.file.data.stream,
                update=form.update.data,
                approve=bool(form.approve.data) if "approve" in form else False,
                attachments=zip_file.stream if zip_file else None,
            )
        except ReadError as error:
            form.file.errors.append(str(error.message))
        else:
            if form.kobo.data:
                return redirect(url_for("imports.map_columns", import_id=run.id))
            running.start(run.id)
            return redirect(url_for("imports.show_import", import_id=run.id))
    return render_template(
        "imports/start.html", form=form, kinds=_kinds(), runs=queries.recent_runs(current_user)
    )


@bp.route("/template/<kind>.xlsx")
@requires("import.run")
def template(kind: str):
    """Download the template of a kind, with headings in the user's language."""
    spec = get_kind(kind)
    if spec is None or not can(current_user, spec.capability):
        abort(404)
    return Response(
        workbooks.template(spec),
        mimetype=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="outreach-{spec.name}-template.xlsx"'
        },
    )


@bp.route("/<int:import_id>")
@requires("import.run")
def show_import(import_id: int):
    """Follow an import: its progress, then its errors or what it will write."""
    run = _own_run(import_id)
    return render_template(
        "imports/show.html",
        run=run,
        kind=get_kind(run.kind),
        done=queries.progress(run),
        errors=(run.errors or [])[:SHOWN_ERRORS],
        form=StepForm(),
    )


@bp.route("/<int:import_id>/progress.json")
@requires("import.run")
def import_progress(import_id: int):
    """The progress of an import, for the page's script."""
    run = _own_run(import_id)
    return jsonify(state=run.state.value, done=queries.progress(run), total=run.total_rows)


@bp.route("/<int:import_id>/confirm", methods=["POST"])
@requires("import.run")
def confirm_import(import_id: int):
    """Write every row of a checked import."""
    run = _own_run(import_id)
    if not StepForm().validate_on_submit() or run.state != ImportState.CHECKED:
        abort(409)
    running.confirm(run)
    return redirect(url_for("imports.show_import", import_id=run.id))


@bp.route("/<int:import_id>/cancel", methods=["POST"])
@requires("import.run")
def cancel_import(import_id: int):
    """Drop an import that was not written."""
    run = _own_run(import_id)
    if not StepForm().validate_on_submit() or run.is_running:
        abort(409)
    if run.state != ImportState.DONE:
        queries.cancel(run)
        flash(_("The import was dropped; nothing was written."), "info")
    return redirect(url_for("imports.start_import"))


@bp.route("/<int:import_id>/errors.<any(xlsx, csv):fmt>")
@requires("import.run")
def error_workbook(import_id: int, fmt: str):
    """The uploaded file with an error column, to fix and upload again."""
    run = _own_run(import_id)
    if run.state != ImportState.REFUSED:
        abort(404)
    content, ext = workbooks.with_errors(path_of(run.stored_name), run.filename, run.errors)
    stem = run.filename.rsplit(".", 1)[0]
    return Response(
        content,
        mimetype=XLSX if ext == "xlsx" else "text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{stem}-errors.{ext}"'},
    )


@bp.route("/<int:import_id>/columns", methods=["GET", "POST"])
@requires("import.run")
def map_columns(import_id: int):
    """Match the columns of a KoboToolbox/ODK export to the fields (kept for the form)."""
    run = _own_run(import_id)
    if run.state != ImportState.QUEUED:
        return redirect(url_for("imports.show_import", import_id=run.id))
    kind = get_kind(run.kind)
    try:
        form_key, header, proposed, children = kobo.proposed_mappings(run, kind)
    except ReadError as error:
        queries.fail(run, str(error.message))
        return redirect(url_for("imports.show_import", import_id=run.id))
    form = StepForm()
    if form.validate_on_submit():
        chosen = {h: request.form.get(f"col-{i}", "") for i, h in enumerate(header)}
        fixed = {c.key: request.form.get(f"fixed-{c.key}", "") for c in kobo.fixed_choices(kind)}
        kept = {}
        for n, (name, headings, _proposed) in enumerate(children):
            picked = {h: request.form.get(f"rep-{n}-{i}", "") for i, h in enumerate(headings)}
            kept.update(repeats.chosen_mapping(name, picked))
        kobo.save_mapping(run, kind, form_key, chosen, fixed, kept)
        running.start(run.id)
        return redirect(url_for("imports.show_import", import_id=run.id))
    return render_template(
        "imports/columns.html",
        run=run,
        kind=kind,
        header=header,
        proposed=proposed,
        fixed=kobo.fixed_choices(kind),
        children=children,
        promise_columns=repeats.PROMISE_COLUMNS,
        form=form,
    )
