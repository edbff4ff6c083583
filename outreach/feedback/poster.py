"""The A4 QR poster PDF, in the host country's language and English."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from outreach.core.i18n import Translator
from outreach.core.pdf import render_pdf
from outreach.feedback.languages import host_language
from outreach.sites.models import Site


def poster_languages(site: Site) -> list[str]:
    """The host country's main language (when we have it) and English."""
    first = host_language(site)
    return [first, "en"] if first else ["en"]


def render_poster(site: Site, url: str, qr_svg: str) -> bytes:
    languages = poster_languages(site)
    html = render_template(
        "feedback/poster.html",
        site=site,
        url=url,
        qr_svg=Markup(qr_svg),  # noqa: S704 - segno's own SVG output, no user input inside
        languages=languages,
        bi=Translator(languages),
    )
    return render_pdf(html).content
