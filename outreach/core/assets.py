"""The stylesheet and icon under an address that carries their content's fingerprint, kept by
the browser for a year.

Without it every page asked again whether the stylesheet had changed: one more round trip
before anything showed, which on a weak signal is most of the wait. A fingerprinted address
changes whenever the file does, so the browser may keep it without asking."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, request, url_for

YEAR = 365 * 24 * 3600


@lru_cache(maxsize=64)
def _fingerprint(path: str, modified_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """The address of a static file with its fingerprint, e.g. /static/css/app.css?v=3f2a…"""
    path = Path(current_app.static_folder) / filename
    version = _fingerprint(str(path), path.stat().st_mtime_ns)
    return url_for("static", filename=filename, v=version)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["asset_url"] = asset_url

    @app.after_request
    def keep_fingerprinted_assets(response):
        if request.endpoint == "static" and request.args.get("v") and response.status_code < 400:
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        return response
