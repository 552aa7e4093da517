"""The things a site is made of: documents (posts, pages, collection items) and static files.

A ``Document`` is plain data: its front matter merged with defaults, its body, and where it
goes. Nothing here renders; the render stage reads these and writes output elsewhere.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
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


_CONTENT = Document.content  # the slot itself, under the property below


class LaterDocument(Document):
    """A generated page whose text is worked out when something first reads it.

    A sitemap lists every page of the site: writing it while the site is indexed cost a
    tenth of a second at 10,000 posts, in one process, while the other cores waited. Made
    when first read, it is made by whichever process renders the page, beside the others.
    Only a page whose text depends on nothing that can change after indexing may be one.
    Copied or pickled, it carries its text, made then.
    """

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[], str], **fields: Any):
        super().__init__(content="", **fields)
        self._make: Callable[[], str] | None = make

    @property  # type: ignore[override]
    def content(self) -> str:
        make = self._make
        if make is not None:
            _CONTENT.__set__(self, make())
            self._make = None
        return _CONTENT.__get__(self)

    @content.setter
    def content(self, value: str) -> None:
        _CONTENT.__set__(self, value)
        self._make = None

    def __getstate__(self) -> object:
        self.content  # noqa: B018 - made now: a function does not pickle
        return super().__getstate__()


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
