"""Render one document the way Jekyll's ``Renderer#run`` does.

Liquid in the content (with ``page``, ``site``, ``paginator``), then the converter
(Markdown, Sass, or none), then the layout chain, each layout seeing the output so far as
``content`` and its own front matter merged into ``layout``. A post's converted content
and excerpt are memoised, because listing pages ask for them again and again.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from typing import Any

from liquid.exceptions import LiquidError

from .. import plugins
from ..errors import BroadsheetError, MarkupError, TemplateError
from ..index.site import Site
from ..read.documents import Document
from .drops import DocumentDrop, PostSiteView, site_drop
from .include_cache import IncludeCache
from .liquid_env import SiteEnvironment, SiteUrls, liquid_error
from .tracking import Fact, ReadLog, doc_key, fingerprint, text_fingerprint

_LIQUID = re.compile(r"{%|{{")
SASS_EXTS = (".scss", ".sass")
JEKYLL_VERSION = "4.3.1"


class Renderer:
    def __init__(self, site: Site, *, tracking: bool = False):
        from . import markdown

        self.site = site
        # With ``tracking``, every value a template reads is noted (render/tracking.py):
        # per output, and per document's content and excerpt, for incremental builds.
        self.tracking = tracking
        self.log = ReadLog()
        self.content_reads: dict[str, set[Fact]] = {}  # doc key → what its content read
        self.excerpt_reads: dict[str, set[Fact]] = {}
        self.known: dict[Fact, str] = {}  # fingerprints of the contents rendered here
        self.config = site.config
        kramdown = dict(site.config.get("kramdown") or {})
        self.markdown_exts = site.config.markdown_exts
        self.markdownify = lambda text: markdown.convert(str(text), kramdown)
        self.env = SiteEnvironment(
            config=site.config.data, source=site.config.source,
            include_dirs=site.include_dirs, site_urls=SiteUrls(site.documents(), site.static_files),
            markdownify=self.markdownify, smartify=markdown.smartify,
        )
        self.env.log = self.log
        self.env.include_cache = IncludeCache(self.log)
        plugins.register_all(site, self.env)
        self._drops: dict[int, DocumentDrop] = {}
        # A document's content is memoised until its own page is written, and kept after
        # that only if another page has used it (a feed, a related-posts list): at 100,000
        # posts, keeping them all grew each render worker by hundreds of megabytes.
        self._content: dict[int, str] = {}
        self._shared_content: set[int] = set()
        self._excerpts: dict[int, Any] = {}
        self._positions: dict[int, tuple[list[Document], int]] = {}
        self._render_order: dict[int, int] | None = None  # for output_of
        self._outputs: dict[int, str] = {}
        for docs in site.all_collections().values():
            for position, doc in enumerate(docs):
                self._positions[id(doc)] = (docs, position)
        self._site_payload: dict[str, Any] | None = None
        self._generated: dict[str, frozenset[str]] | None = None
        self.source_maps: dict[str, str] = {}  # output path → map, for Sass pages
        self.jekyll = {"version": JEKYLL_VERSION,
                       "environment": os.environ.get("JEKYLL_ENV", "development")}

    # -- values templates reach ----------------------------------------------------------
    @property
    def site_payload(self) -> dict[str, Any]:
        if self._site_payload is None:
            self._site_payload = site_drop(self.site, self)
        return self._site_payload

    def drop(self, doc: Document) -> DocumentDrop:
        key = id(doc)
        found = self._drops.get(key)
        if found is None:
            found = self._drops[key] = DocumentDrop(doc, self)
        return found

    def generated_keys(self) -> Mapping[str, frozenset[str]]:
        """The keys generated into a document (a pager, an archive's posts), by document
        key, for the documents that have any."""
        if self._generated is None:
            self._generated = {doc_key(doc): frozenset(doc.extra)
                               for doc in self.site.documents() if doc.extra}
        return self._generated

    def materialize(self, value: Any) -> Any:
        """Documents, pagers and the like inside generated pages' values, as templates see
        them: documents become drops, other dataclasses hashes (field by field, so that
        the posts on a page are not deep-copied)."""
        if value is None:
            return None
        if isinstance(value, Document):
            return self.drop(value)
        if isinstance(value, list):
            return [self.materialize(item) for item in value]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {f.name: self.materialize(getattr(value, f.name))
                    for f in dataclasses.fields(value)}
        return value

    def output_of(self, doc: Document) -> str | None:
        """``doc.output`` as the document being rendered sees it: Jekyll renders every
        collection, then the pages, and a document's output exists only once it has been
        rendered, so it is ``nil`` for the document itself and for those after it."""
        current = self.env.current_document
        if self._render_order is None:
            self._render_order = {id(d): i for i, d in enumerate(self.site.documents())}
        position = self._render_order.get(id(doc))
        if current is None or position is None or (
            position >= self._render_order.get(id(current), len(self._render_order))
        ):
            return None
        if id(doc) not in self._outputs:
            self._outputs[id(doc)] = self.render(doc)
            self.env.current_document = current
        return self._outputs[id(doc)]

    def neighbour(self, doc: Document, step: int) -> DocumentDrop | None:
        found = self._positions.get(id(doc))
        if found is None:
            return None
        docs, position = found
        other = position + step
        return self.drop(docs[other]) if 0 <= other < len(docs) else None

    def content_for(self, doc: Document, *, shared: bool = True) -> str:
        """The document's content after Liquid and conversion (``post.content``).

        ``shared`` is false only when ``render`` asks for the document's own content."""
        key = id(doc)
        if shared:
            self._shared_content.add(key)
        found = self._content.get(key)
        if found is not None:
            return found
        current = self.env.current_document  # rendering the content makes doc current
        try:
            if self.tracking:
                name = doc_key(doc)
                self.log.push()
                try:
                    found = self._content[key] = self._convert(doc, self._render_content(doc))
                finally:
                    self.content_reads[name] = self.log.pop()
                self.known[("d", name, "content")] = text_fingerprint(found)
            else:
                found = self._content[key] = self._convert(doc, self._render_content(doc))
        finally:
            self.env.current_document = current
        return found

    def release(self, doc: Document) -> None:
        """Forget ``doc``'s content once its page is written, unless another page used it."""
        key = id(doc)
        if key not in self._shared_content:
            self._content.pop(key, None)

    def excerpt_for(self, doc: Document) -> Any:
        if "excerpt" in doc.data:
            return doc.data["excerpt"]
        if doc.is_page and not self.config.get("page_excerpts"):
            return None
        key = id(doc)
        if key not in self._excerpts:
            current = self.env.current_document
            try:
                if self.tracking:
                    name = doc_key(doc)
                    self.log.push()
                    try:
                        self._excerpts[key] = self._render_excerpt(doc)
                    finally:
                        self.excerpt_reads[name] = self.log.pop()
                    self.known[("d", name, "excerpt")] = fingerprint(self._excerpts[key])
                else:
                    self._excerpts[key] = self._render_excerpt(doc)
            finally:
                self.env.current_document = current
        return self._excerpts[key]

    # -- rendering ------------------------------------------------------------------------
    def render(self, doc: Document) -> str:
        """The whole output of ``doc``: content, then its layouts."""
        log = self.log
        if log.current is not None:
            key = doc_key(doc)
            log.current.update((("r", key), ("d", key, "content")))
        content = self.content_for(doc, shared=False)
        if not self._place_in_layout(doc):
            return content
        return self._place_in_layouts(doc, content)

    def _payload(self, doc: Document, **extra: Any) -> dict[str, Any]:
        site = PostSiteView(self.site_payload, doc)
        paginator = self.materialize(doc.extra.get("paginator"))
        return {"site": site, "page": self.drop(doc), "paginator": paginator,
                "jekyll": self.jekyll, **extra}

    def _render_content(self, doc: Document) -> str:
        text = doc.content
        if doc.data.get("render_with_liquid") is False or not _LIQUID.search(text):
            return text
        return self._liquid(text, doc, doc.relative_path, doc.body_line, {}, reuse=False)

    def _liquid(self, text: str, doc: Document, display: str, line: int,
                extra: Mapping[str, Any], *, reuse: bool = True) -> str:
        template = self.env.parse_template(text, display, line, reuse=reuse)
        self.env.current_document = doc
        try:
            return template.render_payload(self._payload(doc, **extra))
        except LiquidError as err:
            raise liquid_error(err, display, line, text) from err
        except BroadsheetError:
            raise
        except (RecursionError, ValueError, TypeError, ZeroDivisionError) as err:
            raise TemplateError(f"Liquid error: {err}", display, line) from err

    def _convert(self, doc: Document, text: str) -> str:
        ext = doc.ext.lower()
        if ext in self.markdown_exts:
            try:
                return self.markdownify(text)
            except Exception as err:  # a converter bug must still name the file
                raise MarkupError(f"Markdown conversion failed: {err}", doc.relative_path) from err
        if ext in SASS_EXTS:
            from .sass import compile_sass

            self.log.add(("x",))
            css, source_map = compile_sass(text, doc, self.site)
            if source_map is not None:
                self.source_maps[doc.output_path + ".map"] = source_map
            return css
        return text

    def _render_excerpt(self, doc: Document) -> str:
        separator = str(doc.data.get("excerpt_separator") or self.config.get(
            "excerpt_separator") or "")
        if not separator:
            return ""
        head, found, tail = doc.content.partition(separator)
        if found:
            head = _with_link_definitions(head, tail)
        rendered = head
        if doc.data.get("render_with_liquid") is not False and _LIQUID.search(head):
            rendered = self._liquid(head, doc, doc.relative_path, doc.body_line, {},
                                    reuse=False)
        return self._convert(doc, rendered)

    def _place_in_layout(self, doc: Document) -> bool:
        return doc.ext.lower() not in SASS_EXTS and doc.layout is not None

    def _place_in_layouts(self, doc: Document, content: str) -> str:
        layouts = self.site.layouts
        name = doc.layout
        layout = layouts.get(name) if name else None
        if layout is None:
            raise TemplateError(
                f"unknown layout '{name}': there is no _layouts/{name}.html in the site"
                + (f" or the theme '{self.site.theme.name}'" if self.site.theme else ""),
                doc.relative_path, _front_matter_line(doc, "layout"),
            )
        used = {layout.name}
        layout_data: dict[str, Any] = {}
        output = content
        while layout is not None:
            self.log.add(("l", layout.name))
            layout_data = {**layout.data, **layout_data}
            output = self._liquid(
                layout.content, doc, layout.display, layout.body_line,
                {"content": output, "layout": layout_data},
            )
            parent = layout.parent
            if parent is None:
                break
            next_layout = layouts.get(parent)
            if next_layout is None:
                raise TemplateError(f"unknown layout '{parent}'", layout.display,
                                    _front_matter_line_of_text(layout.path, "layout"))
            if next_layout.name in used:
                break
            used.add(next_layout.name)
            layout = next_layout
        return output


_LINK_DEFINITION = re.compile(r"^ {0,3}(?:(\[[^\]]+\])(:.+))$", re.MULTILINE)


def _with_link_definitions(head: str, tail: str) -> str:
    definitions = [a + b for a, b in _LINK_DEFINITION.findall(tail) if a in head]
    return head + "\n\n" + "\n".join(definitions) if definitions else head


def _front_matter_line(doc: Document, key: str) -> int | None:
    if doc.source_path is None:
        return None
    return _front_matter_line_of_text(doc.source_path, key)


def _front_matter_line_of_text(path: Any, key: str) -> int | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if line.startswith(key + ":"):
                    return number
                if number > 200:
                    break
    except OSError:
        return None
    return None
