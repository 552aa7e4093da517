"""Jekyll's ``Utils.slugify``: the one rule that turns titles and names into URL parts.

Permalinks (``:title``, ``:categories``), the ``slugify`` filter and archive pages all
use it, so it lives on its own. Python's ``re`` has no ``\\p{L}`` classes, so the
"letters, marks and decimal digits" test is done per character with ``unicodedata``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MODES = ("raw", "default", "pretty", "ascii", "latin")
_PRETTY_KEEP = frozenset("._~!$&'()+,;=@")
_ASCII_RUN = re.compile(r"[^A-Za-z0-9]+")
_SPACE_RUN = re.compile(r"\s+")


@lru_cache(maxsize=8)
def _ascii_runs(keep: frozenset[str]) -> re.Pattern[str]:
    kept = "".join(re.escape(char) for char in sorted(keep))
    return re.compile(f"[^A-Za-z0-9{kept}]+")


def _is_word_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def _hyphenate(text: str, keep: frozenset[str] = frozenset()) -> str:
    if text.isascii():  # the usual case: ASCII letters and digits are the word characters
        return _ascii_runs(keep).sub("-", text)
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


# Letters of U+00C0..U+017E whose approximation is not "the letter without its accents".
_LATIN_SPECIAL = {
    "Æ": "AE", "×": "x", "Ð": "D", "Ø": "O", "Þ": "Th", "ß": "ss", "æ": "ae", "ð": "d",
    "ø": "o", "þ": "th", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i", "Ĳ": "IJ",
    "ĳ": "ij", "ĸ": "k", "Ŀ": "L", "ŀ": "l", "Ł": "L", "ł": "l", "ŉ": "'n", "Ŋ": "NG",
    "ŋ": "ng", "Œ": "OE", "œ": "oe", "Ŧ": "T", "ŧ": "t",
}


def _latin_approximation(char: str) -> str:
    if char in _LATIN_SPECIAL:
        return _LATIN_SPECIAL[char]
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base if base.isascii() else "?"


# I18n's table covers exactly Latin-1's and Latin Extended-A's letters (÷ and ſ are not).
_LATIN = {chr(code): _latin_approximation(chr(code))
          for code in range(0xC0, 0x17F) if code != 0xF7}


def _transliterate(text: str) -> str:
    """``I18n.transliterate``: letters of its Latin table approximated, other non-ASCII ``?``.

    It works character by character from a fixed table, so ``º`` or a combining accent
    typed separately become ``?`` where Unicode decomposition would find a letter."""
    return "".join(c if c.isascii() else _LATIN.get(c, "?") for c in text)


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
