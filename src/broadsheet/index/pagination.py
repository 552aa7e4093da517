"""jekyll-paginate: split ``site.posts`` over the index page and ``/page:num/`` copies of it.

Same rules as the plugin: it runs when ``paginate`` is set and the plugin is listed (or
the bundled theme is in use); the template is the ``index.html`` whose folder is the
parent of ``paginate_path``; page 1 is that page itself.
"""

from __future__ import annotations

import dataclasses
import math
import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..read import permalinks
from ..read.documents import Document

if TYPE_CHECKING:
    from .site import Site


@dataclass
class Pager:
    """The ``paginator`` of one page: Liquid sees it as jekyll-paginate's hash."""

    page: int
    per_page: int
    posts: list[Document]
    total_posts: int
    total_pages: int
    previous_page: int | None
    previous_page_path: str | None
    next_page: int | None
    next_page_path: str | None


def paginate_index(site: Site) -> None:
    per_page = _per_page(site)
    if per_page is None or not site.pages:
        return
    if not (site.plugin_enabled("jekyll-paginate") or site.uses_bundled_theme):
        return
    template = _template_page(site)
    if template is None:
        return
    posts = [p for p in reversed(site.posts) if not p.data.get("hidden")]
    path_format = str(site.config.get("paginate_path") or "/page:num")
    total = max(1, math.ceil(len(posts) / per_page))

    def url_of(number: int | None) -> str | None:
        if number is None:
            return None
        if number <= 1:
            return template.url
        return _leading_slash(path_format.replace(":num", str(number)))

    for number in range(1, total + 1):
        pager = make_pager(posts, number, per_page, total, url_of)
        if number == 1:
            template.extra["paginator"] = pager
            continue
        folder = url_of(number) or "/"
        url = permalinks.page_url("/:path/", folder, "index", template.output_ext)
        copy = dataclasses.replace(
            template, url=url, data=dict(template.data),
            extra={"paginator": pager, "generated": True},
        )
        copy.output_path = permalinks.output_path(url, template.output_ext, is_page=True)
        site.pages.append(copy)


def make_pager(posts: list[Document], number: int, per_page: int, total: int, url_of) -> Pager:
    start = (number - 1) * per_page
    return Pager(
        page=number, per_page=per_page, posts=posts[start:start + per_page],
        total_posts=len(posts), total_pages=total,
        previous_page=number - 1 if number != 1 else None,
        previous_page_path=url_of(number - 1) if number != 1 else None,
        next_page=number + 1 if number != total else None,
        next_page_path=url_of(number + 1) if number != total else None,
    )


def _per_page(site: Site) -> int | None:
    value = site.config.get("paginate")
    try:
        number = int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
    return number if number and number > 0 else None


def _template_page(site: Site) -> Document | None:
    paginate_path = str(site.config.get("paginate_path") or "/page:num").lstrip("/")
    target = posixpath.dirname(paginate_path)
    candidates = []
    for page in site.pages:
        if page.basename != "index.html":
            continue
        page_dir = posixpath.dirname(page.relative_path)
        if _in_hierarchy(page_dir, target):
            candidates.append(page)
    candidates.sort(key=lambda p: -len(p.relative_path))
    return candidates[0] if candidates else None


def _in_hierarchy(page_dir: str, paginate_dir: str) -> bool:
    while True:
        if page_dir == paginate_dir:
            return True
        if not paginate_dir:
            return False
        paginate_dir = posixpath.dirname(paginate_dir)


def _leading_slash(path: str) -> str:
    return path if path.startswith("/") else "/" + path
