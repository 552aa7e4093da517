"""Jekyll's ``Utils.slugify``: the one rule that turns titles and names into URL parts.

Permalinks (``:title``, ``:categories``), the ``slugify`` filter and archive pages all
use it, so it lives on its own. Python's ``re`` has no ``\\p{L}`` classes, so the
"letters, marks and decimal digits" test is done per character with ``unicodedata``.
"""

from __future__ import annotations

import re
import unicodedata

MODES = ("raw", "default", "pretty", "ascii", "latin")
_PRETTY_KEEP = frozenset("._~!$&'()+,;=@")
_ASCII_RUN = re.compile(r"[^A-Za-z0-9]+")
_SPACE_RUN = re.compile(r"\s+")


def _is_word_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def _hyphenate(text: str, keep: frozenset[str] = frozenset()) -> str:
    out: list[str] = []
    in_run = False
    for char in text:
        if _is_word_char(char) or char in keep:
            out.append(char)
            in_run = False
        elif not in_run:
            out.append("-")
            in_run = True
    return "".join(out)


def _transliterate(text: str) -> str:
    """Drop accents from Latin letters; anything else non-ASCII becomes ``?`` (as I18n does)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c if c.isascii() else "?" for c in stripped)


def slugify(text: str | None, mode: str | None = None, cased: bool = False) -> str | None:
    """Return ``text`` as a URL slug, exactly as Jekyll 4.3 would."""
    if text is None:
        return None
    text = str(text)
    mode = mode or "default"
    if mode not in MODES:
        return text if cased else text.lower()
    if mode == "latin":
        text = _transliterate(text)
    if mode == "raw":
        slug = _SPACE_RUN.sub("-", text)
    elif mode == "ascii":
        slug = _ASCII_RUN.sub("-", text)
    elif mode == "pretty":
        slug = _hyphenate(text, _PRETTY_KEEP)
    else:
        slug = _hyphenate(text)
    slug = re.sub(r"^-|-$", "", slug)
    return slug if cased else slug.lower()
