"""Tables, footnotes, abbreviations and the table of contents, in kramdown's markup.

Split from ``_render`` to keep modules small; ``Renderer`` mixes this class in and provides
the per-document state these methods use (footnote counters, TOC entries, abbreviations).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from broadsheet.render.markdown._text import escape_attr

if TYPE_CHECKING:
    from broadsheet.render.markdown._render import Options
    from broadsheet.render.markdown._tree import Node

_BACKLINK = '<a href="#fnref:{}" class="reversefootnote" role="doc-backlink">&#8617;{}</a>'
_ALIGN = {"Left": "left", "Center": "center", "Right": "right"}


class ExtrasMixin:
    """Renderer methods for tables, footnotes, abbreviations and the TOC."""

    opts: Options
    fn_defs: dict[str, Node]
    fn_order: list[list[Any]]
    fn_by_name: dict[str, list[Any]]
    fn_counter: int
    toc: list[tuple[int, str, str]]
    toc_list: Node | None
    abbr_re: re.Pattern[str] | None
    abbrevs: dict[str, str]
    ws_col: int

    def attrs(self, attrs: Mapping[str, str]) -> str:  # pragma: no cover - see Renderer
        raise NotImplementedError

    def inline(self, node: Node, *, toc: bool = False) -> str:
        raise NotImplementedError  # pragma: no cover - see Renderer

    def blocks(self, kids: list[Node], indent: int, after: int | None) -> str:
        raise NotImplementedError  # pragma: no cover - see Renderer

    def table(self, node: Node, indent: int) -> str:
        sp = " " * indent
        aligns = node.data or ()
        parts: list[str] = []
        body: list[str] = []
        for section in node.children:
            rows = [section] if section.kind == "thead" else [section]
            if section.kind == "thead":
                rows = [section]
                cells_tag = "th"
                parts.append(f"{sp}  <thead>\n{self.row(section, indent + 4, cells_tag, aligns)}")
                parts.append(f"{sp}  </thead>\n")
            else:
                for row in rows:
                    body.append(self.row(row, indent + 4, "td", aligns))
        if body:
            parts.append(f"{sp}  <tbody>\n{''.join(body)}{sp}  </tbody>\n")
        return f"{sp}<table{self.attrs(node.attrs)}>\n{''.join(parts)}{sp}</table>\n"

    def row(self, row: Node, indent: int, tag: str, aligns: Any) -> str:
        sp = " " * indent
        cells: list[str] = []
        for i, cell in enumerate(row.children):
            align = _ALIGN.get(aligns[i]) if i < len(aligns) else None
            style = f' style="text-align: {align}"' if align else ""
            content = self.inline(cell) or "\u00a0"
            cells.append(f"{sp}  <{tag}{style}>{content}</{tag}>\n")
        return f"{sp}<tr>\n{''.join(cells)}{sp}</tr>\n"

    # -- footnotes and TOC ----------------------------------------------------------------
    def footnote_ref(self, name: str) -> str:
        if name not in self.fn_defs:
            return f"[^{name}]"
        entry = self.fn_by_name.get(name)
        repeat = ""
        if entry is not None:
            entry[2] += 1
            repeat = f":{entry[2]}"
            number = entry[1]
        else:
            number = self.fn_counter
            self.fn_counter += 1
            entry = [name, number, 0]
            self.fn_order.append(entry)
            self.fn_by_name[name] = entry
        return (
            f'<sup id="fnref:{name}{repeat}" role="doc-noteref">'
            f'<a href="#fn:{name}" class="footnote" rel="footnote">{number}</a></sup>'
        )

    def footnotes(self) -> str:
        if not self.fn_order:
            return ""
        items: list[str] = []
        i = 0
        while i < len(self.fn_order):  # footnotes may reference further footnotes
            name, _, repeat = self.fn_order[i]
            node = self.fn_defs[name]
            links = _BACKLINK.format(name, "") + "".join(
                "\u00a0" + _BACKLINK.format(f"{name}:{k}", f"<sup>{k + 1}</sup>")
                for k in range(1, repeat + 1)
            )
            kids = node.children
            self.ws_col = 4  # a note's continuation lines are indented four spaces
            body = self.blocks(kids, 6, None)
            self.ws_col = 0
            if kids and kids[-1].kind == "p":
                body = body[: body.rfind("</p>\n")] + "\u00a0" + links + "</p>\n"
            else:
                body += f"      <p>{links}</p>\n"
            items.append(f'    <li id="fn:{name}" role="doc-endnote">\n{body}    </li>\n')
            i += 1
        start = f' start="{self.opts.footnote_nr}"' if self.opts.footnote_nr != 1 else ""
        return (
            '<div class="footnotes" role="doc-endnotes">\n'
            f"  <ol{start}>\n{''.join(items)}  </ol>\n</div>\n"
        )

    def abbreviate(self, html: str) -> str:
        assert self.abbr_re is not None

        def sub(m: re.Match[str]) -> str:
            title = self.abbrevs[m.group(1)]
            t = f' title="{escape_attr(title)}"' if title else ""
            return f"<abbr{t}>{m.group(1)}</abbr>"

        return self.abbr_re.sub(sub, html)

    def render_toc(self) -> str:
        assert self.toc_list is not None
        if not self.toc:
            return ""
        tag = "ol" if self.toc_list.data is not None else "ul"
        attrs = dict(self.toc_list.attrs)
        attrs.setdefault("id", "markdown-toc")
        prefix = attrs["id"]
        # build the nested tree: [level, id, html, children]
        roots: list[list[Any]] = []
        stack: list[list[Any]] = []
        for level, hid, html in self.toc:
            entry: list[Any] = [level, hid, html, []]
            while stack and stack[-1][0] >= level:
                stack.pop()
            (stack[-1][3] if stack else roots).append(entry)
            stack.append(entry)

        def render_list(entries: list[list[Any]], indent: int, a: Mapping[str, str]) -> str:
            sp = " " * indent
            lis: list[str] = []
            for _, hid, html, kids in entries:
                isp = " " * (indent + 2)
                res = f'<a href="#{hid}" id="{escape_attr(prefix)}-{hid}">{html}</a>'
                if kids:
                    res += render_list(kids, indent + 4, {})
                lis.append(f"{isp}<li>{res}{isp if res.endswith(chr(10)) else ''}</li>\n")
            return f"{sp}<{tag}{self.attrs(a)}>\n{''.join(lis)}{sp}</{tag}>\n"

        return render_list(roots, 0, attrs)
