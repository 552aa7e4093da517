"""Kramdown's span-level text rules: smart quotes, typographic symbols, escaping and header ids.

pulldown-cmark (behind pyromark) hands us plain text runs; kramdown would have scanned the same
runs with its own span parsers. This module replays exactly those scanners (the regexes are
ported from kramdown 2.4 ``parser/kramdown/smart_quotes.rb`` and ``typographic_symbol.rb``), so
that the quotes, dashes and ellipses come out as kramdown makes them. Ruby's ``\\w``/``\\s`` are
ASCII-only, hence ``re.ASCII`` throughout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html.entities import html5, name2codepoint

_A = re.ASCII
_SQ_PUNCT = r"""[!"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"""
_SQ_CLOSE = r"[^ \\\t\r\n\[{(-]"

# (regex, substitutions): an int copies that group as text, a str names a quote kind.
_SQ_RULES: list[tuple[re.Pattern[str], tuple[int | str, ...]]] = [
    (re.compile(r"""("|')(?=[_*]{1,2}\S)""", _A), ("lquote1",)),
    (re.compile(rf"""("|')(?={_SQ_PUNCT}(?!\.\.)\B)""", _A), ("rquote1",)),
    (re.compile(r"""(\s?)"'(?=\w)""", _A), (1, "ldquo", "lsquo")),
    (re.compile(r"""(\s?)'"(?=\w)""", _A), (1, "lsquo", "ldquo")),
    (re.compile(r"""(\s?)'(?=\d\ds)""", _A), (1, "rsquo")),
    (re.compile(r"""(\s)('|")(?=\w)""", _A), (1, "lquote2")),
    (re.compile(rf"""({_SQ_CLOSE})('|")""", _A), (1, "rquote2")),
    (re.compile(r"""("|')(?=\s|s\b|$)""", _A | re.M), ("rquote1",)),
    (re.compile(r"(.?)'", _A | re.S), (1, "lsquo")),
    (re.compile(r'(.?)"', _A | re.S), (1, "ldquo")),
]
_QUOTE_KIND = {"'": ("lsquo", "rsquo"), '"': ("ldquo", "rdquo")}
_SMART_START = re.compile(r"""[^\\]?["']""")
# What starts a smart quote or a symbol, without the character that may come before it.
# kramdown's own pattern, [^\\]?["']|--|\.\.\.|(?:\\| )?(?:<<|>>), makes the regex engine try
# the optional character at every position: four times slower on text with no quotes at
# all, which is most text. ``_span_start`` adds that character back.
_SPAN_MARK = re.compile(r"""["']|--|\.\.\.|<<|>>""")


def _span_start(s: str, pos: int) -> int:
    """Where kramdown's pattern first matches in ``s`` from ``pos``, or -1."""
    m = _SPAN_MARK.search(s, pos)
    if m is None:
        return -1
    at = m.start()
    if at > pos:
        ch, before = s[at], s[at - 1]
        if ch in "\"'":
            if before != "\\":
                return at - 1
        elif ch in "<>" and before in "\\ ":
            return at - 1
    return at


_TYPO = re.compile(r"---|--|\.\.\.|\\<<|\\>>|<< | >>|<<|>>")
_TYPO_OUT = {
    "---": "\u2014",
    "--": "\u2013",
    "...": "\u2026",
    "\\<<": "&lt;&lt;",
    "\\>>": "&gt;&gt;",
    "<< ": "\u00ab\u00a0",
    " >>": "\u00a0\u00bb",
    "<<": "\u00ab",
    ">>": "\u00bb",
}
_TYPO_PLAIN = {"\\<<": "<<", "\\>>": ">>", "<< ": "\u00ab ", " >>": " \u00bb"}

# escape_html(:text): & < > are escaped, except an & that already starts an entity reference.
_ESCAPE_TEXT = re.compile(r"[<>]|&(?!(?:[A-Za-z_:][\w.:-]*|#\d+|#x[0-9a-fA-F]+);)")
_ESCAPE_ATTR = re.compile(r"""[<>"]|&(?!(?:[A-Za-z_:][\w.:-]*|#\d+|#x[0-9a-fA-F]+);)""")
_ESCAPE_ALL = re.compile(r"[<>&]")
_ESC_MAP = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;"}


def _esc(m: re.Match[str]) -> str:
    return _ESC_MAP[m.group()]


def escape_text(s: str) -> str:
    """kramdown ``escape_html(s, :text)``."""
    if "&" in s or "<" in s or ">" in s:
        return _ESCAPE_TEXT.sub(_esc, s)
    return s


def escape_attr(s: str) -> str:
    """kramdown ``escape_html(s, :attribute)``."""
    return _ESCAPE_ATTR.sub(_esc, s)


def escape_all(s: str) -> str:
    """kramdown ``escape_html(s)`` (and Rouge's escaping): only & < >."""
    if "&" in s or "<" in s or ">" in s:
        return _ESCAPE_ALL.sub(_esc, s)
    return s


def entity_char(name: str) -> str:
    """The character an entity name or code point (as used in ``smart_quotes``) stands for."""
    name = name.strip()
    if name.isdigit():
        return chr(int(name))
    if name in name2codepoint:
        return chr(name2codepoint[name])
    return html5.get(name + ";", "?")


def char_output(c: str) -> str:
    """kramdown ``entity_to_str`` with ``entity_output: as_char`` for an entity-made char."""
    if c in "<>&":
        return _ESC_MAP[c]
    return c


def _match_quote_rule(s: str, p: int) -> tuple[re.Match[str], tuple[int | str, ...]] | None:
    for rule, substs in _SQ_RULES:
        rm = rule.match(s, p)
        if rm is not None:
            return rm, substs
    return None


class Typographer:
    """Applies kramdown's smart-quote and typographic-symbol scanners to text runs."""

    __slots__ = ("quotes", "smart")

    def __init__(self, smart_quotes: str | Sequence[str] | None) -> None:
        names: Sequence[str]
        if smart_quotes is None:
            names = ("lsquo", "rsquo", "ldquo", "rdquo")
        elif isinstance(smart_quotes, str):
            names = smart_quotes.split(",")
        else:
            names = [str(n) for n in smart_quotes]
        chars = [entity_char(n) for n in names]
        self.quotes = dict(zip(("lsquo", "rsquo", "ldquo", "rdquo"), chars, strict=False))
        self.smart = True

    def run(self, s: str) -> tuple[str, str]:
        """Return (html, plain text) for one run of literal text.

        Every ``&`` left in a run is literal: pulldown-cmark has decoded the entities it
        knows, and kramdown writes an unknown one (``&bogus;``) as ``&amp;bogus;``.
        """
        if not ('"' in s or "'" in s or "--" in s or "..." in s or "<<" in s or ">>" in s):
            return escape_all(s), s  # _SPAN_MARK finds nothing; str's own search is faster
        html: list[str] = []
        plain: list[str] = []
        pos = 0
        n = len(s)
        quotes = self.quotes
        while pos < n:
            p = _span_start(s, pos)
            if p < 0:
                html.append(escape_all(s[pos:]))
                plain.append(s[pos:])
                break
            if p > pos:
                html.append(escape_all(s[pos:p]))
                plain.append(s[pos:p])
            if _SMART_START.match(s, p):
                found = _match_quote_rule(s, p)
                if found is None:  # pragma: no cover - the last rules always match
                    html.append(escape_all(s[p]))
                    plain.append(s[p])
                    pos = p + 1
                    continue
                rm, substs = found
                for sub in substs:
                    if isinstance(sub, int):
                        text = rm.group(sub)
                        html.append(escape_all(text))
                        plain.append(text)
                    else:
                        if sub[-1].isdigit():
                            q = rm.group(int(sub[-1]))
                            sub = _QUOTE_KIND[q][0 if sub[0] == "l" else 1]
                        c = quotes[sub]
                        html.append(char_output(c))
                        plain.append(c)
                pos = rm.end()
                continue
            tm = _TYPO.match(s, p)
            if tm is None:
                html.append(escape_all(s[p]))
                plain.append(s[p])
                pos = p + 1
                continue
            sym = tm.group()
            html.append(_TYPO_OUT[sym])
            plain.append(_TYPO_PLAIN.get(sym, _TYPO_OUT[sym]))
            pos = tm.end()
        return "".join(html), "".join(plain)


_NON_WORD = re.compile(r"[^\w\- \t]")


class IdMaker:
    """kramdown-parser-gfm ``generate_gfm_header_id``: per-document counters, shared prefix."""

    __slots__ = ("counts", "prefix")

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.counts: dict[str, int] = {}

    def make(self, raw_text: str) -> str:
        result = _NON_WORD.sub("", raw_text.lower()).replace(" ", "-").replace("\t", "-")
        count = self.counts.get(result, -1) + 1
        self.counts[result] = count
        if count > 0:
            result = f"{result}-{count}"
        return self.prefix + result
