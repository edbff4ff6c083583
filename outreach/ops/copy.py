"""Moving from the embedded SQLite database to PostgreSQL: ``flask --app app db copy --to URL``.

The target must be an empty PostgreSQL database. If it has no tables, the migrations build the
schema there first; if it has them, it must be at the same migration as this code. Every table
is then copied in dependency order (parents before children) with ``COPY … FROM STDIN``, the
identity sequences are set past the largest id, and each table is checked: its row count, and
a SHA-256 over its rows read back through the models' column types in primary-key order, must
equal the source's. All of it runs in one transaction on the target, which is committed only
when every table agrees, so a failed copy leaves the target as empty as it was.

The source is read in one transaction, so the copy is a consistent snapshot even while the app
keeps serving; writes made after the snapshot are not copied (stop the app, or copy again into
a new database). Uploaded files stay where they are: the database names them by a path relative
to ``UPLOAD_FOLDER``, which the PostgreSQL deployment points at the same folder.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

import click
import sqlalchemy as sa
from flask import current_app

from outreach.config import normalise_database_url
from outreach.extensions import db

#: tables the migrations fill with defaults; an otherwise empty target still counts as empty,
#: and the source's rows replace these defaults
SEEDED_BY_MIGRATIONS = ("feedback_categories",)
BATCH = 10_000


class CopyError(Exception):
    """A copy that was refused or failed; nothing was written to the target."""


@dataclass
class TableCopy:
    name: str
    rows: int
    seconds: float
    checksum: str


def copy_database(target_url: str, say: Callable[[str], None] = lambda _: None) -> list[TableCopy]:
    """Copy the app's SQLite database into the empty PostgreSQL database at ``target_url``."""
    source = db.engine
    if source.dialect.name != "sqlite":
        raise CopyError(
            f"the copy reads the embedded SQLite database; this app uses {source.dialect.name}"
        )
    target_url = normalise_database_url(target_url)
    url = sa.engine.make_url(target_url)
    if not url.drivername.startswith("postgresql"):
        raise CopyError("the target must be a PostgreSQL database (postgresql://…)")
    target = sa.create_engine(target_url)
    try:
        _prepare_target(target, target_url, say)
        return _copy(source, target, say)
    except sa.exc.OperationalError as error:
        raise CopyError(f"cannot reach the target database: {error.orig}") from error
    finally:
        target.dispose()


def _prepare_target(target: sa.Engine, target_url: str, say) -> None:
    head = _head_revision()
    with db.engine.connect() as conn:
        source_revision = _revision(conn)
    if source_revision != head:
        raise CopyError(
            f"this database is at migration {source_revision}, the code at {head}: "
            "run `flask --app app db upgrade` first"
        )
    with target.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        revision = _revision(conn) if "alembic_version" in tables else None
    if not tables:
        say("The target has no tables: building the schema with the migrations…")
        _migrate(target_url)
    elif revision != head:
        raise CopyError(
            f"the target is not empty: it has {len(tables)} tables at migration {revision}"
        )
    with target.connect() as conn:
        for table in db.metadata.sorted_tables:
            if table.name in SEEDED_BY_MIGRATIONS:
                continue
            if conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
                raise CopyError(f"the target is not empty: table {table.name} has rows")


def _head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(
        current_app.extensions["migrate"].migrate.get_config()
    ).get_current_head()


def _revision(conn) -> str | None:
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _migrate(target_url: str) -> None:
    """Build the schema on the target with the same migrations, through an app bound to it."""
    from flask_migrate import upgrade

    from outreach import create_app

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": target_url, "SECRET_KEY": current_app.config["SECRET_KEY"]},
        instance_path=current_app.instance_path,
    )
    with app.app_context():
        upgrade()
        db.engine.dispose()


def _copy(source: sa.Engine, target: sa.Engine, say) -> list[TableCopy]:
    done: list[TableCopy] = []
    with source.connect() as src, target.connect() as dst:
        src.exec_driver_sql("SELECT 1")  # the snapshot every read below shares
        with dst.begin():
            dst.exec_driver_sql("SET LOCAL TIME ZONE 'UTC'")  # SQLite's timestamps are UTC
            for name in SEEDED_BY_MIGRATIONS:
                dst.execute(db.metadata.tables[name].delete())
            for table in db.metadata.sorted_tables:
                start = time.perf_counter()
                rows = _copy_rows(src, dst, table)
                _set_sequence(dst, table)
                done.append(TableCopy(table.name, rows, time.perf_counter() - start, ""))
                say(f"{table.name}: {rows:,} rows in {done[-1].seconds:.1f} s")
            say("Checking every table on both sides…")
            for copied, table in zip(done, db.metadata.sorted_tables, strict=True):
                expected = _fingerprint(src, table)
                found = _fingerprint(dst, table)
                if expected != found:
                    raise CopyError(
                        f"{table.name} differs after the copy (rows {expected[0]} → {found[0]}); "
                        "nothing was written"
                    )
                copied.checksum = found[1]
    return done


def _copy_rows(src, dst, table: sa.Table) -> int:
    """Stream the stored values as they are (no type conversion) into ``COPY``."""
    raw = [sa.type_coerce(c, sa.types.NullType()) for c in table.columns]
    result = src.execute(sa.select(*raw).order_by(*_order(table)))
    quote = dst.dialect.identifier_preparer.quote
    columns = ", ".join(quote(c.name) for c in table.columns)
    cursor = dst.connection.driver_connection.cursor()
    n = 0
    with cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
        while batch := result.fetchmany(BATCH):
            for row in batch:
                copy.write_row(row)
            n += len(batch)
    return n


def _set_sequence(dst, table: sa.Table) -> None:
    """The next id after the largest copied one (or 1 for an empty table)."""
    pk = list(table.primary_key.columns)
    if len(pk) != 1 or not isinstance(pk[0].type, sa.Integer) or pk[0].autoincrement is False:
        return
    column = pk[0]
    sequence = dst.execute(
        sa.select(sa.func.pg_get_serial_sequence(table.name, column.name))
    ).scalar()
    if sequence:
        top = sa.func.max(column)
        dst.execute(sa.select(sa.func.setval(sequence, sa.func.coalesce(top, 1), top.is_not(None))))


def _order(table: sa.Table) -> list[sa.Column]:
    return list(table.primary_key.columns) or list(table.columns)


def _fingerprint(conn, table: sa.Table) -> tuple[int, str]:
    """Row count and SHA-256 of the rows read through the models' types, in key order."""
    digest = hashlib.sha256()
    n = 0
    result = conn.execution_options(yield_per=BATCH).execute(
        sa.select(table).order_by(*_order(table))
    )
    for row in result:
        digest.update(json.dumps([_canonical(v) for v in row]).encode())
        n += 1
    return n, digest.hexdigest()


def _canonical(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return value


def register(db_group: click.Group) -> None:
    db_group.add_command(copy_command)


@click.command("copy")
@click.option(
    "--to",
    "target",
    required=True,
    metavar="URL",
    help="an empty PostgreSQL database, e.g. postgresql://user@host/outreach",
)
def copy_command(target: str) -> None:
    """Copy this SQLite database into an empty PostgreSQL database, and check the copy."""
    start = time.perf_counter()
    try:
        tables = copy_database(target, say=click.echo)
    except CopyError as error:
        raise click.ClickException(str(error)) from error
    total = sum(t.rows for t in tables)
    click.echo(
        f"Copied and checked {len(tables)} tables, {total:,} rows, in "
        f"{time.perf_counter() - start:.1f} s: row counts and checksums agree. "
        "Point DATABASE_URL at the new database; uploads stay in UPLOAD_FOLDER."
    )
