"""Read a whole site folder into ``SiteContent``: documents, static files, data, templates.

The order and rules follow Jekyll's ``Reader``: posts from every ``_posts`` folder (with
categories from the folders above it), drafts when asked, pages (files with front
matter), static files, collections, theme assets, then ``_data``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import plugins
from ..config import Config, deep_merge
from ..dates import RubyTime, now_in, site_zone, to_site_time
from ..errors import ContentError, UnsafePathError
from . import permalinks
from .data import read_data_folder
from .defaults import FrontMatterDefaults, merge_front_matter
from .documents import Document, StaticFile
from .entries import EntryFilter, walk_folder, walk_site
from .frontmatter import has_front_matter, read_text, split
from .ordering import page_order, sort_collection
from .templates import Layout, read_layouts
from .theme import Theme, bundled_theme, find_theme

if TYPE_CHECKING:
    from ..cache.sources import SourceCache

DATE_FILENAME = re.compile(r"^(?:.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$")
DATELESS_FILENAME = re.compile(r"^(?:.+/)*(.*)(\.[^.]+)$")
SASS_EXTS = (".scss", ".sass")
PARALLEL_READ = 300  # fewer posts than this parse as fast in one process (measured)


@dataclass
class SiteContent:
    """Everything read from the source, before indexing."""

    config: Config
    time: RubyTime
    theme: Theme | None
    posts: list[Document] = field(default_factory=list)
    pages: list[Document] = field(default_factory=list)
    collections: dict[str, list[Document]] = field(default_factory=dict)
    static_files: list[StaticFile] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    layouts: dict[str, Layout] = field(default_factory=dict)
    include_dirs: list[Path] = field(default_factory=list)
    sass_dirs: list[Path] = field(default_factory=list)


class SiteReader:
    def __init__(self, config: Config, sources: SourceCache | None = None,
                 jobs: int | None = None, meanwhile: Callable[[], None] | None = None):
        self.config = config
        self.jobs = jobs or len(os.sched_getaffinity(0))
        self.sources = sources  # parsed documents from the last build, for incremental ones
        # work for this process while forked workers parse posts (build.import_render_stage)
        self.meanwhile = meanwhile
        self.source = config.source
        self.zone = site_zone(config.get("timezone"))
        self.time = now_in(self.zone)
        self.next_due: RubyTime | None = None  # the first post left out for its future date
        self.defaults = FrontMatterDefaults(config)
        self.entries = EntryFilter(config)
        self.markdown_exts = config.markdown_exts
        self._templates: dict[str, str] = {}  # each collection's permalink template

    # -- the whole site ---------------------------------------------------------------
    def read(self) -> SiteContent:
        theme = self._theme()
        content = SiteContent(self.config, self.time, theme)
        content.layouts = read_layouts(self._dirs("layouts_dir", "_layouts", theme))
        content.include_dirs = self._dirs("includes_dir", "_includes", theme)
        content.sass_dirs = self._dirs("sass_dir", "_sass", theme)
        self._read_tree(content)
        self._read_collections(content)
        if theme is not None:
            self._read_theme_assets(content, theme)
        content.pages.sort(key=page_order)  # Jekyll's sort_files!: by name
        for item in content.static_files:  # StaticFile#data: the defaults for its path
            kind = item.collection or ""
            item.front_matter_defaults = self.defaults.all(item.relative_path, kind)
        content.data = self._read_data(theme)
        content.posts.sort(key=Document.sort_key)
        limit = self.config.limit_posts
        if limit:
            content.posts = content.posts[-limit:]
        plugins.post_read_all(content, self)
        return content

    def _theme(self) -> Theme | None:
        name = self.config.get("theme")
        if name:
            return find_theme(str(name))
        layouts = self.source / str(self.config.get("layouts_dir") or "_layouts")
        return None if layouts.is_dir() and any(layouts.iterdir()) else bundled_theme()

    def _dirs(self, key: str, default: str, theme: Theme | None) -> list[Path]:
        """The site's folder for ``key`` (fenced inside the source), then the theme's."""
        if key == "sass_dir":
            sass = self.config.get("sass")
            configured = (sass.get("sass_dir") if isinstance(sass, dict) else None) or default
        else:
            configured = self.config.get(key) or default
        dirs = [_within(self.source, str(configured), key)]
        if theme is not None and (folder := theme.folder(default)):
            dirs.append(folder)
        return dirs

    # -- the source tree: pages, static files, posts ------------------------------------
    def _read_tree(self, content: SiteContent) -> None:
        files, folders = walk_site(self.config, self.entries)
        for relative in files:
            path = self.source / relative
            if has_front_matter(path):
                page = self.make_page(relative, path)
                if page is not None:
                    content.pages.append(page)
            else:
                content.static_files.append(StaticFile(relative, path, relative))
        content.static_files.sort(key=lambda item: item.relative_path)  # Jekyll's sort_files!
        for folder in folders:
            self._read_posts(content, folder, "_posts", DATE_FILENAME, draft=False)
            if self.config.show_drafts:
                self._read_posts(content, folder, "_drafts", DATELESS_FILENAME, draft=True)

    def _read_posts(
        self, content: SiteContent, folder: str, magic: str, matcher: re.Pattern[str], draft: bool
    ) -> None:
        root = self.source / folder / magic
        skip = len(str(root)) + 1  # walk_folder's paths are root joined with names
        prefix = (folder + "/" if folder else "") + magic + "/"
        found: list[tuple[Path, str]] = []
        for path in walk_folder(root, self.source):
            inner = str(path)[skip:].replace(os.sep, "/")
            if not matcher.match(inner):
                if not draft and DATELESS_FILENAME.match(inner) and has_front_matter(path):
                    display = path.relative_to(self.source).as_posix()
                    raise ContentError(
                        "a post's file name must start with its date: YYYY-MM-DD-title.md",
                        display,
                    )
                continue
            found.append((path, prefix + inner))
        for doc in self._posts(found, draft):
            if self._publishable(doc):
                content.posts.append(doc)

    def _posts(self, found: list[tuple[Path, str]], draft: bool) -> list[Document]:
        if self.sources is not None or len(found) < PARALLEL_READ or self.jobs <= 1:
            return [self.make_document(path, "posts", draft=draft, relative=relative)
                    for path, relative in found]  # from the cache, or too few to share out
        from .parallel import read_in_parallel

        return read_in_parallel(self, found, draft, self.jobs)

    def _publishable(self, doc: Document) -> bool:
        if doc.data.get("published", True) is False and not self.config.unpublished:
            return False
        if self.config.future or doc.date is None or not doc.date > self.time:
            return True
        if self.next_due is None or doc.date < self.next_due:
            self.next_due = doc.date
        return False

    # -- collections ----------------------------------------------------------------------
    def _read_collections(self, content: SiteContent) -> None:
        base = self.source / str(self.config.get("collections_dir") or "")
        for label, meta in self.config.collections.items():
            if label == "posts":
                continue
            docs: list[Document] = []
            folder = base / f"_{label}"
            for path in walk_folder(folder, self.source):
                relative = path.relative_to(self.source).as_posix()
                inner = path.relative_to(folder).as_posix()
                if not self.entries.keeps(inner, False):
                    continue
                if has_front_matter(path):
                    doc = self.make_document(path, label, output=bool(meta.get("output")))
                    if doc is not None and (
                        doc.data.get("published", True) is not False or self.config.unpublished
                    ):
                        docs.append(doc)
                elif meta.get("output"):
                    content.static_files.append(
                        StaticFile(relative, path, f"{label}/{inner}", collection=label)
                    )
            content.collections[label] = sort_collection(
                docs, meta, folder.relative_to(self.source).as_posix()
            )

    def _read_theme_assets(self, content: SiteContent, theme: Theme) -> None:
        assets = theme.folder("assets")
        if assets is None:
            return
        taken = {doc.output_path for doc in content.pages}
        taken |= {f.output_path for f in content.static_files}
        taken |= {page.relative_path for page in content.pages}
        for path in walk_folder(assets, theme.root):
            relative = path.relative_to(theme.root).as_posix()
            if relative in taken:
                continue
            if has_front_matter(path):
                page = self.make_page(relative, path)
                if page is not None and page.output_path not in taken:
                    content.pages.append(page)
            else:
                content.static_files.append(StaticFile(relative, path, relative))
        for page_path in sorted(theme.root.glob("*.html")) + sorted(theme.root.glob("*.md")):
            relative = page_path.name
            if relative not in taken and has_front_matter(page_path):
                page = self.make_page(relative, page_path)
                if page is not None and page.output_path not in taken:
                    content.pages.append(page)

    def _read_data(self, theme: Theme | None) -> dict[str, Any]:
        folder = _within(self.source, str(self.config.get("data_dir") or "_data"), "data_dir")
        data = read_data_folder(folder, self.source, self.config)
        if theme is not None and (theme_data := theme.folder("_data")):
            data = deep_merge(read_data_folder(theme_data, theme.root, self.config), data)
        return data

    # -- one file -------------------------------------------------------------------------
    def _output_ext(self, ext: str) -> str:
        lower = ext.lower()
        if lower in self.markdown_exts:
            return ".html"
        if lower in SASS_EXTS:
            return ".css"
        return ext

    def make_page(self, relative: str, path: Path) -> Document | None:
        if self.sources is None:
            return self._make_page(relative, path)
        page = self.sources.get(relative, "page", path)
        if page is None:
            page = self._make_page(relative, path)
            if page is not None and page.date is not self.time:
                self.sources.put(relative, "page", path, page)
        return page

    def make_document(
        self, path: Path, label: str, *, draft: bool = False, output: bool = True,
        relative: str | None = None,
    ) -> Document:
        if relative is None:
            relative = path.relative_to(self.source).as_posix()
        if self.sources is None:
            return self._make_document(path, label, relative, draft=draft, output=output)
        kind = f"{label}:{int(draft)}:{int(output)}"
        doc = self.sources.get(relative, kind, path)
        if doc is None:
            doc = self._make_document(path, label, relative, draft=draft, output=output)
            if doc.date is not self.time:
                self.sources.put(relative, kind, path, doc)
        return doc

    def _make_page(self, relative: str, path: Path) -> Document | None:
        text = split(read_text(path, relative), relative)
        name = relative.rsplit("/", 1)[-1]
        ext = _extname(name)
        basename = name[: len(name) - len(ext)].rstrip(".") if ext else name
        front = text.data or {}
        # Liquid sees defaults merged under the front matter (a null never replaces a
        # default), but Jekyll renders a page by its own front matter: `layout: null` wins.
        data = merge_front_matter(self.defaults.all(relative, "pages"), front)
        if data.get("published", True) is False and not self.config.unpublished:
            return None
        output_ext = self._output_ext(ext)
        folder = "/" + relative.rsplit("/", 1)[0] + "/" if "/" in relative else "/"
        template = data.get("permalink") or permalinks.page_template(
            self.config.permalink_style, output_ext, basename
        )
        url = permalinks.page_url(str(template), folder, basename, output_ext)
        if "date" in data:
            data["date"] = self._date(data["date"], relative)
        doc = Document(
            relative_path=relative, source_path=path, collection=None, data=data,
            content=text.body, body_line=text.body_line, ext=ext, output_ext=output_ext,
            url=url, date=data.get("date"),
        )
        doc.output_path = permalinks.output_path(url, output_ext, is_page=True)
        doc.layout_disabled = "layout" in front and front["layout"] is None
        return doc

    def _make_document(
        self, path: Path, label: str, relative: str, *, draft: bool = False,
        output: bool = True,
    ) -> Document:
        """``relative``: the path below the source, as the reader found it."""
        text = split(read_text(path, relative), relative)
        ext = _extname(relative.rsplit("/", 1)[-1])
        doc_type = "drafts" if draft else label
        data = dict(self.defaults.all(relative, label))
        if draft:
            data = {**self.defaults.all(relative, doc_type), **data}
        categories = self._categories_from_path(relative, "_drafts" if draft else f"_{label}")
        front = text.data or {}
        defaults_categories = data.get("categories")
        data = merge_front_matter(data, front)
        data["categories"] = _merge_categories(
            categories, defaults_categories, front.get("categories"), data.get("category")
        )
        if draft:
            data["draft"] = True
        output_ext = self._output_ext(ext)
        self._post_data(data, relative, path, draft, label)
        doc = Document(
            relative_path=relative, source_path=path, collection=label, data=data,
            content=text.body, body_line=text.body_line, ext=ext, output_ext=output_ext,
            date=data.get("date"), is_draft=draft, write=output,
        )
        template = self._templates.get(label)
        if template is None:  # Config.collections is worked out afresh on every read
            template = self._templates[label] = self.config.collections.get(label, {}).get(
                "permalink") or permalinks.add_permalink_suffix(
                    "/:collection/:path", self.config.permalink_style)
        inner = relative.split(f"_{label}/", 1)[-1] if not draft else relative.split(
            "_drafts/", 1)[-1]
        cleaned = "/" + inner[: len(inner) - len(ext)].rstrip(".") if ext else "/" + inner
        placeholders = permalinks.document_placeholders(
            collection=label, basename_without_ext=doc.basename_without_ext,
            cleaned_relative_path=cleaned, output_ext=output_ext, data=data,
        )
        try:
            doc.url = permalinks.document_url(str(data.get("permalink") or template), placeholders)
        except ContentError as err:
            raise ContentError(err.message, relative) from err
        doc.output_path = permalinks.output_path(doc.url, output_ext, is_page=False)
        return doc

    def _post_data(self, data: dict[str, Any], relative: str, path: Path, draft: bool,
                   label: str) -> None:
        """Jekyll's ``read_post_data``: date, title, slug, categories, tags."""
        slug: str | None = None
        ext = None
        file_date = None
        match = DATE_FILENAME.match(relative)
        if match:
            file_date, slug, ext = match.groups()
        else:
            dateless = DATELESS_FILENAME.match(relative)
            if dateless:
                slug, ext = dateless.groups()
        slug = (slug or Path(relative).stem).rstrip(".")
        if "date" in data and data["date"] is not None:
            data["date"] = self._date(data["date"], relative)
        elif file_date and label == "posts":
            data["date"] = self._date(file_date, relative)
        elif draft:
            data["date"] = to_site_time(_mtime(path), self.zone)
        else:
            data["date"] = self.time
        if "title" not in data:  # not worked out for the posts that have one
            data["title"] = " ".join(part.capitalize() for part in slug.split("-"))
        data.setdefault("slug", slug)
        data.setdefault("ext", ext)
        data["tags"] = _pluralized(data, "tag", "tags")

    def _date(self, value: Any, relative: str) -> RubyTime:
        parsed = to_site_time(value, self.zone)
        if parsed is None:
            raise ContentError(f"'date: {value}' is not a date Jekyll can read", relative, 2)
        return parsed

    @staticmethod
    def _categories_from_path(relative: str, special: str) -> list[str]:
        if relative.startswith(special):
            return []
        above = relative.split(special, 1)[0]
        return [part for part in above.split("/") if part]


def _extname(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(int(path.stat().st_mtime), UTC)


def _within(root: Path, relative: str, setting: str) -> Path:
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        raise UnsafePathError(f"'{setting}: {relative}' points outside the site's folder")
    return path


def _pluralized(data: dict[str, Any], singular: str, plural: str) -> list[Any]:
    """Jekyll's ``Utils.pluralized_array_from_hash``."""
    if data.get(singular) is not None:
        value: Any = data[singular]
    elif plural in data and data[plural] is not None:
        value = data[plural]
        value = value.split() if isinstance(value, str) else value
    else:
        value = []
    items = value if isinstance(value, list) else [value]
    flat: list[Any] = []
    for item in items:
        flat.extend(item if isinstance(item, list) else [item])
    return [item for item in flat if item is not None]


def _merge_categories(from_path: list[str], *values: Any) -> list[str]:
    """Jekyll's category merge: the folders above ``_posts``, then front-matter defaults,
    ``categories`` and ``category``, as text, without repeats."""
    out: list[str] = []
    for value in (from_path, *values):
        if value is None:
            continue
        items = value.split() if isinstance(value, str) else value
        for item in items if isinstance(items, list) else [items]:
            text = str(item)
            if text not in out:
                out.append(text)
    return out
