"""The columns of an import: what a heading means, and how a cell becomes a command's value.

A cell is only *parsed* here (a date, a number, a choice given by its key or its label); what
the value must be is the feature's rules' to say, as for a form."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

#: the words taken as yes and no in a yes/no column (any language of the template, plus these)
YES = {"yes", "y", "true", "1", "x", "ya", "ha", "oui", "ja", "si", "sí", "có", "是", "ใช่"}
NO = {"no", "n", "false", "0", "tidak", "non", "nein", "không", "否", "ไม่"}
NOT_A_DATE = _l("Enter a date (YYYY-MM-DD).")
NOT_A_NUMBER = _l("Enter a number.")
TOO_LONG = _l("This text is longer than %(n)s characters.")
NOT_YES_NO = _l("Enter yes or no.")


class CellError(ValueError):
    """A cell that cannot be read as its column's kind of value."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def simple(text: Any) -> str:
    """A heading or a choice as compared: case, accents, spaces and punctuation aside."""
    text = unicodedata.normalize("NFKD", str(text or "")).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", text)


def parse_text(value: Any, column: Column) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
    if column.max_length and len(text) > column.max_length:
        raise CellError(_l("This text is longer than %(n)s characters.", n=column.max_length))
    return text


def parse_date(value: Any, column: Column) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text[:10] if "T" in text else text, pattern).date()
        except ValueError:
            continue
    raise CellError(NOT_A_DATE)


def parse_decimal(value: Any, column: Column) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(NOT_A_NUMBER)
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if isinstance(value, str) and "," in text:
        # 1,234.50 or 1.234,50 or 12,5
        text = text.replace(",", "") if "." in text else text.replace(",", ".")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError) as error:
        raise CellError(NOT_A_NUMBER) from error
    if not number.is_finite():
        raise CellError(NOT_A_NUMBER)
    if isinstance(value, float):
        number = number.quantize(Decimal(10) ** -(column.places or 6)).normalize()
    return number


def parse_int(value: Any, column: Column) -> int | Decimal | None:
    if type(value) is float and value.is_integer():  # how a spreadsheet holds a count
        return int(value)
    number = parse_decimal(value, column)
    if number is None:
        return None
    # a count with decimals is left as it is: the rules say what is wrong with it
    return int(number) if number == number.to_integral_value() else number


def parse_bool(value: Any, column: Column) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    word = simple(value)
    if word in {simple(w) for w in YES} or word == simple(_l("Yes")):
        return True
    if word in {simple(w) for w in NO} or word == simple(_l("No")):
        return False
    raise CellError(NOT_YES_NO)


def parse_choice(value: Any, column: Column) -> str:
    """A fixed choice by its key (as the list exports write it) or its label (as the template's
    drop-down offers it, in the importer's language or in English). An unknown one is given to
    the rules as it is, and they say "Choose from the list"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    exact = str(value).strip()
    for key in column.choices or {}:
        if exact == str(getattr(key, "value", key)):
            return getattr(key, "value", key)
    wanted = simple(value)
    for key, label in (column.choices or {}).items():
        key_text = getattr(key, "value", key)
        if wanted in (simple(key_text), simple(label)):
            return key_text
    with force_locale("en"):
        for key, label in (column.choices or {}).items():
            if wanted == simple(label):
                return getattr(key, "value", key)
    return str(value).strip()


def parse_list(value: Any, column: Column) -> list[str]:
    """Several values in one cell, separated by semicolons, commas or line breaks."""
    if value is None:
        return []
    return [part.strip() for part in re.split(r"[;,\n]", str(value)) if part.strip()]


PARSERS: dict[str, Callable[[Any, Column], Any]] = {
    "text": parse_text,
    "date": parse_date,
    "decimal": parse_decimal,
    "int": parse_int,
    "bool": parse_bool,
    "choice": parse_choice,
    "list": parse_list,
}


@dataclass(frozen=True)
class Column:
    """One column of an import: its heading key (the list exports' name), what it is called in
    the template, the command field it fills (where a rule's error for that field is shown),
    how its cells are read, and an example value."""

    key: str
    label: Any
    kind: str = "text"
    field: str | None = None
    choices: Mapping | None = None
    max_length: int | None = None
    places: int | None = None
    aliases: tuple[str, ...] = ()
    example: Any = None
    required: bool = False
    note: Any = None
    #: read from the file but not written (an export's state or author, shown by the app)
    ignored: bool = False

    @property
    def target(self) -> str:
        return self.field or self.key

    def parse(self, value: Any) -> Any:
        return PARSERS[self.kind](value, self)

    def names(self) -> set[str]:
        """The headings taken as this column: its key, its aliases, its label in the importer's
        language and in English."""
        names = {simple(self.key), *(simple(a) for a in self.aliases), simple(self.label)}
        with force_locale("en"):
            names.add(simple(self.label))
        return names - {""}


def match_header(header: list[str], columns: list[Column]) -> dict[int, Column]:
    """Which column each heading of the file is, by position (unknown headings are left out)."""
    by_name: dict[str, Column] = {}
    for column in columns:
        for name in column.names():
            by_name.setdefault(name, column)
    matched: dict[int, Column] = {}
    taken: set[str] = set()
    for index, heading in enumerate(header):
        column = by_name.get(simple(heading))
        if column is not None and column.key not in taken:
            matched[index] = column
            taken.add(column.key)
    return matched
