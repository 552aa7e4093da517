"""jekyll-paginate-v2 3.0.0: paginated copies of every page that asks for them.

A page whose own front matter has ``pagination: enabled: true`` is a *template*. When the
site's ``pagination:`` is enabled too, the gem takes the template out of ``site.pages`` and
appends one new page per page of posts — page 1 included, at the end of the list, so
``site.pages`` and the sitemap see the copies where the gem puts them. Each copy carries a
``paginator`` with the gem's fields, ``pagination_info``, a title from the ``title:``
pattern and, after page 1, ``autogen: jekyll-paginate-v2``. Autopages (``autopages.py``)
are made first and can be templates themselves.

Several of the gem's quirks change the output, so they are reproduced on purpose:

* posts are sorted oldest first unless ``sort_reverse``; ``offset`` drops the *last*
  posts of that order;
* a copy is named ``.html`` (the index page name is empty), which Ruby reads as a file
  without an extension: its Markdown is not converted, and unless its template had a
  ``permalink`` its output extension is empty, so jekyll-sitemap leaves it out;
* a permalink without a trailing slash gets ``index`` glued on (``/page/:num`` gives
  ``/page/2index.html``), and ``last_page_path`` uses the page pattern even for page 1;
* Jekyll caches parsed Liquid by ``page.path``, and every copy's path is ``.html``: all
  copies whose content has Liquid show the content of the first one rendered
  (``share_liquid_templates``).

The site-wide ``paginate:`` of jekyll-paginate (v1) makes the gem fail the build (its
compatibility mode expired in 2018), so it does here too. ``debug`` is ignored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cmp_to_key
from typing import TYPE_CHECKING, Any

from ..config import deep_merge
from ..errors import ConfigError
from ..index.pagination import Pager
from ..read import permalinks
from ..read.documents import Document
from ..render.filters._ruby import RUBY_SPACE, as_ruby_time, spaceship, str_to_i, to_s

if TYPE_CHECKING:
    from ..index.site import Site

NAME = "jekyll-paginate-v2"
PRIORITY = 60  # Jekyll's :lowest; after the generators that edit pages, before the sitemap

DEFAULTS: dict[str, Any] = {
    "enabled": False, "collection": "posts", "offset": 0, "per_page": 10,
    "permalink": "/page:num/", "title": ":title - page :num", "page_num": 1,
    "sort_reverse": False, "sort_field": "date", "limit": 0,
    "trail": {"before": 0, "after": 0}, "indexpage": None, "extension": "html",
    "debug": False, "legacy": False,
}
_LEGACY = ("The new jekyll-paginate-v2 and the old jekyll-paginate logic cannot both be "
           "configured in the site config at the same time. Please disable the old "
           "'paginate:' config settings by either omitting the values or setting them to "
           "'paginate:off'.")
_EXPIRED = ("Legacy jekyll-paginate configuration compatibility mode has expired. Please "
            "upgrade to jekyll-paginate-v2 configuration.")
_LIQUID = ("{%", "{{")


@dataclass
class PageTrail:
    """One link of ``paginator.page_trail``."""

    num: int
    path: str
    title: Any


@dataclass
class PagerV2(Pager):
    """The gem's ``Paginator``: jekyll-paginate's fields and its own."""

    page_path: str = ""
    first_page: int = 1
    first_page_path: str = ""
    last_page: int = 1
    last_page_path: str = ""
    page_trail: list[PageTrail] | None = None


# Templates see the fields in the order of the gem's ``to_liquid`` hash (``{% for %}`` over
# the paginator, ``jsonify``); the renderer lists a pager's fields in dataclass order.
_LIQUID_ORDER = ("per_page", "posts", "total_posts", "total_pages", "page", "page_path",
                 "previous_page", "previous_page_path", "next_page", "next_page_path",
                 "first_page", "first_page_path", "last_page", "last_page_path", "page_trail")
PagerV2.__dataclass_fields__ = {  # type: ignore[misc]
    name: PagerV2.__dataclass_fields__[name] for name in _LIQUID_ORDER}


# -- Ruby's semantics, where the gem relies on them --------------------------------------
def truthy(value: Any) -> bool:
    return value is not None and value is not False


def mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def ruby_split(text: str, pattern: str) -> list[str]:
    """``String#split(regexp)``: trailing empty parts are dropped, and ``""`` gives ``[]``."""
    parts = re.split(pattern, text)
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def to_i(value: Any) -> int:
    if isinstance(value, bool) or value is None:
        return 0
    if isinstance(value, (int, float)):
        return int(value)
    return str_to_i(to_s(value))


def file_join(head: str, tail: str) -> str:
    """``File.join`` of two parts: one slash where they meet."""
    if tail.startswith("/"):
        return head.rstrip("/") + tail
    return head + tail if head.endswith("/") else f"{head}/{tail}"


def extname(path: str) -> str:
    """``File.extname``: a leading dot (``.html``) does not start an extension."""
    name = path.rsplit("/", 1)[-1].lstrip(".")
    return "." + name.rsplit(".", 1)[1] if "." in name else ""


def output_ext(site: Site, ext: str, permalink: Any) -> str:
    """Jekyll's ``Renderer#output_ext``: the permalink's extension, else the converter's."""
    if truthy(permalink) and not to_s(permalink).endswith("/"):
        from_permalink = extname(to_s(permalink))
        if from_permalink:
            return from_permalink
    if ext.lower() in site.config.markdown_exts:
        return ".html"
    return ".css" if ext.lower() in (".scss", ".sass") else ext


# -- the generator -----------------------------------------------------------------------
def site_config(site: Site) -> dict[str, Any]:
    return deep_merge(DEFAULTS, mapping(site.config.get("pagination")))


def generate(site: Site) -> None:
    from .autopages import create_autopages  # autopages uses this module's helpers

    config = site_config(site)
    create_autopages(site, config)
    if site.config.get("paginate") is not None:
        message = _LEGACY if site.config.get("pagination") is not None else _EXPIRED
        raise ConfigError(message, "_config.yml")
    if not truthy(config["enabled"]):
        return
    templates = [page for page in site.pages if _is_template(page)]
    for template in templates:
        page_config = deep_merge(config, template.data["pagination"])
        _migrate_title_suffix(page_config)
        if truthy(page_config.get("enabled")):
            paginate(site, template, page_config)
    if templates:
        share_liquid_templates(site.pages)


def _is_template(page: Document) -> bool:
    pagination = page.data.get("pagination")
    return isinstance(pagination, Mapping) and truthy(pagination.get("enabled"))


def _migrate_title_suffix(config: dict[str, Any]) -> None:
    if config.get("title_suffix") is not None and config.get("title") is None:
        config["title"] = ":title" + to_s(config["title_suffix"])
    config.pop("title_suffix", None)


def paginate(site: Site, template: Document, config: Mapping[str, Any]) -> None:
    """Replace ``template`` in ``site.pages`` by its pages (``PaginationModel#paginate``)."""
    posts = select_posts(site, config)
    per_page = to_i(config.get("per_page"))
    if per_page <= 0:
        raise ConfigError(f"pagination per_page must be a positive number, not "
                          f"{config.get('per_page')!r}", template.relative_path)
    total = math.ceil(len(posts) / per_page)
    limit = to_i(config.get("limit")) if truthy(config.get("limit")) else 0
    if 0 < limit < total:
        total = limit
    site.pages[:] = [page for page in site.pages if page is not template]
    index_name, index_ext = _index_page(config)
    total = max(total, 1)  # no posts: the page is written all the same
    first_url = _first_url(template)
    paged_url = file_join(first_url, to_s(config.get("permalink")))
    title = template.data.get("title")
    title = title if truthy(title) else site.config.get("title")
    pages: list[Document] = []
    for number in range(1, total + 1):
        pager = make_pager(per_page, first_url, paged_url, posts, number, total,
                           index_name, index_ext)
        page = _pagination_page(site, template, pager, index_name, index_ext)
        page.data["title"] = (format_title(to_s(config.get("title")), title, number, total)
                              if number > 1 else title)
        if number > 1:
            page.data["autogen"] = "jekyll-paginate-v2"
        site.pages.append(page)
        pages.append(page)
    add_trails(config.get("trail"), pages)


def _index_page(config: Mapping[str, Any]) -> tuple[str, str]:
    """The copies' file name, in two parts: ``indexpage`` (none by default) and ``extension``."""
    extension = config.get("extension")
    index_ext = "" if extension is None else "." + to_s(extension).removeprefix(".")
    return to_s(config.get("indexpage")).split(".")[0], index_ext


def _first_url(template: Document) -> str:
    """Page 1's folder: the template's ``permalink``, else the folder of its URL."""
    permalink = template.data.get("permalink")
    return _trailing_slash(to_s(permalink) if truthy(permalink) else _dir(template.url))


def _pagination_page(site: Site, template: Document, pager: PagerV2, index_name: str,
                     index_ext: str) -> Document:
    """``PaginationPage``: the template's data and content under the pager's URL."""
    name = index_name + index_ext
    data = dict(template.data)
    autopage = template.data.get("autopage")
    if truthy(autopage) and "display_name" in mapping(autopage):
        data["autopages"] = dict(autopage)
    data["pagination_info"] = {"curr_page": pager.page, "total_pages": pager.total_pages}
    path, ext = pager.page_path, extname(name)
    if path.endswith("/"):
        url = file_join(path, name)
    else:
        url = path if path.endswith(index_ext) else path + index_ext
    if truthy(template.data.get("permalink")):
        data["permalink"] = path
    out_ext = output_ext(site, ext, data.get("permalink"))
    page = Document(
        relative_path=template.relative_path, source_path=template.source_path,
        collection=None, data=data, content="" if truthy(autopage) else template.content,
        body_line=template.body_line, ext=ext, output_ext=out_ext, url=url,
        date=template.date,
        extra={"paginator": pager, "name": name, "path": to_s(data.get("path", name))},
    )
    page.output_path = permalinks.output_path(url, out_ext, is_page=True)
    return page


def _dir(url: str) -> str:
    """``Page#dir``: the URL if it is a folder, else the folder it is in."""
    if url.endswith("/"):
        return url
    folder = url.rsplit("/", 1)[0]
    return folder + "/"


def _trailing_slash(path: str) -> str:
    return path if path.endswith("/") else path + "/"


# -- which posts, in which order ----------------------------------------------------------
def select_posts(site: Site, config: Mapping[str, Any]) -> list[Document]:
    """The collection's documents, filtered by category, tag and locale, then sorted."""
    posts = collection_docs(site, config.get("collection"))
    categories = index_by(posts, "categories")
    categories["posts"] = posts
    tags, locales = index_by(posts, "tags"), index_by(posts, "locale")
    posts = filter_by(config, "category", posts, categories)
    posts = filter_by(config, "tag", posts, tags)
    posts = filter_by(config, "locale", posts, locales)
    if not truthy(config.get("sort_field")):
        return posts
    field = to_s(config["sort_field"])
    keys = {id(doc): sort_value(site, doc, field) for doc in posts}
    posts = sorted(posts, key=cmp_to_key(lambda a, b: compare(keys[id(a)], keys[id(b)])))
    offset = max(0, to_i(config.get("offset")))
    if offset:
        posts = posts[:max(0, len(posts) - offset)]
    if truthy(config.get("sort_reverse")):
        posts.reverse()
    return posts


def collection_docs(site: Site, names: Any) -> list[Document]:
    if isinstance(names, str):
        names = ruby_split(names, r";|,|\s")
    collections = site.all_collections()
    docs: list[Document] = []
    for raw in names if isinstance(names, list) else []:
        name = to_s(raw).lower().strip(RUBY_SPACE)
        if name == "all":
            chosen = [items for label, items in collections.items() if label != "posts"]
        else:
            chosen = [collections.get(name) or []]
        for items in chosen:
            docs += [doc for doc in items if "pagination" not in doc.data]
    return [doc for doc in docs if not truthy(doc.data.get("hidden"))]


def index_by(posts: list[Document], key: str) -> dict[str, list[Document]]:
    """``PaginationIndexer.index_posts_by``: lower-cased value → documents."""
    index: dict[str, list[Document]] = {}
    for post in posts:
        for value in indexed_values(post.data.get(key)):
            for part in ruby_split(to_s(value).lower().strip(RUBY_SPACE), r";|,"):
                index.setdefault(part.lower().strip(RUBY_SPACE), []).append(post)
    return index


def indexed_values(value: Any) -> list[Any]:
    """A document's categories, tags or locale as a list; text is split on ``;,`` and spaces."""
    if value is None or (isinstance(value, (str, list)) and not value):
        return []
    if isinstance(value, str):
        return ruby_split(value, r";|,|\s") if value.strip(RUBY_SPACE) else []
    return list(value) if isinstance(value, list) else [value]


def filter_by(config: Mapping[str, Any], key: str, posts: list[Document],
              index: dict[str, list[Document]]) -> list[Document]:
    """Keep the posts that are under every value of ``config[key]`` (an intersection)."""
    wanted = config.get(key)
    if wanted is None:
        return posts
    values = ruby_split(wanted, r";|,") if isinstance(wanted, str) else wanted
    for value in values if isinstance(values, list) else [values]:
        members = index.get(to_s(value).lower().strip(RUBY_SPACE))
        if members is None:
            return []
        inside = {id(doc) for doc in members}
        posts = list({id(doc): doc for doc in posts if id(doc) in inside}.values())
    return posts


def sort_value(site: Site, doc: Document, field: str) -> Any:
    """``Utils.sort_get_post_data``: ``a:b`` reaches into nested front matter."""
    value: Any = doc.data
    if doc.collection is not None and "date" not in doc.data:
        value = {**doc.data, "date": doc.date or site.time}  # the gem reads doc.date first
    for part in field.split(":"):
        key = part.lower().strip(RUBY_SPACE)
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return None if isinstance(value, Mapping) else value


def compare(a: Any, b: Any) -> int:
    """``Utils.sort_values``: nil first, text without case, times as instants."""
    if a is None and b is not None:
        return -1
    if a is not None and b is None:
        return 1
    if isinstance(a, str):
        return spaceship(a.lower(), to_s(b).lower()) or 0
    if hasattr(a, "timetuple") and hasattr(b, "timetuple"):
        return spaceship(_instant(a), _instant(b)) or 0
    return spaceship(a, b) or 0


def _instant(value: Any) -> Any:
    from datetime import datetime

    if isinstance(value, datetime):
        return as_ruby_time(value)
    return as_ruby_time(datetime(value.year, value.month, value.day))


# -- pagers and trails --------------------------------------------------------------------
def format_number(pattern: str, number: int, total: int) -> str:
    return pattern.replace(":num", str(number), 1).replace(":max", str(total), 1)


def format_title(pattern: str, title: Any, number: int, total: int) -> str:
    return format_number(pattern.replace(":title", to_s(title), 1), number, total)


def full_path(url: str, index_name: str, ext: str) -> str:
    """``Utils.ensure_full_path``: a folder gets the index page, a bare name the index name."""
    if url.endswith("/"):
        return url + index_name + ext
    return url + index_name if "." not in url else url


def make_pager(per_page: int, first_url: str, paged_url: str, posts: list[Document],
               number: int, total: int, index_name: str, index_ext: str) -> PagerV2:
    """The gem's ``Paginator.new``, URL quirks and all."""
    start = (number - 1) * per_page
    this_url = full_path(first_url if number == 1 else paged_url, index_name or "index",
                         index_ext or ".html")
    if index_name:
        first_url = full_path(first_url, index_name, index_ext)
        paged_url = full_path(paged_url, index_name, index_ext)
    previous_path = None
    if number == 2:
        previous_path = format_number(first_url, 1, total)
    elif number > 2:
        previous_path = format_number(paged_url, number - 1, total)
    return PagerV2(
        page=number, per_page=per_page, posts=posts[start:start + per_page],
        total_posts=len(posts), total_pages=total,
        previous_page=number - 1 if number != 1 else None, previous_page_path=previous_path,
        next_page=number + 1 if number != total else None,
        next_page_path=format_number(paged_url, number + 1, total) if number != total else None,
        page_path=format_number(this_url, number, total),
        first_page=1, first_page_path=format_number(first_url, 1, total),
        last_page=total, last_page_path=format_number(paged_url, total, total),
    )


def add_trails(trail: Any, pages: list[Document]) -> None:
    """``page_trail``: up to ``before + 1 + after`` neighbouring pages, kept at full length."""
    if not isinstance(trail, Mapping) or len(pages) <= 1:
        return
    before, after = max(to_i(trail.get("before")), 0), max(to_i(trail.get("after")), 0)
    if before == 0 and after == 0:
        return
    length = before + after + 1
    for page in pages:
        pager: PagerV2 = page.extra["paginator"]
        start = max(pager.page - before - 1, 0)
        end = min(start + length, len(pages))
        if end - start < length:
            start = max(start - (length - (end - start)), 0)
        pager.page_trail = [
            PageTrail(start + offset + 1, other.extra["paginator"].page_path,
                      other.data.get("title"))
            for offset, other in enumerate(pages[start:end])
        ]


# -- Jekyll's Liquid cache ------------------------------------------------------------------
def share_liquid_templates(pages: list[Document]) -> None:
    """Give pages that share a ``page.path`` the Liquid of the first of them, as Jekyll does.

    Jekyll parses a page's Liquid once per ``page.path`` and renders pages in
    ``site.pages`` order, so every pagination copy (path ``.html``) is rendered from the
    text of the first copy with Liquid in it, whichever template it came from.
    """
    first: dict[str, Document] = {}
    for page in pages:
        if page.data.get("render_with_liquid") is False or not any(
                mark in page.content for mark in _LIQUID):
            continue
        key = _liquid_path(page)
        earlier = first.setdefault(key, page)
        if earlier is not page:
            page.content, page.body_line = earlier.content, earlier.body_line
            if "path" in page.extra:  # errors then name the file the text came from
                page.relative_path, page.source_path = earlier.relative_path, earlier.source_path


def _liquid_path(page: Document) -> str:
    path = page.extra["path"] if "path" in page.extra else to_s(
        page.data.get("path", page.relative_path))
    return path[1:] if path.startswith("/") else path
