"""``flask --app app import template KIND -o FILE.xlsx`` writes a template;
``flask --app app import KIND FILE --as EMAIL [--dry-run] [--update] [--approve]`` checks every
row, then writes them all (or, with an error, none), printing "N created, M updated,
K unchanged"."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import sqlalchemy as sa
from flask_babel import force_locale

from outreach.auth.models import User
from outreach.extensions import db
from outreach.imports import workbooks
from outreach.imports.models import ImportState
from outreach.imports.registry import KINDS, get_kind
from outreach.imports.running import run_import
from outreach.imports.uploads import new_run

KIND_NAMES = ", ".join(sorted(KINDS))


def _echo_progress(label: str):
    def show(done: int) -> None:
        click.echo(f"\r{label}: {done} rows", nl=False, err=True)

    return show


@click.command("template")
@click.argument("kind")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--lang", default="en", help="Language of the headings (en, ms, th, ...).")
def template_command(kind: str, output: Path, lang: str) -> None:
    """Write the XLSX template of KIND."""
    spec = get_kind(kind)
    if spec is None:
        raise click.UsageError(f"Unknown kind {kind!r}; choose one of {KIND_NAMES}.")
    with force_locale(lang):
        output.write_bytes(workbooks.template(spec))
    click.echo(f"{output}: template for {spec.name}")


def _import(
    kind: str,
    file: Path,
    email: str,
    dry_run: bool,
    update: bool,
    approve: bool,
    attachments: Path | None,
) -> None:
    user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email.lower()))
    if user is None or not user.active:
        raise click.UsageError(f"No active account with the e-mail {email}.")
    with file.open("rb") as stream, attachments.open("rb") if attachments else _Nothing() as zf:
        run = new_run(kind, user, file.name, stream, update=update, approve=approve, attachments=zf)
    db.session.commit()
    run_import(run.id, progress=_echo_progress("checked"))
    click.echo("", err=True)
    db.session.refresh(run)
    if run.state == ImportState.CHECKED and not dry_run:
        run.state = ImportState.CONFIRMED
        db.session.commit()
        run_import(run.id, progress=_echo_progress("written"))
        click.echo("", err=True)
        db.session.refresh(run)
    if run.problem:
        click.echo(run.problem, err=True)
    for row, heading, message in run.errors or []:
        click.echo(f"row {row}, {heading}: {message}", err=True)
    if run.state not in (ImportState.CHECKED, ImportState.DONE):
        click.echo("Nothing was written.", err=True)
        sys.exit(1)
    prefix = "would be: " if dry_run else ""
    click.echo(f"{prefix}{run.created} created, {run.updated} updated, {run.unchanged} unchanged")
    if dry_run:
        run.state = ImportState.CANCELLED
        db.session.commit()


class _Nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


class ImportGroup(click.Group):
    """``import template ...`` or ``import KIND FILE ...``: each kind is a command of its own."""

    def list_commands(self, ctx):
        return ["template", *sorted(KINDS)]

    def get_command(self, ctx, name):
        if name == "template":
            return template_command
        spec = get_kind(name)
        if spec is None:
            return None

        @click.command(spec.name)
        @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
        @click.option("--as", "email", required=True, help="The e-mail of the importing account.")
        @click.option("--dry-run", is_flag=True, help="Check only; write nothing.")
        @click.option("--update", is_flag=True, help="Update records whose rows changed.")
        @click.option("--approve", is_flag=True, help="Approve imported activities (managers).")
        @click.option(
            "--attachments",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="A KoboToolbox attachments ZIP with the photos.",
        )
        def command(file, email, dry_run, update, approve, attachments):
            """Check FILE, then write every row of it, or none."""
            _import(spec.name, file, email, dry_run, update, approve, attachments)

        return command


import_group = ImportGroup(
    "import", help=f"Import spreadsheets and KoboToolbox/ODK exports ({KIND_NAMES})."
)
