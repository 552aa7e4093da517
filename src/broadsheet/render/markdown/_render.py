"""Block rendering in kramdown's HTML converter layout.

kramdown indents nested block HTML by two spaces per level, writes one newline for each run of
blank source lines between blocks, keeps a list item's first paragraph bare ("transparent")
unless a blank line follows it, and appends the footnotes and the table of contents last.
All of that is reproduced here over the block tree from ``_tree``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from broadsheet.render.markdown._extras import ExtrasMixin
from broadsheet.render.markdown._inline import InlineRenderer, close_void_tags
from broadsheet.render.markdown._pre import (
    PLACEHOLDER_RE,
    SPAN_ELEMENTS,
    Prepared,
    merge_attrs,
    prepare,
    resolve_refs,
)
from broadsheet.render.markdown._text import IdMaker, Typographer, escape_attr, escape_text
from broadsheet.render.markdown._tree import Node, build

_FIRST_TAG = re.compile(r"\s*<([A-Za-z][\w-]*)")
_WHITESPACE = frozenset(b" \t\r\n\x0b\x0c")
_ITEM_START = re.compile(rb" *(?:[*+:-]|\d+[.)]) +")


class Options:
    """The kramdown options Jekyll passes, with the site's ``kramdown:`` overrides."""

    __slots__ = ("auto_ids", "footnote_nr", "hard_wrap", "toc_levels", "prefix", "typo")

    def __init__(self, cfg: Mapping[str, Any]) -> None:
        self.auto_ids = bool(cfg.get("auto_ids", True))
        self.footnote_nr = int(cfg.get("footnote_nr", 1) or 1)
        self.hard_wrap = bool(cfg.get("hard_wrap", False))
        levels = cfg.get("toc_levels", range(1, 7))
        if isinstance(levels, str):
            a, _, b = levels.partition("..")
            levels = range(int(a), int(b or a) + 1) if a.isdigit() else range(1, 7)
        self.toc_levels = frozenset(int(x) for x in levels)
        self.prefix = str(cfg.get("auto_id_prefix", "") or "")
        self.typo = Typographer(cfg.get("smart_quotes"))


class Renderer(ExtrasMixin):
    """Converts one document; holds the per-document state (ids, footnotes, TOC)."""

    def __init__(self, opts: Options) -> None:
        self.opts = opts
        self.typo = opts.typo
        self.hard_wrap = opts.hard_wrap
        self.ids = IdMaker(opts.prefix)
        self.fn_defs: dict[str, Node] = {}
        self.fn_order: list[list[Any]] = []
        self.fn_by_name: dict[str, list[Any]] = {}
        self.fn_counter = opts.footnote_nr
        self.toc: list[tuple[int, str, str]] = []
        self.want_toc = False
        self.toc_list: Node | None = None
        self.abbr_re: re.Pattern[str] | None = None
        self.abbrevs: dict[str, str] = {}
        self.src = b""
        self.html_blocks: list[Any] = []
        self.math: list[str] = []
        self.alds: dict[str, tuple[dict[str, str], list[str]]] = {}
        # Content column of the list item or note being written (negative: ``-1 - offset``
        # of the item's marker): kramdown keeps a continuation line's spaces past it.
        self.ws_col = 0
        self.padded: dict[int, int] = {}

    # -- document -------------------------------------------------------------------------
    def document(self, text: str) -> str:
        prep = prepare(text)
        if prep.abbrevs:
            self.abbrevs = prep.abbrevs
            keys = "|".join(re.escape(k) for k in sorted(prep.abbrevs, key=len, reverse=True))
            self.abbr_re = re.compile(rf"(?<!\w)({keys})(?!\w)")
        self.html_blocks = prep.html
        self.math = prep.math
        self.alds = prep.alds
        self.padded = prep.padded
        root = self.fragment(prep)
        out = self.container(root, 0, edges=True)
        out += self.footnotes()
        if self.toc_list is not None:
            out = out.replace("\0TOC\0", self.render_toc())
        return out

    def fragment(self, prep: Prepared) -> Node:
        self.src = prep.text.encode()
        root, fns = build(prep.text)
        for name, node in fns.items():
            self.fn_defs.setdefault(name, node)
        if prep.ials:
            self.apply_ials(root, prep)
        return root

    def apply_ials(self, root: Node, prep: Prepared) -> None:
        flat: list[tuple[int, Node]] = []

        def walk(node: Node, depth: int) -> None:
            for c in node.children:
                flat.append((depth, c))
                walk(c, depth + 1)

        walk(root, 0)
        for ial in prep.ials:
            best: Node | None = None
            best_depth = 1 << 30
            for depth, node in flat:
                hit = self.eff_end(node) == ial.pos if ial.after else node.start >= ial.pos
                if hit and depth < best_depth:
                    best, best_depth = node, depth
                    if not ial.after:
                        break
            if best is None:
                continue
            merge_attrs(best.attrs, resolve_refs(ial.attrs, ial.refs, self.alds))
            best.refs.extend(ial.refs)
            if "toc" in ial.refs:
                self.want_toc = True

    # -- source geometry ------------------------------------------------------------------
    def eff_end(self, node: Node) -> int:
        """End of the node's last non-blank line, newline included.

        Walks back from the node's end instead of slicing it: lists and quotes are long.
        A last line of bare ``>`` markers is a blank line inside a quote.
        """
        src = self.src
        start = node.start
        end = node.end
        while True:
            while end > start and src[end - 1] in _WHITESPACE:
                end -= 1
            if end <= start or src[end - 1] != 62 or node.kind == "code":  # 62: ">"
                break
            nl = src.rfind(b"\n", start, end)
            if src[nl + 1 : end].strip(b" \t>"):
                break
            end = max(nl, start)
        if src[end : end + 1] == b"\n":
            end += 1
        return end

    def blank_between(self, a: int, b: int) -> bool:
        """Whether a blank source line (``>`` markers aside) lies between offsets a and b."""
        gap = self.src[a:b]
        if b"\n" not in gap:
            return False
        lines = gap.split(b"\n")
        middle = lines[:-1] if a == 0 or self.src[a - 1 : a] == b"\n" else lines[1:-1]
        return any(not ln.strip(b" \t\r>") for ln in middle)

    # -- containers -----------------------------------------------------------------------
    def container(self, node: Node, indent: int, *, edges: bool = False) -> str:
        kids = [c for c in node.children if c.kind != "fn"]
        out: list[str] = []
        if edges and kids and self.blank_between(node.start, kids[0].start):
            out.append("\n")
        if edges and not kids and self.src.strip():
            out.append("\n")
        prev: Node | None = None
        for c in kids:
            if prev is not None and self.blank_between(self.eff_end(prev), c.start):
                out.append("\n")
            out.append(self.block(c, indent))
            prev = c
        if edges and prev is not None and self.blank_between(self.eff_end(prev), node.end):
            out.append("\n")
        return "".join(out)

    def block(self, node: Node, indent: int) -> str:
        kind = node.kind
        sp = " " * indent
        if kind == "p":
            return f"{sp}<p{self.attrs(node.attrs)}>{self.inline(node)}</p>\n"
        if kind == "h":
            return self.heading(node, sp)
        if kind == "list":
            return self.list(node, indent)
        if kind == "bq":
            inner = self.container(node, indent + 2)
            return f"{sp}<blockquote{self.attrs(node.attrs)}>\n{inner}{sp}</blockquote>\n"
        if kind == "code":
            return self.codeblock(node, indent)
        if kind == "html":
            return self.html(node, indent)
        if kind == "hr":
            return f"{sp}<hr{self.attrs(node.attrs)} />\n"
        if kind == "table":
            return self.table(node, indent)
        if kind == "dl":
            return self.dl(node, indent)
        return self.container(node, indent)

    def inline(self, node: Node, *, toc: bool = False) -> str:
        return InlineRenderer(self, node.inline, node.start, toc=toc).render()[0]

    def heading(self, node: Node, sp: str) -> str:
        data = node.data
        level = int(data["level"][1])
        attrs: dict[str, str] = {}
        if data.get("id"):
            attrs["id"] = data["id"]
        if data.get("classes"):
            attrs["class"] = " ".join(data["classes"])
        for k, v in node.attrs.items():
            attrs[k] = f"{attrs.get(k, '')} {v}".lstrip() if k == "class" else v
        ir = InlineRenderer(self, node.inline, node.start, toc=False)
        html, plain = ir.render()
        if self.opts.auto_ids and "id" not in attrs:
            attrs["id"] = self.ids.make(plain)
        hid = attrs.get("id")
        if (
            self.want_toc
            and hid
            and level in self.opts.toc_levels
            and not re.search(r"\bno_toc\b", attrs.get("class", ""))
        ):
            self.toc.append((level, hid, self.inline(node, toc=True)))
        return f"{sp}<h{level}{self.attrs(attrs)}>{html}</h{level}>\n"

    @staticmethod
    def attrs(attrs: Mapping[str, str]) -> str:
        if not attrs:
            return ""
        return "".join(
            f' {k}="{escape_attr(v)}"'
            for k, v in attrs.items()
            if not (k == "id" and not v.strip())
        )

    # -- lists ----------------------------------------------------------------------------
    def list(self, node: Node, indent: int) -> str:
        tag = "ol" if node.data is not None else "ul"
        if "toc" in node.refs and self.toc_list is None:
            self.toc_list = node
            return "\0TOC\0"
        items = node.children
        flags: list[bool] = []
        any_task = False
        out: list[str] = []
        sp = " " * indent
        for idx, it in enumerate(items):
            kids = it.children
            first_p = bool(kids) and kids[0].kind == "p"
            if len(kids) >= 2:
                blank_after = self.blank_between(self.eff_end(kids[0]), kids[1].start)
            elif kids and idx + 1 < len(items):
                blank_after = self.blank_between(self.eff_end(kids[0]), items[idx + 1].start)
            else:
                blank_after = False
            transparent = first_p and not blank_after
            if transparent and idx == len(items) - 1 and len(items) > 1:
                transparent = any(
                    not it2.children or it2.children[0].kind != "p" or flags[j]
                    for j, it2 in enumerate(items[:-1])
                )
            flags.append(transparent)
            if kids and kids[0].inline and "TaskListMarker" in kids[0].inline[0][0]:
                any_task = True
            if any_task:
                it.attrs.setdefault("class", "task-list-item")
            out.append(self.item(it, indent + 2, transparent))
        attrs = dict(node.attrs)
        if any_task:
            attrs.setdefault("class", "task-list")
        return f"{sp}<{tag}{self.attrs(attrs)}>\n{''.join(out)}{sp}</{tag}>\n"

    def item(self, it: Node, indent: int, transparent: bool, tag: str = "li") -> str:
        saved = self.ws_col
        self.ws_col = -1 - it.start  # the column is worked out only if a line needs it
        out = self._item(it, indent, transparent, tag)
        self.ws_col = saved
        return out

    def content_column(self) -> int | None:
        """The content column continuation lines are measured from: 0 at the top, 4 in a
        note, and in a list item where its content starts on its first line (kramdown's
        list indentation: marker, then all the spaces after it); None where unclear."""
        col = self.ws_col
        if col is None or col >= 0:
            return col
        marker = -1 - col
        line_start = self.src.rfind(b"\n", 0, marker) + 1
        line_end = self.src.find(b"\n", marker)
        line = self.src[line_start : line_end if line_end >= 0 else len(self.src)]
        m = _ITEM_START.match(line)
        return None if m is None else m.end()

    def _item(self, it: Node, indent: int, transparent: bool, tag: str) -> str:
        sp = " " * indent
        head = f"{sp}<{tag}{self.attrs(it.attrs)}>"
        kids = it.children
        if not kids:
            return f"{head}</{tag}>\n"
        if transparent:
            res = self.inline(kids[0])
            if len(kids) > 1:
                res += "\n" + self.blocks(kids[1:], indent + 2, self.eff_end(kids[0]))
            return f"{head}{res}{sp if res.endswith(chr(10)) else ''}</{tag}>\n"
        return f"{head}\n{self.blocks(kids, indent + 2, None)}{sp}</{tag}>\n"

    def blocks(self, kids: list[Node], indent: int, after: int | None) -> str:
        out: list[str] = []
        prev = after
        for c in kids:
            if prev is not None and self.blank_between(prev, c.start):
                out.append("\n")
            out.append(self.block(c, indent))
            prev = self.eff_end(c)
        return "".join(out)

    def dl(self, node: Node, indent: int) -> str:
        sp = " " * indent
        out: list[str] = []
        kids = node.children
        for idx, c in enumerate(kids):
            if c.kind == "dt":
                out.append(f"{sp}  <dt{self.attrs(c.attrs)}>{self.inline(c)}</dt>\n")
            else:
                kk = c.children
                prev_end = self.eff_end(kids[idx - 1]) if idx else c.start
                transparent = (
                    bool(kk) and kk[0].kind == "p" and not self.blank_between(prev_end, c.start)
                )
                out.append(self.item(c, indent + 2, transparent, "dd"))
        return f"{sp}<dl{self.attrs(node.attrs)}>\n{''.join(out)}{sp}</dl>\n"

    # -- leaves ---------------------------------------------------------------------------
    def codeblock(self, node: Node, indent: int) -> str:
        code = "".join(ev["Text"] for ev, _, _ in node.inline)
        kind = node.data
        lang = None
        if isinstance(kind, dict):
            info = kind.get("Fenced", "").split()
            lang = info[0] if info else None
        from broadsheet.render.highlight import highlight_fenced  # Pygments: when needed

        return highlight_fenced(code, lang, indent=indent, attrs=self.attrs(node.attrs))

    def html(self, node: Node, indent: int) -> str:
        raw = "".join(ev.get("Html", "") for ev, _, _ in node.inline)
        m = PLACEHOLDER_RE.fullmatch(raw.strip())
        if m is not None:
            block = self.html_blocks[int(m.group(1))]
            if not block.markdown:
                return " " * indent + close_void_tags(block.raw.lstrip(" "))
            return self.markdown_html(block, indent)
        tm = _FIRST_TAG.match(raw)
        if tm and tm.group(1).lower() in SPAN_ELEMENTS:
            return f"{' ' * indent}<p>{close_void_tags(raw.strip())}</p>\n"
        return close_void_tags(raw.rstrip("\n") + "\n")

    def markdown_html(self, block: Any, indent: int) -> str:
        sp = " " * indent
        if block.mode == "span":
            return f"{sp}{block.open_tag}{self.span_html(block.body)}{block.close_tag}\n"
        saved = self.src, self.html_blocks, self.math, self.ws_col, self.padded
        prep = prepare(block.body.strip("\n") + "\n")
        self.html_blocks, self.math, self.ws_col = prep.html, prep.math, 0
        self.padded = prep.padded
        root = self.fragment(prep)
        res = self.container(root, indent + 2)
        self.src, self.html_blocks, self.math, self.ws_col, self.padded = saved
        if not res:
            return f"{sp}{block.open_tag}{block.close_tag}\n"
        return f"{sp}{block.open_tag}\n{res.rstrip(chr(10))}\n{sp}{block.close_tag}\n"

    def span_html(self, body: str) -> str:
        """Span-level Markdown of an HTML element's body, its outer whitespace kept."""
        text = body.strip()
        if not text:
            return body
        saved = self.src
        self.src = text.encode()
        root, _ = build(text)
        para = root.children[0] if root.children else None
        inner = self.inline(para) if para is not None and para.kind == "p" else escape_text(text)
        self.src = saved
        lead = body[: len(body) - len(body.lstrip())]
        return lead + inner + body[len(body.rstrip()) :]
