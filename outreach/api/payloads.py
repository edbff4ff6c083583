"""A JSON body mapped to the plain command an operation takes: values parsed by the type of
the column they go to (a date, a whole number, an amount, a text of bounded length). Like a
form, this keeps only what belongs to the input; what an entry must hold is the rules' to say,
so a value that is not a number is passed on for the rules to refuse in their own words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from outreach.core.rules import NOT_IN_LIST, Errors, RuleError, number
from outreach.core.urls import MAX_ID

#: the longest text a long-text column takes through any entrance (the forms' limit)
LONG_TEXT = 10000
NOT_TEXT = _l("Enter text.")
NOT_DATE = _l("Enter a date as YYYY-MM-DD.")
NOT_WHOLE = _l("Enter a whole number.")


def _date(value: Any, field: str, errors: Errors):
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    errors.add(field, NOT_DATE)
    return None


def _integer(value: Any, field: str, errors: Errors):
    if value in (None, ""):
        return None
    parsed = number(value)
    if parsed is None:
        return value  # the rules say "Enter a number."
    if parsed != parsed.to_integral_value():
        errors.add(field, NOT_WHOLE)
        return None
    return int(parsed)


def _amount(value: Any, field: str, errors: Errors):
    if value in (None, ""):
        return None
    parsed = number(value)
    return value if parsed is None else parsed


def _text(value: Any, field: str, errors: Errors, limit: int):
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.add(field, NOT_TEXT)
        return ""
    value = value.strip()
    if len(value) > limit:
        errors.add(field, _("At most %(max)d characters.", max=limit))
    return value


def _flag(value: Any, field: str, errors: Errors) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        errors.add(field, NOT_IN_LIST)
        return False
    return value


def parse_value(
    column: sa.Column, value: Any, field: str, errors: Errors, limit: int | None = None
) -> Any:
    """``value`` from JSON as the column ``field`` holds it; a parse error goes to ``errors``.
    ``limit``: a text's length where the form allows less than the column."""
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return _flag(value, field, errors)
    if isinstance(kind, sa.Date) and not isinstance(kind, sa.DateTime):
        return _date(value, field, errors)
    if isinstance(kind, sa.Integer):
        return _integer(value, field, errors)
    if isinstance(kind, sa.Numeric):
        return _amount(value, field, errors)
    if isinstance(kind, sa.Enum):
        return value if value is None or isinstance(value, str) else str(value)
    limit = limit or getattr(kind, "length", None) or LONG_TEXT
    return _text(value, field, errors, limit)


def parse_fields(
    table: sa.Table,
    body: dict,
    fields: list[str],
    errors: Errors,
    prefix: str = "",
    limits: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The given ``fields`` of ``body`` parsed by ``table``'s columns (absent ones left out);
    ``limits``: the forms' lengths of texts shorter than their columns."""
    limits = limits or {}
    return {
        name: parse_value(table.c[name], body[name], prefix + name, errors, limits.get(name))
        for name in fields
        if name in body
    }


def is_record_id(value: Any) -> bool:
    """A whole number a record's id can be (no bool, nothing past the id column)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def record_id(value: Any, field: str, errors: Errors) -> int | None:
    """An optional record id; anything else is refused as not in the list."""
    if value in (None, ""):
        return None
    if not is_record_id(value):
        errors.add(field, NOT_IN_LIST)
        return None
    return value


def id_list(value: Any, field: str, errors: Errors, message) -> list[int]:
    """A list of record ids; anything else is refused with ``message``."""
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(is_record_id(v) for v in value):
        errors.add(field, message)
        return []
    return value


def refuse_together(errors: Errors, found: dict[str, list[str]]) -> None:
    """Refuse the body with what could not be read and what the rules ``found``, every field
    at once as the form shows them (a field that could not be read keeps that reason alone);
    nothing when both are empty."""
    for field, messages in found.items():
        if field not in errors:
            errors[field] = messages
    if errors:
        raise RuleError(dict(errors))
