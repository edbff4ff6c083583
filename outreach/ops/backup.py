"""Database backups: ``flask --app app backup create [-o PATH]`` and ``backup restore PATH``.

SQLite is copied with its online backup API, which gives a consistent snapshot while the app
keeps writing; the copy is then checked with ``PRAGMA integrity_check``. PostgreSQL is dumped
with ``pg_dump --format=custom`` and brought back with ``pg_restore --clean --if-exists`` in a
single transaction. Backups go to ``instance/backups/`` under a UTC timestamp unless ``-o`` names
another path.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3

# pg_dump / pg_restore run with an argument list, never through a shell.
import subprocess  # nosec B404
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.engine import URL, make_url

from outreach.extensions import db

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


# --- SQLite -------------------------------------------------------------------------------


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def _integrity_problems(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        rows += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy every page in one step: a read transaction on ``source`` keeps it consistent."""
    src = sqlite3.connect(source, timeout=current_app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000)
    dst = sqlite3.connect(target, timeout=current_app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _sqlite_backup(url: URL, target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _sqlite_copy(_sqlite_path(url), partial)
        conn = sqlite3.connect(partial)
        conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        conn.close()
        problems = _integrity_problems(partial)
        if problems:
            raise BackupError("the copy failed its integrity check: " + "; ".join(problems[:5]))
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _sqlite_restore(url: URL, source: Path) -> None:
    problems = _integrity_problems(source)
    if problems:
        raise BackupError("the backup fails its integrity check: " + "; ".join(problems[:5]))
    # Written through SQLite (not a file copy), so a live WAL database stays coherent and
    # other connections see the restored content on their next transaction.
    _sqlite_copy(source, _sqlite_path(url))


# --- PostgreSQL ---------------------------------------------------------------------------


def libpq_target(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string for a SQLAlchemy URL, and the environment carrying its
    password (``PGPASSWORD``) so the password never appears in a process listing."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian package postgresql-client)")
    return path


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _pg_backup(url: URL, target: Path) -> None:
    dsn, env = libpq_target(url)
    partial = target.with_name(target.name + ".partial")
    try:
        _run([_program("pg_dump"), "--format=custom", f"--file={partial}", f"--dbname={dsn}"], env)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _pg_restore(url: URL, source: Path) -> None:
    dsn, env = libpq_target(url)
    args = [_program("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    _run([*args, f"--dbname={dsn}", str(source)], env)


# --- the operations -----------------------------------------------------------------------


def default_path(url: URL) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "sqlite3" if url.get_backend_name() == "sqlite" else "pgdump"
    return Path(current_app.instance_path) / "backups" / f"outreach-{stamp}.{suffix}"


def create_backup(target: Path | None = None) -> Path:
    """Write a consistent snapshot of the app's database to ``target`` and return its path."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    target = Path(target) if target else default_path(url)
    if target.exists():
        raise BackupError(f"{target} already exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    backend = url.get_backend_name()
    if backend == "sqlite":
        _sqlite_backup(url, target)
    elif backend == "postgresql":
        _pg_backup(url, target)
    else:
        raise BackupError(f"no backup method for {backend}")
    target.chmod(0o600)  # it holds personal data
    return target


def restore_backup(source: Path) -> None:
    """Replace the app's database content with the backup in ``source``."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    with source.open("rb") as f:
        head = f.read(16)
    backend = url.get_backend_name()
    db.session.remove()
    db.engine.dispose()  # no pooled connection holds a lock the restore needs
    if backend == "sqlite" and head == SQLITE_MAGIC:
        _sqlite_restore(url, source)
    elif backend == "postgresql" and head.startswith(PGDUMP_MAGIC):
        _pg_restore(url, source)
    else:
        raise BackupError(f"{source} is not a {backend} backup made by 'backup create'")
    db.engine.dispose()


# --- command line -------------------------------------------------------------------------

backup = AppGroup("backup", help="Back up the database and restore it.")


@backup.command("create")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def create_command(output: Path | None) -> None:
    """Write a consistent snapshot (default: instance/backups/outreach-<UTC time>)."""
    try:
        path = create_backup(output)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"backup written to {path} ({path.stat().st_size} bytes)")


@backup.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the whole database content with the backup at PATH."""
    if not yes:
        click.confirm(f"Replace everything in the database with {path}?", abort=True)
    try:
        restore_backup(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"database restored from {path}")
