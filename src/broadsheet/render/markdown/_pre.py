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

from broadsheet.lazy_pattern import LazyPattern
from broadsheet.render.markdown._math import block_math, span_math

PLACEHOLDER = "<!--broadsheet-html-{}-->"
PLACEHOLDER_RE = re.compile(r"<!--broadsheet-html-(\d+)-->")

_FENCE = LazyPattern(r" {0,3}(`{3,}|~{3,})")
_IAL = LazyPattern(r" {0,3}\{:(?![\w-]+:)(?![:/])\s*(.*?)\}[ \t]*\n?\Z")
_ALD = LazyPattern(r" {0,3}\{:(\w[\w-]*):(.*)\}[ \t]*\n?\Z")
_ABBR = LazyPattern(r" {0,3}\*\[([^\]\n]+)\]:[ \t]*(.*?)[ \t]*\n?\Z")
_HTML_OPEN = LazyPattern(r" {0,3}<([A-Za-z][\w-]*)(?=[\s>/])")
_TABLE_RULE = LazyPattern(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*\n?\Z")
_CODE_SPAN = LazyPattern(r"(`+)(.+?)(?<!`)\1(?!`)")
_COMMENT_OPEN = LazyPattern(r" {0,3}<!--")
_RULE_CHARS = frozenset("*_-=")
_RULE_LINE_START = LazyPattern(r"\n {0,3}(?:\*\*|_|--|==|-\n|=\n)")
_STAR_RULE = LazyPattern(r" {0,3}(?:(\*)\*[* \t]*|(_)[_ \t]*)\n?\Z")
_SETEXT = LazyPattern(r" {0,3}(?:-+|=+)[ \t]*\n?\Z")
# Lines whose text a rule-like next line does not continue in kramdown: list items, notes
# and definitions (their own rules apply), quotes.
_NOT_LAZY = LazyPattern(r" {0,3}(?:[*+-][ \t]|\d+[.)][ \t]|:[ \t]|>|\[\^)")
_MARKER_CHARS = " \t>-*+0123456789.)"
# Lines after which a comment line is not paragraph text: headings, fences, tables, HTML,
# rules and setext underlines, math fences.
_NOT_PARA_SRC = r"[ \t]*(?:#|`{3}|~{3}|\||<(?!(?:%s)\b)|\$\$|([-*_=])[ \t]*(?:\1[ \t]*)*\n?\Z)"
_ATTR_MARKDOWN = LazyPattern(r"""\smarkdown\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+?))(?=[\s/>])""")
_IAL_TOKEN = LazyPattern(
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
_NOT_PARA = LazyPattern(_NOT_PARA_SRC % "|".join(sorted(SPAN_ELEMENTS)))
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


# kramdown's content models for ``markdown="1"``: these elements hold spans, others blocks.
SPAN_MODEL = frozenset(
    str.split(
        "a abbr acronym b bdo big button cite caption del dfn dt em h1 h2 h3 h4 h5 h6 i ins "
        "label legend optgroup p q rb rbc rp rt rtc ruby select small span strong sub sup th tt"
    )
)
_RAW_MODEL = frozenset(str.split("script style math option textarea pre code kbd samp var"))


@dataclass(slots=True)
class HtmlBlock:
    """A cut-out HTML block: raw text, or open tag + Markdown body + close tag.

    ``mode`` is kramdown's content model: ``raw`` (copied), ``block`` or ``span``.
    """

    raw: str
    markdown: bool = False
    open_tag: str = ""
    body: str = ""
    close_tag: str = ""
    mode: str = "raw"


@dataclass(slots=True)
class Prepared:
    """The rewritten source and what was taken out of it."""

    text: str
    ials: list[Ial] = field(default_factory=list)
    abbrevs: dict[str, str] = field(default_factory=dict)
    html: list[HtmlBlock] = field(default_factory=list)
    math: list[str] = field(default_factory=list)
    alds: dict[str, tuple[dict[str, str], list[str]]] = field(default_factory=dict)
    # start of a line we indented -> by how much (those spaces are not the author's)
    padded: dict[int, int] = field(default_factory=dict)


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


def resolve_refs(
    attrs: dict[str, str],
    refs: list[str],
    alds: dict[str, tuple[dict[str, str], list[str]]],
    seen: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """An IAL's attributes with those of the ALDs it names (``{: lead}``) put first, as
    kramdown's ``update_attr_with_ial``: classes add up, other keys are replaced."""
    if not alds or not refs:
        return attrs
    out: dict[str, str] = {}
    for ref in refs:
        if ref in alds and ref not in seen:
            merge_attrs(out, resolve_refs(*alds[ref], alds, seen | {ref}))
    merge_attrs(out, attrs)
    return out


def merge_attrs(target: dict[str, str], attrs: dict[str, str]) -> None:
    """Add ``attrs`` to ``target``: a class is appended, anything else replaced."""
    for key, value in attrs.items():
        if key == "class":
            target[key] = f"{target.get(key, '')} {value}".lstrip()
        else:
            target[key] = value


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
    has_math = "$" in text and "$$" in text  # one-character tests are much the fastest
    tables = "|" in text and "`" in text
    if (
        "{:" not in text
        and "*[" not in text
        and "<" not in text
        and not (has_math or tables)
        and not _rule_after_text(text)
    ):
        return Prepared(text)
    lines = text.splitlines(keepends=True)
    ascii_text = text.isascii()  # then a line's length in bytes is its length
    out: list[str] = []
    prep = Prepared("")
    nbytes = 0
    fence: str | None = None
    prev_blank = True
    after_ial = False  # an IAL line ends a paragraph, though it is not in ``out``
    code_run = False
    in_table = False
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
        else:
            if ("`" in line or "~" in line) and (fm := _FENCE.match(line)):
                fence = fm.group(1)
            elif "{:" in line and (m := _IAL.match(line)):
                attrs, refs = parse_ial(m.group(1))
                prep.ials.append(Ial(attrs, refs, nbytes, not prev_blank))
                after_ial = True
                i += 1
                continue
            elif "{:" in line and (m := _ALD.match(line)):
                prep.alds[m.group(1)] = parse_ial(m.group(2))
                i += 1
                continue
            elif "*[" in line and (m := _ABBR.match(line)):
                prep.abbrevs[m.group(1)] = m.group(2)
                i += 1
                continue
            elif (
                "<!--" in line
                and not prev_blank
                and not after_ial
                and _COMMENT_OPEN.match(line)
                and _NOT_PARA.match(out[-1]) is None
            ):
                # kramdown reads a comment after a paragraph line as part of the paragraph
                # (``<!--more-->``); CommonMark would end the paragraph. Indented, the line
                # is a continuation line for pulldown-cmark too (past any list marker).
                prev = out[-1]
                pad = len(prev) - len(prev.lstrip(_MARKER_CHARS)) + 4
                prep.padded[nbytes] = pad
                line = " " * pad + line
            elif (
                not prev_blank
                and not after_ial
                and (
                    line[:1] in _RULE_CHARS
                    or (line[:1] == " " and line.lstrip(" ")[:1] in _RULE_CHARS)
                )
                and _continues_paragraph(line, out)
            ):
                # kramdown reads ``***`` or ``___`` after a paragraph line, and ``---`` or
                # ``===`` after two or more, as more paragraph text; CommonMark makes a rule
                # or a heading of them. Indented, the line continues the paragraph here too.
                prep.padded[nbytes] = 4
                line = "    " + line
            elif has_math and prev_blank and (found := block_math(lines, i)):
                prep.html.append(HtmlBlock(found[1]))
                ph = PLACEHOLDER.format(len(prep.html) - 1) + "\n"
                out.append(ph)
                nbytes += len(ph)
                prev_blank = False
                i = found[0] + 1
                continue
            elif prev_blank and "<" in line and (m := _HTML_OPEN.match(line)):
                tag = m.group(1).lower()
                if tag not in SPAN_ELEMENTS and tag not in VOID_ELEMENTS:
                    end = _find_html_end(lines, i, tag)
                    if end >= 0:
                        block = _cut_html(lines, i, end, tag)
                        prep.html.append(block)
                        ph = PLACEHOLDER.format(len(prep.html) - 1) + "\n"
                        out.append(ph)
                        nbytes += len(ph)
                        prev_blank = False
                        i = end + 1
                        continue
        if tables and fence is None and "|" in line:
            if in_table and "`" in line:
                line = _protect_pipes(line)
            elif "-" in line and out and "|" in out[-1] and _TABLE_RULE.match(line):
                in_table = True
                head = _protect_pipes(out[-1])
                nbytes += len(head.encode()) - len(out[-1].encode())
                out[-1] = head
        if has_math and fence is None:
            code_run = (prev_blank or code_run) and line.startswith(("    ", "\t"))
            if not code_run and "$$" in line:
                line = span_math(line, prep.math)
        out.append(line)
        nbytes += len(line) if ascii_text else len(line.encode())
        prev_blank = line.isspace()
        in_table = in_table and not prev_blank
        after_ial = False
        i += 1
    prep.text = "".join(out)
    return prep


def _rule_after_text(text: str) -> bool:
    """Whether a rule-like line directly follows a line of text somewhere in ``text``."""
    for m in _RULE_LINE_START.finditer(text):
        if m.start() > 0 and text[m.start() - 1] != "\n":
            return True
    return False


def _continues_paragraph(line: str, out: list[str]) -> bool:
    """Whether kramdown keeps a rule-like ``line`` in the paragraph ``out`` ends with."""
    if not out or _NOT_PARA.match(out[-1]) is not None or _NOT_LAZY.match(out[-1]):
        return False
    if (m := _STAR_RULE.match(line)) is not None:
        return line.count(m.group(1) or m.group(2)) >= 3
    if _SETEXT.match(line) is None:
        return False
    return len(out) > 1 and not out[-2].isspace()  # a heading's text follows a blank line


def _protect_pipes(line: str) -> str:
    """Escape the pipes inside code spans of a table row: kramdown does not split cells
    there, while GFM (and so pulldown-cmark) would unless the pipe is escaped."""
    if "`" not in line:
        return line
    return _CODE_SPAN.sub(lambda m: m.group().replace("|", "\\|"), line)


def _cut_html(lines: list[str], start: int, end: int, tag: str) -> HtmlBlock:
    raw = "".join(lines[start : end + 1])
    first = lines[start]
    mm = _ATTR_MARKDOWN.search(first[: first.find(">") + 1] if ">" in first else first)
    if mm is None:
        return HtmlBlock(raw.rstrip("\n") + "\n")
    value = mm.group(1) or mm.group(2) or mm.group(3)
    mode = {"1": "default", "block": "block", "span": "span"}.get(value, "raw")
    if mode == "default":
        mode = "span" if tag in SPAN_MODEL else "raw" if tag in _RAW_MODEL else "block"
    gt = first.find(">")
    open_tag = first[: mm.start()] + first[mm.end() : gt + 1]
    body_lines = [first[gt + 1 :], *lines[start + 1 : end + 1]]
    body = "".join(body_lines)
    close_at = body.rfind("</")
    if mode == "raw":  # kramdown drops the attribute even when it keeps the body raw
        return HtmlBlock(open_tag.lstrip() + body.rstrip("\n") + "\n")
    return HtmlBlock(raw, True, open_tag.strip(), body[:close_at], body[close_at:].strip(), mode)
