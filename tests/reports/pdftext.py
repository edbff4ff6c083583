"""Reading rendered PDFs back: text (whitespace-insensitive) and the fonts used."""

from __future__ import annotations

import io
import re

import pypdf
from fontTools.ttLib import TTFont


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


def fonts_drawing_dotted_circles(content: bytes) -> set[str]:
    """The embedded fonts whose subset draws U+25CC, the dotted circle a shaper puts under a
    mark that lost its letter (a Thai or Khmer word torn apart)."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    found = set()
    for page in reader.pages:
        for ref in page.get("/Resources", {}).get("/Font", {}).values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            program = descriptor.get_object().get("/FontFile2")
            if program is None:  # CFF (the CJK fonts): no Thai, Khmer, Lao or Myanmar marks
                continue
            subset = TTFont(io.BytesIO(program.get_object().get_data()))
            glyph = (subset.getBestCmap() or {}).get(0x25CC)
            if glyph and subset["glyf"][glyph].numberOfContours:
                found.add(str(font["/BaseFont"]))
    return found
