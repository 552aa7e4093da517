"""kramdown's math syntax (``$$...$$``), which pulldown-cmark does not know.

Jekyll leaves kramdown's ``math_engine`` at MathJax, so math needs no library: a block
(``$$`` lines standing between blank lines) becomes ``\\[...\\]`` and a span ``\\(...\\)``,
the TeX escaped and otherwise untouched. The TeX has to be taken out before pulldown-cmark
parses, or ``a_1 + b_1`` would turn into emphasis: blocks become HTML-block placeholders and
spans become code spans holding a private-use marker and an index, which the inline renderer
turns back into math.
"""

from __future__ import annotations

import re

from broadsheet.render.markdown._text import escape_all

MARK = "\ue000"
_SPAN = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)|\$\$(.*?)\$\$")
_BLOCK_OPEN = re.compile(r" {0,3}\$\$")


def block_math(lines: list[str], start: int) -> tuple[int, str] | None:
    """If a math block starts at ``lines[start]``, return its last line index and HTML.

    As kramdown's ``parse_block_math``: the closing ``$$`` may be on any later line, only
    whitespace may follow it, and the next line must be blank (or an IAL, or the end).
    """
    opener = _BLOCK_OPEN.match(lines[start])
    if opener is None:
        return None
    pos = opener.end()
    for j in range(start, len(lines)):
        close = lines[j].find("$$", pos)
        if close < 0:
            pos = 0
            continue
        if lines[j][close + 2 :].strip():
            return None
        after = lines[j + 1] if j + 1 < len(lines) else ""
        if after.strip() and not after.lstrip().startswith("{:"):
            return None
        body = "".join(lines[start : j + 1])
        body = body[opener.end() : len(body) - len(lines[j]) + close]
        return j, f"\\[{escape_all(body.strip())}\\]\n"
    return None


def span_math(line: str, store: list[str]) -> str:
    """Replace each ``$$...$$`` outside code spans in ``line`` with a marker code span."""

    def sub(m: re.Match[str]) -> str:
        if m.group(2) is None:
            return m.group()
        store.append(m.group(2).strip())
        return f"`{MARK}{len(store) - 1}{MARK}`"

    return _SPAN.sub(sub, line)


def render_span(code: str, store: list[str]) -> str:
    """The MathJax markup for a marker code span made by :func:`span_math`."""
    return f"\\({escape_all(store[int(code[1:-1])])}\\)"
