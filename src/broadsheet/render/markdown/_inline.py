"""Inline rendering: pyromark's span events to kramdown's span HTML.

Adjacent literal text is gathered into one run before kramdown's smart-quote scanner sees it,
because kramdown decides each quote from its neighbours. Entities and backslash escapes are
spotted from the source ranges (pulldown-cmark has already decoded them) and kept out of the
scanner, as kramdown's own entity and escape parsers keep them out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from broadsheet.render.markdown._pre import VOID_ELEMENTS
from broadsheet.render.markdown._text import char_output, escape_all, escape_attr, escape_text

if TYPE_CHECKING:
    from broadsheet.render.markdown._render import Renderer
    from broadsheet.render.markdown._tree import InlineEvent

_VOID_TAG = re.compile(r"<(" + "|".join(sorted(VOID_ELEMENTS)) + r")\b([^>]*?)\s*/?>", re.I)
_CHECKBOX = '<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" />'
_CHECKED = (
    '<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" '
    'checked="checked" />'
)
_WRAP = {"Emphasis": "em", "Strong": "strong", "Strikethrough": "del"}


def close_void_tags(html: str) -> str:
    """kramdown re-serialises parsed HTML: ``<br>`` comes out as ``<br />``."""
    if "<" not in html:
        return html
    return _VOID_TAG.sub(lambda m: f"<{m.group(1)}{m.group(2)} />", html)


class InlineRenderer:
    """Renders the inline events of one leaf block."""

    __slots__ = ("r", "src", "events", "i", "prev_end", "toc", "keep_ws")

    def __init__(self, r: Renderer, events: list[InlineEvent], start: int, *, toc: bool) -> None:
        self.r = r
        self.src = r.src
        self.events = events
        self.i = 0
        self.prev_end = start
        self.toc = toc
        self.keep_ws = False

    def render(self, stop: str | None = None) -> tuple[str, str]:
        """Render events up to the ``End`` matching ``stop``; return (html, plain text)."""
        html: list[str] = []
        plain: list[str] = []
        run: list[str] = []
        events = self.events
        src = self.src
        typo = self.r.typo

        def flush() -> None:
            if run:
                h, p = typo.run("".join(run))
                if self.r.abbr_re is not None:
                    h = self.r.abbreviate(h)
                html.append(h)
                plain.append(p)
                run.clear()

        while self.i < len(events):
            ev, s, e = events[self.i]
            self.i += 1
            if type(ev) is dict:
                if "Text" in ev:
                    text = ev["Text"]
                    if s > self.prev_end and src[s - 1 : s] == b"\\":
                        flush()
                        html.append(escape_text(text[0]))
                        plain.append(text[0])
                        text = text[1:]
                    elif e - s != len(text) and src[s : s + 1] == b"&":
                        raw = src[s:e].decode()
                        if raw != text:
                            flush()
                            html.append(raw if text in "<>&" else char_output(text))
                            plain.append(text)
                            self.prev_end = e
                            continue
                    run.append(text)
                    self.prev_end = e
                    continue
                if "Code" in ev:
                    flush()
                    code = ev["Code"]
                    html.append(
                        '<code class="language-plaintext highlighter-rouge">'
                        f"{escape_all(code)}</code>"
                    )
                    plain.append(code)
                elif "Start" in ev:
                    flush()
                    html.append(self._start(ev["Start"], s, e, plain))
                elif "End" in ev:
                    flush()
                    self.prev_end = e
                    return "".join(html), "".join(plain)
                elif "InlineHtml" in ev:
                    tag = ev["InlineHtml"]
                    if run and run[-1].endswith("<") and self._next_text_starts(">"):
                        run.append(tag)  # <<guillemets>> are typography, not a tag
                        self.prev_end = e
                        continue
                    flush()
                    html.append(close_void_tags(tag))
                elif "FootnoteReference" in ev:
                    flush()
                    if not self.toc:
                        html.append(self.r.footnote_ref(ev["FootnoteReference"]))
                elif "TaskListMarker" in ev:
                    flush()
                    html.append(_CHECKED if ev["TaskListMarker"] else _CHECKBOX)
                    self._skip_space()
                elif "Html" in ev:
                    flush()
                    html.append(close_void_tags(ev["Html"]))
            elif ev == "SoftBreak":
                ws = src[self.prev_end : s]
                if ws and not ws.strip():
                    run.append(ws.decode())
                if self.r.hard_wrap:
                    flush()
                    html.append("<br />")
                run.append("\n")
                if self.keep_ws and self.i < len(events):
                    nxt = events[self.i][1]
                    lead = src[e:nxt]
                    if lead and not lead.strip():
                        run.append(lead.decode())
            elif ev == "HardBreak":
                flush()
                html.append("<br />")
                run.append("\n")
            self.prev_end = e
        flush()
        return "".join(html), "".join(plain)

    def _next_text_starts(self, prefix: str) -> bool:
        if self.i < len(self.events):
            ev = self.events[self.i][0]
            return type(ev) is dict and ev.get("Text", "").startswith(prefix)
        return False

    def _strong_inside(self, s: int, e: int) -> bool:
        """Whether this emphasis holds exactly one strong span covering all of it."""
        if self.i >= len(self.events):
            return False
        ev, s2, e2 = self.events[self.i]
        if ev != {"Start": "Strong"} or s2 != s + 1 or e2 != e - 1:
            return False
        depth = 0
        for j in range(self.i, len(self.events)):
            evj = self.events[j][0]
            if type(evj) is dict and ("Start" in evj or "End" in evj):
                depth += 1 if "Start" in evj else -1
                if depth == 0:
                    nxt = self.events[j + 1][0] if j + 1 < len(self.events) else None
                    return nxt == {"End": "Emphasis"}
        return False

    def _skip_space(self) -> None:
        if self.i < len(self.events):
            ev, s, e = self.events[self.i]
            if type(ev) is dict and "Text" in ev:
                text = ev["Text"].lstrip()
                self.events[self.i] = ({"Text": text}, e - len(text.encode()), e)

    def _start(self, tag: Any, s: int, e: int, plain: list[str]) -> str:
        self.prev_end = s
        if type(tag) is str:
            name = _WRAP.get(tag, "span")
            if tag == "Emphasis" and self._strong_inside(s, e):
                self.i += 1
                inner, p = self.render()
                self.i += 1
                plain.append(p)
                return f"<strong><em>{inner}</em></strong>"
            inner, p = self.render()
            plain.append(p)
            return f"<{name}>{inner}</{name}>"
        if "Link" in tag:
            data = tag["Link"]
            inner, p = self.render()
            plain.append(p)
            if self.toc:
                return inner
            url = data["dest_url"]
            if data["link_type"] == "Email" and not url.startswith("mailto:"):
                url = "mailto:" + url
            title = data["title"]
            t = f' title="{escape_attr(title)}"' if title else ""
            return f'<a href="{escape_attr(url)}"{t}>{inner}</a>'
        if "Image" in tag:
            data = tag["Image"]
            first = self.i
            self.render()
            last = self.i - 1
            alt = ""
            if last > first:
                alt = self.src[self.events[first][1] : self.events[last - 1][2]].decode()
            title = data["title"]
            t = f' title="{escape_attr(title)}"' if title else ""
            return f'<img src="{escape_attr(data["dest_url"])}" alt="{escape_attr(alt)}"{t} />'
        inner, p = self.render()
        plain.append(p)
        return inner
