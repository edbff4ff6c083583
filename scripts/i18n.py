"""`make i18n`: extract the strings, bring every catalog up to date, compile them.

The interface languages get every string (babel.cfg); the further public languages only those
of the public pages, the QR poster and the reports (babel-public.cfg). New strings arrive
empty and untranslated — the catalog test fails until a translator fills them in.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from outreach.config import EXTRA_PUBLIC_LANGUAGES, LANGUAGES  # noqa: E402
from outreach.core.i18n import TRANSLATIONS, compile_catalogs  # noqa: E402

PYBABEL = str(Path(sys.executable).with_name("pybabel"))
KEYWORDS = ["-k", "_l", "-k", "lazy_gettext"]


def run(*args: str) -> None:
    subprocess.run([PYBABEL, "-q", *args], check=True, cwd=ROOT)


def extract(config: str, target: Path) -> None:
    run(
        "extract",
        "-F",
        config,
        *KEYWORDS,
        "--sort-by-file",
        "--no-wrap",
        "--omit-header",
        "-o",
        str(target),
        ".",
    )


def update(template: Path, locale: str) -> None:
    po = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    if po.exists():
        run(
            "update",
            "--no-fuzzy-matching",
            "--no-wrap",
            "--ignore-obsolete",
            "-i",
            str(template),
            "-d",
            str(TRANSLATIONS),
            "-l",
            locale,
        )
    else:
        run("init", "--no-wrap", "-i", str(template), "-d", str(TRANSLATIONS), "-l", locale)


def main() -> None:
    ui, public = TRANSLATIONS / "messages.pot", TRANSLATIONS / "public.pot"
    extract("babel.cfg", ui)
    extract("babel-public.cfg", public)
    for locale in LANGUAGES:
        if locale != "en":  # English is the language of the source strings
            update(ui, locale)
    for locale in EXTRA_PUBLIC_LANGUAGES:
        update(public, locale)
    compiled = compile_catalogs()
    print(f"{len(compiled)} catalogs compiled")


if __name__ == "__main__":
    main()
