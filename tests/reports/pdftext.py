"""Reading rendered PDFs back: text (whitespace-insensitive) and the fonts used."""

from __future__ import annotations

import io
import re

import pypdf


def text_of(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeezed(text: str) -> str:
    """Without whitespace, so words wrapped across lines still match."""
    return re.sub(r"\s+", "", text)


def font_names(content: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    names = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object().get("/BaseFont", "")))
    return names
