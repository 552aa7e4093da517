"""The indexed site: documents in order, categories, tags, authors, and generated pages.

Built once per build from what the reader found, and never changed while rendering, so
worker processes can share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import plugins
from ..config import Config
from ..dates import RubyTime
from ..read.documents import Document, StaticFile
from ..read.reader import SiteContent
from ..read.templates import Layout
from ..read.theme import BUNDLED_NAME, Theme


@dataclass
class Site:
    """Everything read from the source, indexed: what the render stage works from."""
    config: Config
    time: RubyTime
    theme: Theme | None
    posts: list[Document]  # oldest first, as Jekyll keeps them
    pages: list[Document]
    collections: dict[str, list[Document]]  # other collections than posts
    static_files: list[StaticFile]
    data: dict[str, Any]
    layouts: dict[str, Layout]
    include_dirs: list[Path]
    sass_dirs: list[Path]
    categories: dict[str, list[Document]] = field(default_factory=dict)  # newest first
    tags: dict[str, list[Document]] = field(default_factory=dict)
    authors: dict[str, list[Document]] = field(default_factory=dict)

    @property
    def uses_bundled_theme(self) -> bool:
        return self.theme is not None and self.theme.name == BUNDLED_NAME

    def all_collections(self) -> dict[str, list[Document]]:
        return {"posts": self.posts, **self.collections}

    def documents(self) -> list[Document]:
        """Everything rendered, in Jekyll's order: collections first, then pages."""
        docs: list[Document] = list(self.posts)
        for items in self.collections.values():
            docs.extend(items)
        docs.extend(self.pages)
        return docs

    def plugin_enabled(self, name: str) -> bool:
        plugins = self.config.get("plugins") or []
        gems = self.config.get("gems") or []
        return name in plugins or name in gems


def index_site(content: SiteContent) -> Site:
    from .archives import add_archives
    from .pagination import paginate_index

    site = Site(
        config=content.config, time=content.time, theme=content.theme, posts=content.posts,
        pages=content.pages, collections=content.collections,
        static_files=content.static_files, data=content.data, layouts=content.layouts,
        include_dirs=content.include_dirs, sass_dirs=content.sass_dirs,
    )
    site.categories = _taxonomy(site.posts, "categories")
    site.tags = _taxonomy(site.posts, "tags")
    site.authors = _taxonomy(site.posts, "author")
    paginate_index(site)
    if site.uses_bundled_theme:
        add_archives(site)
    plugins.generate_all(site)
    return site


def _taxonomy(posts: list[Document], key: str) -> dict[str, list[Document]]:
    """Jekyll's ``post_attr_hash``: name → posts, newest first, names in first-seen order."""
    groups: dict[str, list[Document]] = {}
    for post in posts:
        values = post.data.get(key)
        if values is None:
            continue
        for value in values if isinstance(values, list) else [values]:
            groups.setdefault(str(value) if key == "author" else value, []).append(post)
    for docs in groups.values():
        docs.reverse()
    return groups
