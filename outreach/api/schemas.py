"""The shapes of the API's bodies, as pydantic models, generated from the tables where a body is
a record: a column's type says the field's JSON type (dates as ISO 8601 strings, amounts as
decimal strings, choices as their stored values). The OpenAPI document is built from these."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, create_model

#: an amount (or any exact decimal) as JSON carries it: a string such as "1250.50", never a
#: binary float, so a client can add it up to the cent (Python's Decimal, pandas' to_numeric)
DecimalString = Annotated[
    str,
    Field(
        pattern=r"^-?[0-9]+(\.[0-9]+)?$",
        json_schema_extra={"format": "decimal"},
        examples=["1250.50"],
    ),
]


class Problem(BaseModel):
    """An error (RFC 9457): ``errors`` holds the refused fields, in the forms' words."""

    type: str
    title: str
    status: int
    detail: str
    errors: dict[str, list[str]] | None = None


def _enum_values(column: sa.Column) -> tuple[str, ...] | None:
    enum_class = getattr(column.type, "enum_class", None)
    if enum_class is not None and issubclass(enum_class, enum.Enum):
        return tuple(m.value for m in enum_class)
    return None


def json_type(column: sa.Column) -> Any:
    """The JSON type of what a column holds (None allowed where the column allows it)."""
    kind = column.type
    values = _enum_values(column)
    if values:
        base: Any = Literal[values]
    elif isinstance(kind, sa.Boolean):
        base = bool
    elif isinstance(kind, sa.DateTime):
        base = dt.datetime
    elif isinstance(kind, sa.Date):
        base = dt.date
    elif isinstance(kind, sa.Integer):
        base = int
    elif isinstance(kind, sa.Numeric):
        base = DecimalString
    else:
        base = str
    return base | None if column.nullable else base


def model_for(
    name: str, table: sa.Table, fields: list[str], optional: bool = False, **extra: Any
) -> type[BaseModel]:
    """A model of ``fields`` of ``table`` (all optional when ``optional``: a record of one kind
    leaves out the fields of the others), plus ``extra`` fields as (type, default)."""
    definitions: dict[str, Any] = {}
    for field in fields:
        kind = json_type(table.c[field])
        definitions[field] = (kind | None, None) if optional else (kind, ...)
    definitions.update(extra)
    return create_model(name, __config__=ConfigDict(extra="allow"), **definitions)


class Page(BaseModel):
    """A page of a list; the next page's address is in ``next`` and in the Link header."""

    next: str | None = Field(None, description="The next page, or null on the last page")


def page_of(name: str, item: type[BaseModel]) -> type[BaseModel]:
    return create_model(name, __base__=Page, items=(list[item], ...))
