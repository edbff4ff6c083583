"""Addresses: safe redirect targets (only paths on this site), record ids in routes and numbers
in query strings, each refused or ignored when the database could not hold it, never a server
error; and the absolute addresses printed for the public, built from ``EXTERNAL_URL`` alone."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from flask import current_app
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


def external_url(endpoint: str, **values) -> str:
    """The absolute address of a page as the public reaches it (QR poster, reports, e-mails):
    ``EXTERNAL_URL`` and the page's path, never the Host header of the current request, which
    anyone can set."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["EXTERNAL_URL"].rstrip("/") + path


def is_loopback_url(url: str | None) -> bool:
    """True when the address is missing or leads only back to the machine it is opened on
    (localhost, 127.0.0.0/8, ::1): no partner or member of the public can open it."""
    host = (urlsplit(url or "").hostname or "").rstrip(".").lower()
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
