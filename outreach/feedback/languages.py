"""The languages feedback is written in, offered by name on the public and the staff forms."""

from __future__ import annotations

from flask import current_app

from outreach.core.i18n import to_locale
from outreach.sites.models import Site

#: language codes stored with feedback, with each language's own name
LANGUAGE_NAMES = {
    "en": "English",
    "ms": "Bahasa Melayu",
    "id": "Bahasa Indonesia",
    "th": "ไทย",
    "vi": "Tiếng Việt",
    "km": "ខ្មែរ",
    "lo": "ລາວ",
    "my": "မြန်မာ",
    "fil": "Filipino",
    "tl": "Tagalog",
    "zh": "中文",
    "ta": "தமிழ்",
    "tet": "Tetun",
    "pt": "Português",
}


def language_choices(site: Site, keep: str | None = None) -> list[tuple[str, str]]:
    """The site's country's languages and English, as (code, name); ``keep`` is a code already
    stored on the feedback, still offered so that saving it again does not change it."""
    codes = list(dict.fromkeys([*site.country.language_list, "en", *([keep] if keep else [])]))
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in codes]


def host_language(site: Site) -> str | None:
    """The locale of the site's host country's main language that the public pages speak, other
    than English; None when there is none (the pages then open in English)."""
    offered = current_app.config["PUBLIC_LANGUAGES"]
    host = [to_locale(code) for code in site.country.language_list]
    return next((code for code in host if code in offered and code != "en"), None)


def page_language_code(locale: str) -> str:
    """The code feedback stores for the language a public page is shown in ("zh_Hans" → "zh")."""
    inverse = {"zh_Hans": "zh"}
    return inverse.get(locale, locale)


def message_language_choices(site: Site, locale: str) -> list[tuple[str, str]]:
    """The choices of "language of your message" on a public page shown in ``locale``: that
    language first (it is the one offered by default), then the site's languages and English."""
    first = page_language_code(locale)
    codes = list(dict.fromkeys([first, *[code for code, _ in language_choices(site)]]))
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in codes]
