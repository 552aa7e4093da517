"""The things a site is made of: documents (posts, pages, collection items) and static files.

A ``Document`` is plain data: its front matter merged with defaults, its body, and where it
goes. Nothing here renders; the render stage reads these and writes output elsewhere.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dates import RubyTime


@dataclass(eq=False, slots=True)
class Document:
    """A file with front matter: a post, a page, a collection item, or a generated page."""

    relative_path: str  # posix, relative to the source ("_posts/2025-08-22-slug.md")
    source_path: Path | None  # None for generated pages (archives, pagination)
    collection: str | None  # "posts", a collection label, or None for pages
    data: dict[str, Any]
    content: str
    body_line: int = 1
    ext: str = ".html"  # the source extension
    output_ext: str = ".html"
    url: str = ""
    output_path: str = ""  # relative to the destination; "" when not written
    date: RubyTime | None = None
    is_draft: bool = False
    write: bool = True
    extra: dict[str, Any] = field(default_factory=dict)  # generated pages' Liquid values
    # A page whose own front matter says `layout: null` renders without a layout, though
    # Liquid still sees the default layout's name in `page.layout` (as in Jekyll).
    layout_disabled: bool = False

    @property
    def is_post(self) -> bool:
        return self.collection == "posts"

    @property
    def is_page(self) -> bool:
        return self.collection is None

    @property
    def basename(self) -> str:
        return self.relative_path.rsplit("/", 1)[-1]

    @property
    def basename_without_ext(self) -> str:
        name = self.basename
        return name[: len(name) - len(self.ext)] if self.ext and name.endswith(self.ext) else name

    @property
    def id(self) -> str:
        """Jekyll's document id: the URL's folder joined with the slug."""
        folder = posixpath.dirname(self.url.rstrip("/")) or "/"
        slug = self.data.get("slug") or self.basename_without_ext
        return posixpath.join(folder, str(slug))

    @property
    def layout(self) -> str | None:
        if self.layout_disabled:
            return None
        value = self.data.get("layout")
        return None if value in (None, "", "none", "null") else str(value)

    def sort_key(self) -> tuple[Any, str]:
        return (self.date.timestamp() if self.date else 0.0, self.relative_path)


@dataclass(eq=False, slots=True)
class StaticFile:
    """A file copied as it is (no front matter)."""

    relative_path: str  # relative to its root (the source, or a theme folder)
    source_path: Path
    output_path: str  # relative to the destination
    collection: str | None = None
    front_matter_defaults: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.relative_path.rsplit("/", 1)[-1]

    @property
    def extname(self) -> str:
        return os.path.splitext(self.name)[1]

    @property
    def basename(self) -> str:
        return os.path.splitext(self.name)[0]

    @property
    def modified_time(self) -> float:
        return self.source_path.stat().st_mtime
