"""The languages feedback is written in, offered by name on the public and the staff forms."""

from __future__ import annotations

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
