"""Every required catalog is complete, real, well-formed and compiled.

The strings are extracted afresh from the source, so a string added to a page without its
translations fails here, naming the catalog and the string.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from outreach.config import EXTRA_PUBLIC_LANGUAGES, LANGUAGES
from outreach.core.i18n import TRANSLATIONS

ROOT = Path(__file__).resolve().parents[2]
UI_LOCALES = [code for code in LANGUAGES if code != "en"]
PUBLIC_LOCALES = list(EXTRA_PUBLIC_LANGUAGES)


def _extract(config: str, tmp_path_factory) -> set[str]:
    target = tmp_path_factory.mktemp("pot") / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [
            str(pybabel),
            "-q",
            "extract",
            "-F",
            config,
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(target),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with target.open("rb") as pot:
        return {_key(m.id) for m in read_po(pot) if m.id}


def _key(msgid) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


@pytest.fixture(scope="module")
def ui_strings(tmp_path_factory):
    return _extract("babel.cfg", tmp_path_factory)


@pytest.fixture(scope="module")
def public_strings(tmp_path_factory):
    return _extract("babel-public.cfg", tmp_path_factory)


def _catalog(locale: str):
    po = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    assert po.exists(), f"no catalog for {locale}: run `make i18n` and translate it"
    with po.open("rb") as handle:
        return read_po(handle, locale=locale)


def _problems(locale: str, required: set[str]) -> list[str]:
    catalog = _catalog(locale)
    problems = []
    present = {_key(m.id): m for m in catalog if m.id}
    for msgid in sorted(required - set(present)):
        problems.append(f"missing: {msgid!r}")
    for msgid in sorted(required & set(present)):
        message = present[msgid]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"empty: {msgid!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
    for message, errors in catalog.check():
        problems += [f"{error}: {_key(message.id)!r}" for error in errors]
    return problems


@pytest.mark.parametrize("locale", UI_LOCALES)
def test_interface_catalog_is_complete(locale, ui_strings):
    problems = _problems(locale, ui_strings)
    assert not problems, f"{locale}: {len(problems)} problems, e.g. " + "; ".join(problems[:10])


@pytest.mark.parametrize("locale", PUBLIC_LOCALES)
def test_public_catalog_is_complete(locale, public_strings):
    problems = _problems(locale, public_strings)
    assert not problems, f"{locale}: {len(problems)} problems, e.g. " + "; ".join(problems[:10])


@pytest.mark.parametrize("locale", UI_LOCALES + PUBLIC_LOCALES)
def test_catalog_is_translated_not_copied(locale):
    """English copied into another catalog is no translation (a few names and codes may be)."""
    messages = [m for m in _catalog(locale) if m.id and m.string]
    copied = [m.id for m in messages if m.string == m.id and any(c.isalpha() for c in _key(m.id))]
    assert len(copied) <= max(3, len(messages) // 20), f"{locale}: copied {copied[:10]}"


@pytest.mark.parametrize("locale", UI_LOCALES + PUBLIC_LOCALES)
def test_catalog_is_compiled(locale):
    po = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{locale} is not compiled: run `make translations`"
    assert mo.stat().st_mtime >= po.stat().st_mtime, f"{locale}: compiled catalog is stale"
    with mo.open("rb") as handle:
        compiled = read_mo(handle)
    translated = [m for m in _catalog(locale) if m.id and m.string and not m.fuzzy]
    assert len([m for m in compiled if m.id]) == len(translated)


def test_pages_speak_the_chosen_language(client, login_as, db):
    """A Thai officer sees Thai; the switcher changes the language for the next page."""
    login_as("field", language="th")
    th = client.get("/account").get_data(as_text=True)
    assert 'lang="th"' in th
    client.post("/language", data={"language": "vi", "next": "/account"})
    vi = client.get("/account").get_data(as_text=True)
    assert 'lang="vi"' in vi
