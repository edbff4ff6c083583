"""HTML to PDF with WeasyPrint: safe resource loading, fonts and stylesheets built once.

Every PDF of the application (impact reports, feedback QR posters) goes through
:func:`render_pdf`. The HTML comes from ``render_template`` of a print template fed with plain
data, so user text is escaped by Jinja. WeasyPrint may only load ``data:`` URIs and whitelisted
files below ``outreach/static/`` (addressed through :data:`STATIC_BASE_URL`, which never leaves
the machine); ``file:``, ``http(s):`` and every other URL is refused.

The :class:`FontConfiguration` and the :class:`CSS` objects are built once per process and
reused, which keeps a render of a short report well under a second. Fonts come from the Debian
Noto packages (``scripts/system-deps.sh``) through fontconfig; ``libharfbuzz-subset0`` makes the
subsetting of the large CJK fonts fast.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
#: the base URL print templates resolve relative links against; ``.invalid`` never resolves
#: on any network, and the fetcher serves it from disk
STATIC_BASE_URL = "https://outreach.invalid/static/"
#: what WeasyPrint may read from ``outreach/static/``: folder and file extension
STATIC_WHITELIST = {
    "css/print": (".css",),
    "fonts": (".woff", ".woff2", ".ttf", ".otf"),
    "img": (".png", ".jpg", ".jpeg", ".svg"),
}
MIME_TYPES = {
    ".css": "text/css",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
#: every script the reports print: Latin, Chinese, Thai, Khmer, Lao, Myanmar; Noto Sans Math
#: for the minus sign "−" that Noto Sans lacks (else a CJK font would be embedded for it)
FONT_STACK = (
    '"Noto Sans", "Noto Sans Math", "Noto Sans CJK SC", "Noto Sans Thai", "Noto Sans Khmer", '
    '"Noto Sans Lao", "Noto Sans Myanmar", sans-serif'
)


class RefusedURL(ValueError):
    """WeasyPrint asked for a resource a print document may not load."""


def static_path(url: str) -> Path:
    """The file below ``outreach/static/`` a whitelisted static URL names, or RefusedURL."""
    if not url.startswith(STATIC_BASE_URL):
        raise RefusedURL(f"not a static URL: {url[:100]}")
    parts = urlsplit(url)
    relative = unquote(parts.path).removeprefix("/static/")
    if parts.query:
        raise RefusedURL(f"query strings are not served: {url[:100]}")
    path = (STATIC_DIR / relative).resolve()
    for folder, extensions in STATIC_WHITELIST.items():
        root = (STATIC_DIR / folder).resolve()
        if path.is_relative_to(root) and path.suffix.lower() in extensions and path.is_file():
            return path
    raise RefusedURL(f"not a whitelisted static file: {url[:100]}")


class SafeURLFetcher(URLFetcher):
    """Gives WeasyPrint ``data:`` URIs and whitelisted static files; refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith(STATIC_BASE_URL):
            path = static_path(url)
            mime_type = MIME_TYPES[path.suffix.lower()]
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})
        if url.startswith("data:"):
            return super().fetch(url, headers)
        log.warning("print document asked for a refused URL: %.100s", url)
        raise RefusedURL(f"refused URL: {url[:100]}")


#: the one fetcher every print document uses
url_fetcher = SafeURLFetcher()


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int


class PdfRenderer:
    """Holds the font configuration and the parsed stylesheets, reused across renders."""

    def __init__(self, stylesheet_names: tuple[str, ...]):
        self.font_config = FontConfiguration()
        self.stylesheets = [
            CSS(
                string=(STATIC_DIR / "css" / "print" / name).read_text(encoding="utf-8"),
                base_url=STATIC_BASE_URL + "css/print/",
                url_fetcher=url_fetcher,
                font_config=self.font_config,
            )
            for name in stylesheet_names
        ]
        self._watermarks: dict[str, CSS] = {}
        # FontConfiguration and the CSS objects are shared state; renders take turns.
        self._lock = threading.Lock()

    def watermark(self, text: str) -> CSS:
        """A stylesheet printing ``text`` diagonally across every page (built once per text).

        It is page text, not SVG: WeasyPrint draws SVG text one code point at a time, which
        breaks Thai, Khmer, Lao and Myanmar words (see ``outreach.core.print_charts``)."""
        if text not in self._watermarks:
            # every character as a CSS escape, so no text can end the string
            content = "".join(f"\\{ord(char):06x}" for char in text)
            self._watermarks[text] = CSS(
                string=(
                    f'body::before {{ content: "{content}"; position: fixed; top: 45%; '
                    "left: -20%; width: 140%; text-align: center; transform: rotate(-45deg); "
                    f"font-family: {FONT_STACK}; font-size: 80pt; font-weight: 700; "
                    "color: rgba(192, 57, 43, 0.13); white-space: nowrap; }"
                ),
                url_fetcher=url_fetcher,
                font_config=self.font_config,
            )
        return self._watermarks[text]

    def render(self, html: str, *, watermark: str | None = None) -> RenderedPdf:
        """Lay out ``html`` (already escaped by Jinja) and write the PDF."""
        with self._lock:
            stylesheets = list(self.stylesheets)
            if watermark:
                stylesheets.append(self.watermark(watermark))
            document = HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=url_fetcher).render(
                stylesheets=stylesheets, font_config=self.font_config
            )
            content = document.write_pdf()
        return RenderedPdf(content=content, pages=len(document.pages))


@cache
def renderer(*stylesheet_names: str) -> PdfRenderer:
    """The process-wide renderer for a set of print stylesheets (``outreach/static/css/print``)."""
    return PdfRenderer(tuple(stylesheet_names))


def render_pdf(html: str, *stylesheets: str, watermark: str | None = None) -> RenderedPdf:
    """Render print HTML with the named stylesheets; ``watermark`` e.g. "DRAFT" for previews."""
    return renderer(*(stylesheets or ("base.css",))).render(html, watermark=watermark)
