"""jekyll-sitemap 1.4.0: ``sitemap.xml`` and ``robots.txt``.

The sitemap lists, in the gem's order: the documents of every collection that is written
(collections by name), then the HTML pages, then static ``.html``/``.htm``/``.xhtml``/
``.pdf`` files, leaving out anything with ``sitemap: false`` and the 404 page. Documents
get a ``<lastmod>`` from ``last_modified_at`` or their date, pages only from
``last_modified_at``, static files from their modification time.

The entries are worked out when the page is rendered, as the gem's Liquid template is,
from the site every generator has made: the core adds pagination and archive pages before
any plugin runs, and ``PRIORITY`` puts this module after the other plugins. The text is
handed to the renderer as a page that Liquid leaves alone (``LaterDocument``: in a clean
build, the process that renders the page writes it, beside the other pages).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..dates import RubyTime, site_zone
from ..read import permalinks
from ..read.documents import Document, LaterDocument, StaticFile
from ..render.filters.urls import PLAIN_PATH, PLAIN_SITE

if TYPE_CHECKING:
    from ..index.site import Site

NAME = "jekyll-sitemap"
PRIORITY = 100  # the lowest: after every generator that adds pages

STATIC_EXTENSIONS = (".htm", ".html", ".xhtml", ".pdf")
HTML_EXTENSIONS = (".html", ".xhtml", ".htm")
XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
URLSET = (
    '<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 '
    'http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd" '
    'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)


class _Filters:
    """The few Jekyll filters the sitemap needs, bound to the site's configuration."""

    def __init__(self, config: Mapping[str, Any]):
        from ..render.filters.dates import make_date_filters
        from ..render.filters.text import xml_escape
        from ..render.filters.urls import make_url_filters

        self.absolute_url: Callable[[Any], Any] = make_url_filters(config)["absolute_url"]
        self.xmlschema: Callable[[Any], Any] = make_date_filters(config)["date_to_xmlschema"]
        self.xml_escape = xml_escape
        self._prefix = _plain_prefix(config.get("url"), config.get("baseurl"))

    def loc(self, url: str) -> str:
        path = url.replace("/index.html", "/")
        if (self._prefix is not None and path[:1] == "/" and path[1:2] != "/"
                and PLAIN_PATH.fullmatch(path)):
            return self._prefix + path  # what the filters give a plain path, and no escapes
        return self.xml_escape(self.absolute_url(path))


def _plain_prefix(url: object, baseurl: object) -> str | None:
    """``url`` and ``baseurl`` as ``absolute_url`` joins them to a plain path, when both
    are plain enough that it only joins them (urls.py); else None."""
    if not isinstance(url, str) or not PLAIN_SITE.fullmatch(url):
        return None
    if baseurl is None:
        return url
    if not isinstance(baseurl, str):
        return None
    base = baseurl[:-1] if baseurl.endswith("/") else baseurl
    base = base if not base or base.startswith("/") else "/" + base
    if base and (base.endswith("/") or not PLAIN_PATH.fullmatch(base)):
        return None
    return url + base


def _truthy(value: Any) -> bool:
    return value is not None and value is not False


def _listed(data: Mapping[str, Any]) -> bool:
    return data.get("sitemap") is not False


def _url(filters: _Filters, loc: str, lastmod: Any = None) -> str:
    text = f"<url>\n<loc>{filters.loc(loc)}</loc>\n"
    if _truthy(lastmod):
        text += f"<lastmod>{filters.xmlschema(lastmod)}</lastmod>\n"
    return text + "</url>\n"


def _default(value: Any, fallback: Any) -> Any:
    """Liquid's ``default``: nil, false and empty text give way to the fallback."""
    return fallback if value is None or value is False or value == "" else value


def _document_entries(site: Site, filters: _Filters) -> list[str]:
    entries: list[str] = []
    metas = site.config.collections
    for label, docs in sorted(site.all_collections().items()):
        if label != "posts" and not metas.get(label, {}).get("output"):
            continue  # a collection that is not written
        for doc in docs:
            if not _listed(doc.data):
                continue
            modified = doc.data.get("last_modified_at")
            date = doc.date if doc.date is not None else site.time
            entries.append(_url(filters, doc.url, _default(modified, date)))
    return entries


def _page_entries(site: Site, filters: _Filters) -> list[str]:
    entries: list[str] = []
    for page in site.pages:
        if not (page.output_ext in HTML_EXTENSIONS or page.url.endswith("/")):
            continue
        if not _listed(page.data) or page.url == "/404.html":
            continue
        modified = page.data.get("last_modified_at")
        entries.append(_url(filters, page.url, modified if _truthy(modified) else None))
    return entries


def _static_entries(site: Site, filters: _Filters) -> list[str]:
    zone = site_zone(site.config.get("timezone"))
    entries: list[str] = []
    for item in site.static_files:
        if item.extname not in STATIC_EXTENSIONS:
            continue
        if not _listed(item.front_matter_defaults) or item.name == "404.html":
            continue
        modified = RubyTime.of(datetime.fromtimestamp(int(item.modified_time), zone))
        entries.append(_url(filters, "/" + item.relative_path, modified))
    return entries


def sitemap_text(site: Site) -> str:
    filters = _Filters(site.config.data)
    head = XML_HEADER
    if _exists(site, "sitemap.xsl"):
        href = filters.absolute_url("/sitemap.xsl")
        head += f'<?xml-stylesheet type="text/xsl" href="{href}"?>\n'
    body = (_document_entries(site, filters) + _page_entries(site, filters)
            + _static_entries(site, filters))
    return head + URLSET + "".join(body) + "</urlset>\n"


def robots_text(site: Site) -> str:
    return f"Sitemap: {_Filters(site.config.data).absolute_url('sitemap.xml')}\n"


def _exists(site: Site, name: str) -> bool:
    """A page or a static file of the site is already at ``/name``."""
    url = "/" + name
    return any(page.url == url for page in site.pages) or any(
        _static_url(item) == url for item in site.static_files)


def _static_url(item: StaticFile) -> str:
    return "/" + item.output_path.lstrip("/")


def _page(name: str, text: str | Callable[[], str]) -> Document:
    ext = "." + name.rsplit(".", 1)[-1]
    fields: dict[str, Any] = dict(
        relative_path=name, source_path=None, collection=None,
        data={"layout": None, "render_with_liquid": False}, ext=ext, output_ext=ext,
        url="/" + name)
    page = (Document(content=text, **fields) if isinstance(text, str)
            else LaterDocument(text, **fields))
    page.output_path = permalinks.output_path(page.url, ext, is_page=True)
    return page


def generate(site: Site) -> None:
    add_sitemap = not _exists(site, "sitemap.xml")
    add_robots = not _exists(site, "robots.txt")
    if add_sitemap:
        # written when rendered: the URLs, dates and file times it lists are all settled
        # once the site is indexed
        site.pages.append(_page("sitemap.xml", lambda: sitemap_text(site)))
    if add_robots:
        site.pages.append(_page("robots.txt", robots_text(site)))
