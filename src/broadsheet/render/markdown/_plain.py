"""The common case, written without the parser: paragraphs, quotes and headings of plain text.

Most news copy is nothing else, and for it the general path (``_pre``, pulldown-cmark's
events, the block tree, kramdown's layout rules) spent 74 µs on a 2.4 KB post of the
benchmark's corpus to find out; this module takes 33 µs. It recognises such a document
from its characters and lines alone and writes
what the general path writes, with the same pieces: the typographer for each block's text
and the header-id maker. Anything it is not sure of — any character that can start
inline markup or an entity, a line that some block rule could take (lists, code, tables,
setext underlines, definitions, HTML, quotes beyond plain ``> `` lines), leading spaces,
trailing spaces anywhere but at the end of a block, tabs, control characters — sends the
document down the general path. ``tests/render/test_markdown_plain.py`` checks that the two
agree on generated documents.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from broadsheet.render.markdown._render import Renderer
from broadsheet.render.markdown._text import IdMaker

if TYPE_CHECKING:
    from broadsheet.render.markdown._render import Options

# Nothing that can start a span (emphasis, code, links, images, HTML, autolinks,
# entities, escapes, IALs, math, strikethrough, table cells; ``>`` only as a quote's
# marker), no tab, CR or control character, and no line with a leading space.
# (Looked for one by one: ``str``'s own search is ten times faster than a character
# class, over a whole post.)
_MARKUP = (*"`*_[]<&\\|{}~$", *(chr(c) for c in range(32) if c != 10), "\x7f")
# A line that starts a paragraph or continues one: a letter, a quote or a parenthesis, or
# digits that no list marker follows; searched for a line that is not such a line. An ATX
# heading: one to six ``#``, one space, text that does not end in ``#`` (a closing
# sequence).
_TEXT_LINE = r"(?:[^\W\d_]|[\"'(]|\d+(?![\d.)]))"
_TEXT_START = re.compile(_TEXT_LINE)
_NOT_TEXT_LINE = re.compile(rf"\n(?!{_TEXT_LINE})")
_HEADING = re.compile(r"(#{1,6}) (?=[^ #])(.*[^#])\Z")
_BLANK_LINES = re.compile(r"\n\n+")


def convert_plain(text: str, opts: Options) -> str | None:
    """The HTML for ``text`` if it is plain enough to write here, else None."""
    if (opts.hard_wrap or any(char in text for char in _MARKUP) or "\n " in text
            or text[:1] == " "
            or text.count(">") != text.count("\n> ") + (text[:2] == "> ")):
        return None
    body = text.strip("\n")
    if not body:
        return ""
    typo = opts.typo
    ids = IdMaker(opts.prefix) if opts.auto_ids else None
    out = ["\n"] if text[0] == "\n" else []  # a blank line before the first block
    for number, block in enumerate(_BLANK_LINES.split(body)):
        if number:
            out.append("\n")  # one for any run of blank lines between blocks
        block = block.rstrip(" ")  # the end of a block's last line is not its text
        if " \n" in block:
            return None  # a space kept before a line break, or two that make a <br />
        if block[0] == "#":  # a heading, and the block it may be directly above
            line, _, block = block.partition("\n")
            heading = _HEADING.match(line)
            if heading is None:
                return None
            level = len(heading.group(1))
            html, plain = typo.run(heading.group(2))
            attrs = {"id": ids.make(plain)} if ids is not None else {}
            out.append(f"<h{level}{Renderer.attrs(attrs)}>{html}</h{level}>\n")
            if not block:
                continue
        if block[0] == ">":  # a quote of plain lines, every one marked
            if block.count("\n") != block.count("\n> "):
                return None
            block = block[2:].replace("\n> ", "\n")
            if not _text_lines(block):
                return None
            out.append(f"<blockquote>\n  <p>{typo.run(block)[0]}</p>\n</blockquote>\n")
        elif not _text_lines(block):
            return None
        else:
            out.append(f"<p>{typo.run(block)[0]}</p>\n")
    if text.endswith("\n\n"):  # a blank line after the last block
        out.append("\n")
    return "".join(out)


def _text_lines(block: str) -> bool:
    """Whether every line of ``block`` starts as paragraph text does."""
    return _TEXT_START.match(block) is not None and _NOT_TEXT_LINE.search(block) is None
