"""jekyll-default-layout 0.1.5: a layout for Markdown pages and posts that name none.

The gem is a ``:lowest`` generator, so it sees front-matter defaults already applied
(it asks ``to_liquid`` whether ``layout`` is set; our ``data`` has the defaults merged,
which answers the same) and the pages jekyll-optional-front-matter made. For each page
and post — not other collections — with a Markdown extension and no ``layout`` key at all
(``layout: null`` counts as set), it picks the first layout that exists of:

* ``home`` for the document at URL ``/``;
* ``page`` for a page;
* ``post`` for a post;
* ``default`` for anything;

and when none exists it still sets ``layout`` to nil, so the document gets no layout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..index.site import Site
    from ..read.documents import Document

NAME = "jekyll-default-layout"
PRIORITY = 50  # Jekyll's :lowest: after the core and jekyll-feed, before jekyll-sitemap


def generate(site: Site) -> None:
    exts = site.config.markdown_exts
    for doc in [*site.pages, *site.posts]:
        if doc.ext.lower() in exts and "layout" not in doc.data:
            doc.data["layout"] = layout_for(doc, site)


def layout_for(doc: Document, site: Site) -> str | None:
    choices = [
        ("home", doc.url == "/"),
        ("page", doc.is_page),
        ("post", doc.is_post),
        ("default", True),
    ]
    for name, applies in choices:
        if applies and name in site.layouts:
            return name
    return None
