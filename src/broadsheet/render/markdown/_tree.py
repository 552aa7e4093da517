"""Block tree built from pyromark's ranged event stream.

kramdown decides list-item tightness, blank-line output and IAL targets from the source
layout, which a flat event stream does not show; a small tree of blocks carrying their
byte ranges lets the renderer look at neighbours and at the source between them.
Inline events stay flat inside their leaf block and are rendered by ``_inline``.
"""

from __future__ import annotations

from typing import Any

import pyromark

OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
    | pyromark.Options.ENABLE_DEFINITION_LIST
)
PARSER = pyromark.Markdown(options=OPTIONS)

InlineEvent = tuple[Any, int, int]

_LEAF_KINDS = frozenset({"p", "h", "td", "dt"})
_SIMPLE_START = {
    "Paragraph": "p",
    "Item": "li",
    "TableHead": "thead",
    "TableRow": "tr",
    "TableCell": "td",
    "DefinitionList": "dl",
    "DefinitionListTitle": "dt",
    "DefinitionListDefinition": "dd",
    "HtmlBlock": "html",
}


class Node:
    """One block: its kind, source byte range, attributes and children or inline events."""

    __slots__ = (
        "kind",
        "start",
        "end",
        "attrs",
        "refs",
        "children",
        "inline",
        "data",
        "implicit",
    )

    def __init__(self, kind: str, start: int, end: int, data: Any = None) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.attrs: dict[str, str] = {}
        self.refs: list[str] = []
        self.children: list[Node] = []
        self.inline: list[InlineEvent] = []
        self.data = data
        self.implicit = False


def build(text: str) -> tuple[Node, dict[str, Node]]:
    """Parse ``text`` into a block tree; also return footnote definitions by name."""
    root = Node("root", 0, len(text.encode()))
    footnotes: dict[str, Node] = {}
    stack: list[Node] = [root]
    for ev, rng in PARSER.events_with_range(text):
        s = rng["start"]
        e = rng["end"]
        top = stack[-1]
        if type(ev) is dict:
            if "Start" in ev:
                tag = ev["Start"]
                data: Any = None
                if type(tag) is str:
                    kind = _SIMPLE_START.get(tag)
                else:
                    ((key, data),) = tag.items()
                    kind = _KEYED_START.get(key)
                if kind is None:  # inline start tag
                    _inline(stack, top, ev, s, e)
                    continue
                if top.implicit:
                    stack.pop()
                node = Node(kind, s, e, data)
                if kind == "fn":
                    footnotes.setdefault(data, node)
                stack[-1].children.append(node)
                stack.append(node)
                continue
            if "End" in ev:
                tag = ev["End"]
                if type(tag) is str:
                    is_block = tag in _END_BLOCK
                else:
                    is_block = "Heading" in tag or "BlockQuote" in tag or "List" in tag
                if not is_block:
                    _inline(stack, top, ev, s, e)
                    continue
                if top.implicit:
                    stack.pop()
                done = stack.pop()
                if done.kind == "dl" and done.children:
                    done.end = done.children[-1].end
                continue
            if top.kind == "code" or top.kind == "html":
                top.inline.append((ev, s, e))
                continue
        elif ev == "Rule":
            if top.implicit:
                stack.pop()
            stack[-1].children.append(Node("hr", s, e))
            continue
        _inline(stack, top, ev, s, e)
    return root, footnotes


_KEYED_START = {
    "Heading": "h",
    "BlockQuote": "bq",
    "CodeBlock": "code",
    "List": "list",
    "FootnoteDefinition": "fn",
    "Table": "table",
}


def _inline(stack: list[Node], top: Node, ev: Any, s: int, e: int) -> None:
    if top.kind not in _LEAF_KINDS:
        p = Node("p", s, e)
        p.implicit = True
        top.children.append(p)
        stack.append(p)
        top = p
    top.inline.append((ev, s, e))
    if top.implicit and e > top.end:
        top.end = e


_END_BLOCK = frozenset(
    {
        "Paragraph",
        "CodeBlock",
        "HtmlBlock",
        "Item",
        "FootnoteDefinition",
        "DefinitionList",
        "DefinitionListTitle",
        "DefinitionListDefinition",
        "Table",
        "TableHead",
        "TableRow",
        "TableCell",
    }
)
