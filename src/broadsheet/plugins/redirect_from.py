"""jekyll-redirect-from 0.16.0: ``redirect_from`` and ``redirect_to`` front matter.

Why it looks the way it does:

* Every written document and every page (posts, collection items, pages, and pages that
  generators listed before this plugin added) is looked at in Jekyll's order: collections
  first, then ``site.pages`` as they stand when the plugin runs.
* Each ``redirect_from`` path becomes a page of its own, named ``redirect.html``, at that
  path (``/old`` is written as ``old.html``, ``/old/`` as ``old/index.html``, and
  ``/old.php``, whose extension becomes the page's, as ``old.php``), with
  ``layout: redirect``, ``sitemap: false`` and ``page.redirect.from``/``.to``; the target
  is made absolute with ``absolute_url`` unless it already starts with ``http(s)://``.
* A ``redirect_to`` document keeps its address but its data takes the redirect page's
  (so it also leaves the sitemap) and its content becomes empty, as in the gem. Its excerpt,
  when it has none in its front matter, is therefore empty too, where the gem's keeps the
  text read from the file.
* The ``redirect`` layout is the site's (or its theme's) if it has one, else the gem's
  own, below, byte for byte.
* ``redirects.json`` maps every "from" to its "to", in the order made, unless
  ``redirect_from: {json: false}`` or the source has a ``redirects.json`` of its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..read import permalinks
from ..read.defaults import FrontMatterDefaults
from ..read.documents import Document
from ..read.templates import Layout
from ..render.filters._ruby import to_s
from ..render.filters.urls import compute_absolute_url
from . import add_pages

if TYPE_CHECKING:
    from ..index.site import Site

NAME = "jekyll-redirect-from"

LAYOUT_NAME = "redirect"
LAYOUT = """<!DOCTYPE html>
<html lang="en-US">
  <meta charset="utf-8">
  <title>Redirecting&hellip;</title>
  <link rel="canonical" href="{{ page.redirect.to }}">
  <script>location="{{ page.redirect.to }}"</script>
  <meta http-equiv="refresh" content="0; url={{ page.redirect.to }}">
  <meta name="robots" content="noindex">
  <h1>Redirecting&hellip;</h1>
  <a href="{{ page.redirect.to }}">Click here if you are not redirected.</a>
</html>
"""
PAGE_NAME = "redirect.html"
JSON_NAME = "redirects.json"
_HTTP = re.compile(r"^https?://", re.MULTILINE)


def redirect_from(data: Mapping[str, Any]) -> list[Any]:
    """The gem's ``Redirectable#redirect_from``: a list, nils left out."""
    value = data.get("redirect_from")
    items = value if isinstance(value, list) else [value]
    return [item for item in items if item is not None]


def redirect_to(data: Mapping[str, Any]) -> Any:
    """The gem's ``Redirectable#redirect_to``: the value, or a list's first non-nil item."""
    value = data.get("redirect_to")
    if isinstance(value, list):
        return next((item for item in value if item is not None), None)
    return value


class _Redirects:
    """Makes the redirect pages of one build and remembers each "from" → "to"."""

    def __init__(self, site: Site):
        self.site = site
        self.defaults = FrontMatterDefaults(site.config).all(PAGE_NAME, "pages")
        self.pages: list[Document] = []
        self.table: dict[str, str] = {}

    def target(self, to: Any) -> str:
        text = to_s(to)
        if _HTTP.search(text):
            return text
        config = self.site.config
        return compute_absolute_url(text, config.get("url"), config.get("baseurl"))

    def page_data(self, origin: Any, to: Any) -> dict[str, Any]:
        """What the gem's ``RedirectPage#set_paths`` puts in a redirect page's data."""
        text = to_s(origin)
        origin = text if not text or text.startswith("/") else "/" + text
        redirect = {"from": origin, "to": self.target(to)}
        self.table[redirect["from"]] = redirect["to"]
        return {"sitemap": False, "layout": LAYOUT_NAME, "permalink": origin,
                "redirect": redirect}

    def add_from(self, origin: Any, doc: Document) -> None:
        data = self.page_data(origin, doc.url)
        output_ext = _permalink_ext(data["permalink"]) or ".html"
        url = permalinks.page_url(data["permalink"], "", "redirect", output_ext)
        # a subclass of Page: never a page excerpt of its own
        extra = {} if "excerpt" in self.defaults else {"excerpt": None}
        page = Document(relative_path=PAGE_NAME, source_path=None, collection=None,
                        data={**self.defaults, **data}, content="", output_ext=output_ext,
                        url=url, extra=extra)
        page.output_path = permalinks.output_path(url, output_ext, is_page=True)
        self.pages.append(page)

    def apply_to(self, to: Any, doc: Document) -> None:
        doc.data.update(self.page_data(doc.url, to))
        doc.content = ""


def _permalink_ext(permalink: str) -> str:
    """Jekyll's ``Renderer#permalink_ext``: ``/old.php`` is written as ``old.php``."""
    if not permalink or permalink.endswith("/"):
        return ""
    name = permalink.rsplit("/", 1)[-1].lstrip(".")
    stem, dot, ext = name.rpartition(".")
    return "." + ext if dot and stem else ""


def _redirectable(site: Site) -> Iterator[Document]:
    """``site.docs_to_write`` then ``site.pages``, as the gem walks them."""
    for docs in site.all_collections().values():
        yield from (doc for doc in docs if doc.write and doc.output_path)
    for page in list(site.pages):
        if not (page.extra.get("generated") and "paginator" in page.extra):
            yield page  # Jekyll paginates later; its copies are not walked


def _json_page(site: Site, table: dict[str, str]) -> Document:
    defaults = FrontMatterDefaults(site.config).all(JSON_NAME, "pages")
    text = json.dumps(table, ensure_ascii=False, separators=(",", ":"))
    url = permalinks.page_url("/:path/:basename:output_ext", "", "redirects", ".json")
    page = Document(relative_path=JSON_NAME, source_path=None, collection=None,
                    data={**defaults, "layout": None}, content=text, ext=".json",
                    output_ext=".json", url=url)
    page.output_path = permalinks.output_path(url, ".json", is_page=True)
    return page


def _wants_json(site: Site) -> bool:
    options = site.config.get("redirect_from")
    return not (isinstance(options, Mapping) and options.get("json") is False)


def generate(site: Site) -> None:
    if LAYOUT_NAME not in site.layouts:
        here = Path(__file__)
        site.layouts[LAYOUT_NAME] = Layout(LAYOUT_NAME, here, f"{NAME}: _layouts/{PAGE_NAME}",
                                           {}, LAYOUT, 1)
    redirects = _Redirects(site)
    for doc in _redirectable(site):
        for origin in redirect_from(doc.data):
            redirects.add_from(origin, doc)
        target = redirect_to(doc.data)
        if target is not None and target is not False:
            redirects.apply_to(target, doc)
    pages = redirects.pages
    if _wants_json(site) and not (site.config.source / JSON_NAME).exists():
        pages.append(_json_page(site, redirects.table))
    add_pages(site, pages)
