"""Section pages of the bundled news theme: one archive per category, tag and author.

Each archive is a generated page with ``layout: archive``, ``page.type``, ``page.title``
and ``page.posts`` (as jekyll-archives gives them), paginated like the front page, at
``/category/<slug>/``, ``/tag/<slug>/`` and ``/author/<slug>/`` (then ``page/N/``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..read import permalinks
from ..read.documents import Document
from ..slugify import slugify
from .pagination import make_pager

if TYPE_CHECKING:
    from .site import Site

ARCHIVE_KINDS = (("category", "categories"), ("tag", "tags"), ("author", "authors"))
DEFAULT_PER_PAGE = 20


def add_archives(site: Site) -> None:
    per_page = int(site.config.get("paginate") or DEFAULT_PER_PAGE)
    taken = {page.output_path for page in site.pages}
    for kind, attribute in ARCHIVE_KINDS:
        groups: dict[str, list[Document]] = getattr(site, attribute)
        for name, posts in groups.items():
            slug = slugify(str(name)) or "untitled"
            base = f"/{kind}/{slug}/"
            for page in archive_pages(kind, str(name), base, posts, per_page):
                if page.output_path not in taken:
                    taken.add(page.output_path)
                    site.pages.append(page)


def archive_pages(
    kind: str, name: str, base: str, posts: list[Document], per_page: int
) -> list[Document]:
    total = max(1, math.ceil(len(posts) / per_page))

    def url_of(number: int | None) -> str | None:
        if number is None:
            return None
        return base if number <= 1 else f"{base}page/{number}/"

    pages: list[Document] = []
    for number in range(1, total + 1):
        pager = make_pager(posts, number, per_page, total, url_of)
        url = url_of(number) or base
        page = Document(
            relative_path=f"{kind}/{name}", source_path=None, collection=None,
            data={"layout": "archive", "title": name, "type": kind},
            content="", url=url,
            extra={"posts": pager.posts, "paginator": pager, "generated": True},
        )
        page.output_path = permalinks.output_path(url, ".html", is_page=True)
        pages.append(page)
    return pages
