"""Inline rendering: pyromark's span events to kramdown's span HTML.

Adjacent literal text is gathered into one run before kramdown's smart-quote scanner sees it,
because kramdown decides each quote from its neighbours. Entities and backslash escapes are
spotted from the source ranges (pulldown-cmark has already decoded them) and kept out of the
scanner, as kramdown's own entity and escape parsers keep them out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from broadsheet.render.markdown._math import MARK, render_span
from broadsheet.render.markdown._pre import VOID_ELEMENTS, parse_ial, resolve_refs
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
_QUOTE_PREFIX = re.compile(r"(?: {0,3}> ?)+")
_CODE_OPEN = '<code class="language-plaintext highlighter-rouge">'
_SPAN_IAL = re.compile(r"\{:((?:\\\}|[^}])+)\}")
# ASCII punctuation CommonMark lets a backslash escape and kramdown's GFM parser does not.
_NOT_ESCAPABLE = frozenset("%&,/;?@^")
_WRAP = {"Emphasis": "em", "Strong": "strong", "Strikethrough": "del"}


def close_void_tags(html: str) -> str:
    """kramdown re-serialises parsed HTML: ``<br>`` comes out as ``<br />``."""
    if "<" not in html:
        return html
    return _VOID_TAG.sub(lambda m: f"<{m.group(1)}{m.group(2)} />", html)


def add_attrs(element: str, attrs: dict[str, str]) -> str:
    """Merge IAL attributes into an element's start tag, as kramdown's update_attr_with_ial.

    Classes are appended, other keys replace a value in place or are added at the end.
    """
    end = element.index(">")
    head = element[:end]
    close = ""
    if head.endswith(" /"):
        head, close = head[:-2], " /"
    for key, value in attrs.items():
        m = re.search(rf' {re.escape(key)}="([^"]*)"', head)
        if m is None:
            head += f' {key}="{escape_attr(value)}"'
            continue
        if key == "class":
            value = f"{m.group(1)} {escape_attr(value)}".lstrip()
        else:
            value = escape_attr(value)
        head = f'{head[: m.start()]} {key}="{value}"{head[m.end() :]}'
    return head + close + element[end:]


class InlineRenderer:
    """Renders the inline events of one leaf block."""

    __slots__ = ("r", "src", "events", "i", "prev_end", "toc")

    def __init__(self, r: Renderer, events: list[InlineEvent], start: int, *, toc: bool) -> None:
        self.r = r
        self.src = r.src
        self.events = events
        self.i = 0
        self.prev_end = start
        self.toc = toc

    def render(self, stop: str | None = None) -> tuple[str, str]:
        """Render events up to the ``End`` matching ``stop``; return (html, plain text)."""
        html: list[str] = []
        plain: list[str] = []
        run: list[str] = []
        events = self.events
        src = self.src
        typo = self.r.typo
        elem_at = -1  # len(html) just after a span element, for a span IAL to follow

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
                    if text[:1] == "{" and elem_at == len(html) and not run:
                        text = self._span_ial(text, html)
                        if not text:
                            self.prev_end = e
                            continue
                    if s > self.prev_end and src[s - 1 : s] == b"\\":
                        flush()
                        ch = text[0] if text[0] not in _NOT_ESCAPABLE else "\\" + text[0]
                        html.append(escape_text(ch))
                        plain.append(ch)
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
                    code = ev["Code"]
                    if code[:1] == MARK:
                        flush()
                        html.append(render_span(code, self.r.math))
                    elif (text := self._code_text(code, s, e)) is None:
                        run.append(src[s:e].decode())  # literal backticks, read as text
                    else:
                        flush()
                        html.append(f"{_CODE_OPEN}{escape_all(text)}</code>")
                        plain.append(text)
                        elem_at = len(html)
                elif "Start" in ev:
                    flush()
                    html.append(self._start(ev["Start"], s, e, plain))
                    elem_at = len(html)
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
                if self.i < len(events) and src[e : e + 1] == b" ":
                    run.append(self._indent(e, events[self.i][1]))
            elif ev == "HardBreak":
                spaces = len(src[s:e]) - len(src[s:e].lstrip(b" "))
                if spaces > 2:  # kramdown's break takes two spaces; the rest are text
                    run.append(" " * (spaces - 2))
                flush()
                html.append("<br />")
                run.append("\n")
                if self.i < len(events) and src[e : e + 1] == b" ":
                    run.append(self._indent(e, events[self.i][1]))
            self.prev_end = e
        flush()
        return "".join(html), "".join(plain)

    def _span_ial(self, text: str, html: list[str]) -> str:
        """Put a span IAL (``*word*{: .x}``) on the element just written; return the rest."""
        m = _SPAN_IAL.match(text)
        if m is None:
            return text
        attrs = resolve_refs(*parse_ial(m.group(1)), self.r.alds)
        last = html[-1]
        if last.startswith(_CODE_OPEN):  # the span's own attributes, then Rouge's class
            cls = f"{attrs.get('class', '')} highlighter-rouge".lstrip()
            if "language-" not in cls:
                attrs["class"] = f"language-plaintext {cls}"
            else:
                attrs["class"] = cls
            html[-1] = add_attrs("<code>", attrs) + last[len(_CODE_OPEN) :]
        else:
            html[-1] = add_attrs(last, attrs)
        return text[m.end() :]

    def _code_text(self, code: str, s: int, e: int) -> str | None:
        """A code span's text as kramdown reads it, where that differs from CommonMark's:
        line breaks kept (not turned into spaces), edge spaces kept in a single-backtick
        span and dropped one per side in a longer one. None: kramdown reads no code span
        here (a lone backtick between spaces is a literal one)."""
        raw = self.src[s:e].decode()
        ticks = len(raw) - len(raw.lstrip("`"))
        if len(raw) < 2 * ticks + 1 or raw[-ticks:] != raw[:ticks]:
            return code
        body = raw[ticks:-ticks]
        head, tail = body[0] in " \n", body[-1] in " \n"
        if ticks == 1 and head and (s == 0 or self.src[s - 1 : s] in b" \t\n"):
            return None
        if "\n" not in body and (not (head and tail) if ticks == 1 else head == tail):
            return code  # CommonMark strips edge spaces the same way here
        if "\n" in body:
            body = self._code_lines(body, s + ticks)
            if body is None:
                return code
        if ticks > 1:
            body = body[1:] if body[:1] == " " else body
            body = body[:-1] if body[-1:] == " " else body
        return body

    def _code_lines(self, body: str, pos: int) -> str | None:
        """A multi-line code span body with container prefixes taken off each later line."""
        lines = body.split("\n")
        pos += len(lines[0].encode()) + 1
        for k in range(1, len(lines)):
            line = lines[k]
            quote = _QUOTE_PREFIX.match(line)
            if quote is not None:
                text = line[quote.end() :]
            else:
                text = line.lstrip(" ")
                if text[:1] == "\t":
                    return None
                lead = len(line) - len(text)
                text = self._indent(pos, pos + lead) + text
            pos += len(line.encode()) + 1
            lines[k] = text
        return "\n".join(lines)

    def _indent(self, start: int, end: int) -> str:
        """The leading spaces kramdown keeps on a continuation line: those past the content
        column of the enclosing list item or note, or all of them on a lazy line."""
        lead = self.src[start:end]
        if lead.strip(b" "):  # quote markers or tabs: not worked out here
            return ""
        col = self.r.content_column()
        if col is None:
            return ""
        width = len(lead) - self.r.padded.get(start, 0)
        return " " * (width - col if width >= col else width)

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
            if tag == "Strikethrough" and self.src[s : s + 2] != b"~~":
                inner, p = self.render()  # kramdown's GFM strikes through ~~ only
                plain.append(f"~{p}~")
                return f"~{inner}~"
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
            kind = data["link_type"]
            if kind == "Email" and not url.startswith("mailto:"):
                url = "mailto:" + url
            elif kind == "Autolink" and inner.startswith("mailto:"):
                inner = inner[7:]  # kramdown shows <mailto:x@y> as x@y
            title = data["title"]
            if title and self.src[e - 2 : e] == b"))":  # kramdown has no (title) syntax
                url, title = f"{url} ({title})", ""
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
