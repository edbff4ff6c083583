"""What the app reads from addresses: safe redirect targets (only paths on this site), record ids
in routes and numbers in query strings, each refused or ignored when the database could not
hold it, never a server error."""

from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.routing import IntegerConverter

#: the largest id an integer column holds (PostgreSQL's ``integer``)
MAX_ID = 2**31 - 1


def is_local_path(target: str | None) -> bool:
    """True for "/sites/3" and the like; False for other hosts, schemes and "//evil"."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


class RecordIdConverter(IntegerConverter):
    """``<int:…>`` in every route: an id past what the database holds is not found (404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def int_arg(raw: str | None, maximum: int = MAX_ID) -> int | None:
    """A whole number from 1 to ``maximum`` written in plain digits (not "²" or "1e3"), or
    None: a filter or page number that cannot be one is ignored."""
    if not raw or len(raw) > len(str(maximum)) or not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if 0 < value <= maximum else None
