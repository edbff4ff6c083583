"""Locale selection and the language switcher.

Signed-in users: their saved preference, else the language chosen on the switcher, else the
browser's. The public pages (feedback intake, status, QR poster) offer more languages than the
staff interface.
"""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_login import current_user

#: blueprints whose pages are offered in every public language
PUBLIC_BLUEPRINTS = frozenset({"public"})

#: the codes countries use for languages, mapped to our locale codes
LOCALE_ALIASES = {"zh": "zh_Hans", "zh_CN": "zh_Hans", "zh-Hans": "zh_Hans", "tl": "fil"}


def to_locale(code: str | None) -> str | None:
    """Our locale code for a language code such as "zh" or "ms"."""
    if not code:
        return None
    return LOCALE_ALIASES.get(code, code)


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
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    if session.get("lang") in languages:
        return session["lang"]
    browser = request.accept_languages.best_match([c.replace("_", "-") for c in languages])
    return to_locale(browser.replace("-", "_")) if browser else "en"


def select_timezone() -> str:
    return "UTC"
