"""Responses compressed with gzip for the browsers that accept it: a dashboard of 200 kB of
HTML and SVG crosses a weak rural signal in a fifth of the time. Text only (pages, CSS,
scripts, SVG, JSON, CSV); PDFs, workbooks and photos are compressed already. Behind nginx the
proxy may compress as well (``docs/deploy.md``); it leaves an encoded response as it is.

The pages hold a CSRF token, which a BREACH-style attack could try to read through the
compressed size; Flask-WTF's token is signed with the time, so it changes every second and the
sizes of repeated requests do not converge on it."""

from __future__ import annotations

import gzip

from flask import Flask, Response, request

COMPRESSIBLE = {
    "text/html",
    "text/css",
    "text/plain",
    "text/csv",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/problem+json",
    "application/manifest+json",
    "image/svg+xml",
}
#: smaller bodies gain less than the header and the work cost
MIN_SIZE = 500
LEVEL = 6


def _accepts_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


def compress(response: Response) -> Response:
    """The response gzipped when the browser accepts it and compression helps."""
    if response.mimetype not in COMPRESSIBLE:
        return response
    response.vary.add("Accept-Encoding")
    if (
        not _accepts_gzip()
        or response.status_code < 200
        or response.status_code in (204, 206, 304)
        or response.is_streamed
        and not response.direct_passthrough
        or "Content-Encoding" in response.headers
    ):
        return response
    response.direct_passthrough = False  # a static file: read it to compress it
    body = response.get_data()
    if len(body) < MIN_SIZE:
        return response
    response.set_data(gzip.compress(body, compresslevel=LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag:  # the compressed bytes are another representation
        response.set_etag(f"{etag}-gzip", weak=weak)
    return response


def init_app(app: Flask) -> None:
    app.after_request(compress)
