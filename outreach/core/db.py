"""UTC timestamps, the column types and the mixins every model uses (the declarative base is
``outreach.extensions.Base``)."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every database (SQLite stores it naive)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given; use outreach.core.db.utcnow()")
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def enum_column(enum_cls: type[enum.Enum], **kwargs) -> sa.Enum:
    """Store an enum by its value in a VARCHAR, the same on SQLite and PostgreSQL."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=max(len(m.value) for m in enum_cls) + 8,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
        **kwargs,
    )


class TimestampMixin:
    #: when the record was first saved (UTC)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: when the record was last changed (UTC)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


class VersionedMixin:
    """Optimistic locking: saving an edit made on an older version raises ``StaleDataError``."""

    #: edit counter; an edit made on an older version is refused as a conflict
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.__table__.c.version}


#: the escape character of ``like_pattern``; pass it as ``.like(pattern, escape=LIKE_ESCAPE)``
LIKE_ESCAPE = "\\"


def like_pattern(text: str) -> str:
    """A case-folded "contains" LIKE pattern in which the user's ``%``, ``_`` and ``\\`` are
    plain characters, not wildcards."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def reserve_ids(session, table: sa.Table, count: int) -> list[int]:
    """Ids for ``count`` new rows of ``table`` that the caller inserts in this transaction
    with explicit ids (a bulk insert then needs no RETURNING, which SQLite would run row by
    row to keep the order). PostgreSQL: taken from the id's sequence. SQLite: after the
    largest id, once a write that matches nothing has taken the database's write lock, so no
    other writer can take them before this transaction ends."""
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        sequence = sa.func.pg_get_serial_sequence(table.name, "id")
        stmt = sa.select(sa.func.nextval(sequence)).select_from(sa.func.generate_series(1, count))
        return sorted(session.scalars(stmt))
    session.execute(table.update().where(sa.false()).values(id=table.c.id))
    top = session.scalar(sa.select(sa.func.max(table.c.id))) or 0
    return list(range(top + 1, top + 1 + count))


def insert_rows(session, table: sa.Table, rows: list[dict]) -> None:
    """INSERT ``rows`` (dicts with the same keys, every column that has a default among them)
    into ``table`` in the session's transaction: a bulk write's path. It leaves what
    ``session.execute(table.insert(), rows)`` leaves, but converts each distinct value of a
    column for the database once (a batch's rows share their timestamps, states, dates and
    authors), where SQLAlchemy converts every value of every row; and PostgreSQL is given the
    rows with ``COPY``, which it stores several times faster than the same rows as INSERTs."""
    if not rows:
        return
    keys = list(rows[0])
    missing = [c.key for c in table.c if c.default is not None and c.key not in keys]
    if missing:
        raise ValueError(f"insert_rows into {table.name} needs values for {missing}")
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name == "postgresql":
        names, sql = keys, None
    else:
        compiled = table.insert().compile(dialect=dialect, column_keys=keys)
        names, sql = list(compiled.positiontup), compiled.string
    converters = [_converter(table.c[name].type, dialect) for name in names]
    params = [
        tuple(
            row[name] if convert is None else convert(row[name])
            for name, convert in zip(names, converters, strict=True)
        )
        for row in rows
    ]
    if sql is not None:
        connection.exec_driver_sql(sql, params)
        return
    quote = dialect.identifier_preparer
    copy_sql = (
        f"COPY {quote.format_table(table)} "
        f"({', '.join(quote.format_column(table.c[name]) for name in names)}) FROM STDIN"
    )
    raw = connection.connection.dbapi_connection  # psycopg's, in the session's transaction
    try:
        with raw.cursor() as cursor, cursor.copy(copy_sql) as copy:
            for row in params:
                copy.write_row(row)
    except dialect.loaded_dbapi.Error as error:  # as SQLAlchemy raises it: IntegrityError…
        raise sa.exc.DBAPIError.instance(
            copy_sql, None, error, dialect.loaded_dbapi.Error
        ) from error


def _converter(type_: sa.types.TypeEngine, dialect):
    """The column type's conversion of a value for the database, remembered per value and
    its type (JSON documents are converted each); None when values go as they are."""
    process = type_.dialect_impl(dialect).bind_processor(dialect)
    if process is None or isinstance(type_, sa.JSON):
        return process  # a JSON document: 1, 1.0 and True are equal, and stored differently
    seen: dict = {}

    def convert(value):
        key = (type(value), value)  # 1 and True are equal too, but not the same value
        try:
            return seen[key]
        except KeyError:
            seen[key] = converted = process(value)
            return converted

    return convert
