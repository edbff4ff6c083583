"""Locale selection and the language catalogs.

The language chosen on the switcher (which also saves a signed-in user's preference), else the
user's saved preference, else the browser's. The public pages (feedback intake, status, QR
poster) offer more languages than the staff interface.
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import current_app, g, has_request_context, request, session
from flask_babel import force_locale, get_locale, gettext
from flask_login import current_user
from markupsafe import Markup

#: the catalogs Flask-Babel reads (BABEL_TRANSLATION_DIRECTORIES)
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"

#: blueprints whose pages are offered in every public language
PUBLIC_BLUEPRINTS = frozenset({"public"})

#: the codes countries use for languages, mapped to our locale codes
LOCALE_ALIASES = {"zh": "zh_Hans", "zh_CN": "zh_Hans", "zh-Hans": "zh_Hans", "tl": "fil"}


def N_(msgid: str) -> str:  # noqa: N802 - the name pybabel extracts by default
    """Mark a msgid for extraction; it is translated later, once per document language."""
    return msgid


def current_language() -> str:
    """The locale code pages and documents are being written in now ("en" outside them)."""
    locale = get_locale()
    return str(locale) if locale else "en"


def country_name(code: str, recorded: str = "", language: str | None = None) -> str:
    """A country as ``language`` (the current one by default) names it: CLDR's name, without
    the bracketed older name it adds to a few ("Myanmar (Burma)"); in English the recorded,
    official name."""
    language = language or current_language()
    if language == "en" and recorded:
        return recorded
    try:
        name = Locale.parse(language).territories.get((code or "").upper())
    except (ValueError, UnknownLocaleError):
        name = None
    return name.split(" (")[0] if name else (recorded or code)


class Names:
    """A name an admin recorded and wrote in other languages (a feedback category): a
    language's own name, else the catalog's translation of the recorded one (the default
    categories' names are msgids), else the recorded one. ``str()`` gives it in the current
    language; a report's ``Translator`` in each of its languages."""

    def __init__(self, recorded: str, by_language: dict[str, str] | None = None):
        self.recorded = recorded
        self.by_language = {k: v for k, v in (by_language or {}).items() if v}

    def in_language(self, language: str) -> str:
        own = self.by_language.get(language)
        if own:
            return own
        with force_locale(language):
            return gettext(self.recorded)

    def __str__(self) -> str:
        return self.in_language(current_language())

    def __eq__(self, other) -> bool:
        return isinstance(other, Names) and (self.recorded, self.by_language) == (
            other.recorded,
            other.by_language,
        )

    def __hash__(self) -> int:
        return hash(self.recorded)

    def __repr__(self) -> str:
        return f"Names({self.recorded!r}, {self.by_language!r})"


def to_locale(code: str | None) -> str | None:
    """Our locale code for a language code such as "zh" or "ms"."""
    if not code:
        return None
    return LOCALE_ALIASES.get(code, code)


def html_lang(code: str | None) -> str:
    """A locale code as HTML and PDF write a language: "zh_Hans" → "zh-Hans"."""
    return str(code or "en").replace("_", "-")


def offered_languages() -> dict[str, str]:
    """The languages the current page can be shown in, code → own name."""
    config = current_app.config
    if has_request_context() and request.blueprint in PUBLIC_BLUEPRINTS:
        return config["PUBLIC_LANGUAGES"]
    return config["LANGUAGES"]


def select_locale() -> str:
    if not has_request_context():  # command-line scripts and operations run outside requests
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = offered_languages()
    chosen = to_locale(request.args.get("lang"))
    if chosen in languages:
        session["lang"] = chosen
        return chosen
    # The last explicit choice on the switcher, then the page's own language (a site's public
    # page speaks its host country's language, whatever the phone's setting), then the saved
    # preference, then the browser.
    if session.get("lang") in languages:
        return session["lang"]
    if g.get("page_language") in languages:
        return g.page_language
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    browser = request.accept_languages.best_match([c.replace("_", "-") for c in languages])
    return to_locale(browser.replace("-", "_")) if browser else "en"


def select_timezone() -> str:
    return "UTC"


def compile_catalogs(directory: Path = TRANSLATIONS) -> list[Path]:
    """Compile every ``messages.po`` whose ``.mo`` is missing or older (``.mo`` files are built,
    not committed). Returns the catalogs compiled."""
    compiled = []
    for po_path in sorted(directory.glob("*/LC_MESSAGES/messages.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        compiled.append(po_path)
    return compiled


class Translator:
    """Translates msgids into the report's one or two languages."""

    def __init__(self, languages: list[str]):
        self.languages = languages

    def one(self, language: str, msgid: str | Names, **values) -> str:
        if isinstance(msgid, Names):
            return msgid.in_language(language)
        with force_locale(language):
            return gettext(msgid, **values)

    def __call__(self, msgid: str, **values) -> Markup:
        """The label in the first language, and beneath it in the second when it differs."""
        first = self.one(self.languages[0], msgid, **values)
        html = Markup('<span class="l1">{}</span>').format(first)
        for language in self.languages[1:]:
            other = self.one(language, msgid, **values)
            if other != first:
                html += Markup('<span class="l2" lang="{}">{}</span>').format(
                    html_lang(language), other
                )
        return html

    def plain(self, msgid: str, **values) -> str:
        """The label in every language, joined with " / " (for running headers and titles)."""
        texts = []
        for language in self.languages:
            text = self.one(language, msgid, **values)
            if text not in texts:
                texts.append(text)
        return " / ".join(texts)
