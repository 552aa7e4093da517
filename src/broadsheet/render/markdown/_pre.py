"""Source rewriting for the kramdown syntax pulldown-cmark does not know.

Runs line by line before pyromark sees the text, skipping fenced code:

* block IAL lines (``{: .lead #id k="v"}``, ``{:toc}``) are removed and remembered with the
  byte offset where they stood, so the renderer can put the attributes on the block just
  before (or, after a blank line, just after) that spot, as kramdown does;
* abbreviation definitions (``*[HTML]: ...``) are removed and collected;
* HTML blocks are cut out whole (kramdown reads a block element up to its matching end tag,
  blank lines included, where CommonMark stops at the first blank line) and replaced by a
  one-line placeholder comment that the renderer swaps back; ``markdown="1"`` blocks keep
  their inner Markdown for the renderer to convert.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PLACEHOLDER = "<!--broadsheet-html-{}-->"
PLACEHOLDER_RE = re.compile(r"<!--broadsheet-html-(\d+)-->")

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_IAL = re.compile(r" {0,3}\{:(?![\w-]+:)(?![:/])\s*(.*?)\}[ \t]*\n?\Z")
_ALD = re.compile(r" {0,3}\{:[\w-]+:.*\}[ \t]*\n?\Z")
_ABBR = re.compile(r" {0,3}\*\[([^\]\n]+)\]:[ \t]*(.*?)[ \t]*\n?\Z")
_HTML_OPEN = re.compile(r" {0,3}<([A-Za-z][\w-]*)(?=[\s>/])")
_ATTR_MARKDOWN = re.compile(r"""\smarkdown\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+?))(?=[\s/>])""")
_IAL_TOKEN = re.compile(
    r"""([.#][^\s"'.#}]+)|([\w:-]+)=(?:"((?:\\.|[^"])*)"|'((?:\\.|[^'])*)')|(\S+)"""
)

SPAN_ELEMENTS = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "b",
        "big",
        "bdo",
        "br",
        "button",
        "cite",
        "code",
        "del",
        "dfn",
        "em",
        "i",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "mark",
        "option",
        "q",
        "rb",
        "rbc",
        "rp",
        "rt",
        "rtc",
        "ruby",
        "samp",
        "select",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "tt",
        "u",
        "var",
    ]
)
VOID_ELEMENTS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "command",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


@dataclass(slots=True)
class Ial:
    """A block IAL: attributes (class accumulated), references, where and which way it binds."""

    attrs: dict[str, str]
    refs: list[str]
    pos: int
    after: bool


@dataclass(slots=True)
class HtmlBlock:
    """A cut-out HTML block: raw text, or open tag + Markdown body + close tag."""

    raw: str
    markdown: bool = False
    open_tag: str = ""
    body: str = ""
    close_tag: str = ""


@dataclass(slots=True)
class Prepared:
    """The rewritten source and what was taken out of it."""

    text: str
    ials: list[Ial] = field(default_factory=list)
    abbrevs: dict[str, str] = field(default_factory=dict)
    html: list[HtmlBlock] = field(default_factory=list)


def parse_ial(body: str) -> tuple[dict[str, str], list[str]]:
    """Parse the inside of ``{: ...}`` into an attribute dict and a list of references."""
    attrs: dict[str, str] = {}
    refs: list[str] = []
    for m in _IAL_TOKEN.finditer(body):
        if m.group(1):
            tok = m.group(1)
            if tok[0] == ".":
                attrs["class"] = f"{attrs.get('class', '')} {tok[1:]}".lstrip()
            else:
                attrs["id"] = tok[1:]
        elif m.group(2):
            val = m.group(3) if m.group(3) is not None else m.group(4) or ""
            attrs[m.group(2)] = val
        else:
            refs.append(m.group(5))
    return attrs, refs


def _find_html_end(lines: list[str], start: int, tag: str) -> int:
    """Index of the line holding the end tag matching the element opened on ``lines[start]``."""
    token = re.compile(rf"<(/?){re.escape(tag)}(?=[\s>/])[^>]*?(/?)>", re.I)
    depth = 0
    for i in range(start, len(lines)):
        for m in token.finditer(lines[i]):
            if m.group(1):
                depth -= 1
            elif not m.group(2):
                depth += 1
            if depth <= 0:
                return i
    return -1


def prepare(text: str) -> Prepared:
    """Rewrite ``text`` (see the module docstring)."""
    if not text.endswith("\n"):
        text += "\n"
    if "{:" not in text and "*[" not in text and "<" not in text:
        return Prepared(text)
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    prep = Prepared("")
    nbytes = 0
    fence: str | None = None
    prev_blank = True
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
        else:
            fm = _FENCE.match(line)
            if fm:
                fence = fm.group(1)
            elif "{:" in line and (m := _IAL.match(line)):
                attrs, refs = parse_ial(m.group(1))
                prep.ials.append(Ial(attrs, refs, nbytes, not prev_blank))
                i += 1
                continue
            elif "{:" in line and _ALD.match(line):
                i += 1
                continue
            elif "*[" in line and (m := _ABBR.match(line)):
                prep.abbrevs[m.group(1)] = m.group(2)
                i += 1
                continue
            elif prev_blank and (m := _HTML_OPEN.match(line)):
                tag = m.group(1).lower()
                if tag not in SPAN_ELEMENTS and tag not in VOID_ELEMENTS:
                    end = _find_html_end(lines, i, tag)
                    if end >= 0:
                        block = _cut_html(lines, i, end)
                        prep.html.append(block)
                        ph = PLACEHOLDER.format(len(prep.html) - 1) + "\n"
                        out.append(ph)
                        nbytes += len(ph)
                        prev_blank = False
                        i = end + 1
                        continue
        out.append(line)
        nbytes += len(line.encode())
        prev_blank = line.isspace()
        i += 1
    prep.text = "".join(out)
    return prep


def _cut_html(lines: list[str], start: int, end: int) -> HtmlBlock:
    raw = "".join(lines[start : end + 1])
    first = lines[start]
    mm = _ATTR_MARKDOWN.search(first[: first.find(">") + 1] if ">" in first else first)
    if mm is None or (mm.group(1) or mm.group(2) or mm.group(3)) == "0":
        return HtmlBlock(raw.rstrip("\n") + "\n")
    gt = first.find(">")
    open_tag = first[: mm.start()] + first[mm.end() : gt + 1]
    body_lines = [first[gt + 1 :], *lines[start + 1 : end + 1]]
    body = "".join(body_lines)
    close_at = body.rfind("</")
    return HtmlBlock(raw, True, open_tag.strip(), body[:close_at], body[close_at:].strip())
