"""jekyll-archives 2.2.1: a page per tag, category, year, month and day of the posts.

Why it looks the way it does:

* The archives are pages without a file, added to ``site.pages`` (so ``site.pages``,
  ``site.html_pages`` and jekyll-sitemap list them), in the gem's order: tags, then
  categories (both in first-seen order), then years oldest first, each year followed by
  its months *newest* first, each month by its days newest first — the gem groups the
  newest-first posts of a year, which is why the order flips.
* Templates see what the gem's ``Archive#to_liquid`` gives: ``type``, ``title`` (the tag
  or category as written; nil for dates), ``date`` (a Ruby ``Date``: the first day of the
  year or month; nil for tags), ``posts`` (newest first), ``name``, ``path``, ``url``,
  ``permalink`` (nil), over the front-matter defaults of the archive's path and *type*
  (``scope: {type: tag}``, not ``pages``: the gem's ``type`` shadows Jekyll's). ``content``,
  ``dir`` and ``excerpt`` are not among them, so they are nil too.
* A tag or category that is not text (``tags: [2025]``) has no slug: the gem drops
  ``/:name`` from the permalink and the title is nil. We keep that.
* This version of the gem has no ``slug_mode`` (2.3 added it): slugs are always
  ``Utils.slugify``'s default mode, and a ``slug_mode:`` setting is ignored, as Jekyll 4.3
  with the installed gem does.
* ``site.jekyll-archives`` becomes the merged configuration, as the gem sets it.
  ``site.archives`` (the gem's list of archive pages) is not offered.

When the site uses the bundled news theme, whose own category and tag pages sit at the
same addresses, the theme's pages of the kinds enabled here give way to these.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..config import deep_merge
from ..errors import ConfigError
from ..read import permalinks
from ..read.defaults import FrontMatterDefaults
from ..read.documents import Document
from ..slugify import slugify
from . import add_pages

if TYPE_CHECKING:
    from ..index.site import Site

NAME = "jekyll-archives"

DEFAULTS: dict[str, Any] = {
    "layout": "archive",
    "enabled": [],
    "permalinks": {
        "year": "/:year/",
        "month": "/:year/:month/",
        "day": "/:year/:month/:day/",
        "tag": "/tag/:name/",
        "category": "/category/:name/",
    },
}

# archive type → the word ``enabled:`` lists it by (the gem mixes plural and singular)
ENABLED_NAMES = {"tag": "tags", "category": "categories", "year": "year", "month": "month",
                 "day": "day"}


def archives_config(site: Site) -> dict[str, Any]:
    """The gem's configuration: its defaults under the site's ``jekyll-archives:``."""
    own = site.config.get("jekyll-archives")
    return deep_merge(copy.deepcopy(DEFAULTS), own if isinstance(own, Mapping) else {})


def enabled(config: Mapping[str, Any], kind: str) -> bool:
    value = config.get("enabled")
    if value is True or value == "all":
        return True
    return isinstance(value, list) and ENABLED_NAMES[kind] in value


def generate(site: Site) -> None:
    config = archives_config(site)
    site.config.data["jekyll-archives"] = config
    maker = _ArchiveMaker(site, config)
    if enabled(config, "tag"):
        for tag, posts in site.tags.items():
            maker.add("tag", tag, posts)
    if enabled(config, "category"):
        for category, posts in site.categories.items():
            maker.add("category", category, posts)
    _add_dates(maker, config, site.posts)
    if site.uses_bundled_theme:
        _replace_theme_archives(site, {k for k in ("tag", "category") if enabled(config, k)})
    add_pages(site, maker.pages)


def _add_dates(maker: _ArchiveMaker, config: Mapping[str, Any], posts: list[Document]) -> None:
    years, months, days = (enabled(config, kind) for kind in ("year", "month", "day"))
    if not (years or months or days):
        return
    for year, year_posts in _group(posts, "%Y").items():
        if years:
            maker.add("year", {"year": year}, year_posts)
        if not (months or days):
            continue  # no need to sort every post into its month and day
        for month, month_posts in _group(year_posts, "%m").items():
            if months:
                maker.add("month", {"year": year, "month": month}, month_posts)
            if not days:
                continue
            for day, day_posts in _group(month_posts, "%d").items():
                maker.add("day", {"year": year, "month": month, "day": day}, day_posts)


_DATE_PARTS = {  # strftime's, without parsing the pattern 30,000 times on a large site
    "%Y": lambda moment: f"{moment.year:04d}",
    "%m": lambda moment: f"{moment.month:02d}",
    "%d": lambda moment: f"{moment.day:02d}",
}


def _group(posts: list[Document], pattern: str) -> dict[str, list[Document]]:
    """Posts by a part of their date, keys in the order first met, each list newest first."""
    groups: dict[str, list[Document]] = {}
    for post in posts:
        if post.date is not None:
            groups.setdefault(_DATE_PARTS[pattern](post.date), []).append(post)
    return {key: sorted(items, key=Document.sort_key, reverse=True)
            for key, items in groups.items()}


class _ArchiveMaker:
    """Turns (type, title, posts) into archive pages, as the gem's ``Archive`` does."""

    def __init__(self, site: Site, config: Mapping[str, Any]):
        self.config = config
        self.defaults = FrontMatterDefaults(site.config)
        self.markdown_exts = site.config.markdown_exts
        self.pages: list[Document] = []

    def add(self, kind: str, title: Any, posts: list[Document]) -> None:
        url = archive_url(self._template(kind), kind, title)
        relative_path = permalinks.unescape_path(url).removeprefix("/")
        if url.endswith("/"):
            relative_path += "index.html"
        ext = _extname(relative_path)
        output_ext = ".html" if ext.lower() in self.markdown_exts else ext
        # the gem's ``type`` attribute shadows ``Page#type``: defaults are looked up by it
        data = {**self.defaults.all(relative_path, kind), "layout": self._layout(kind)}
        attributes = {
            "posts": posts,
            "type": kind,
            "title": title if isinstance(title, str) else None,
            "date": _date_of(title),
            "name": _basename(relative_path, ext),
            "path": relative_path,
            "url": url,
            "permalink": None,
            # not in the gem's ATTRIBUTES_FOR_LIQUID: only front-matter defaults reach them
            "content": None,
            "dir": None,
            "excerpt": None,
        }
        # Jekyll's deep merge keeps the older value where the newer one is nil
        extra = {key: data.get(key) if value is None else value
                 for key, value in attributes.items()}
        page = Document(relative_path=relative_path, source_path=None, collection=None,
                        data=data, content="", ext=ext, output_ext=output_ext, url=url,
                        extra=extra)
        page.output_path = permalinks.output_path(url, output_ext, is_page=True)
        self.pages.append(page)

    def _template(self, kind: str) -> str:
        templates = self.config.get("permalinks")
        template = templates.get(kind) if isinstance(templates, Mapping) else None
        if not isinstance(template, str) or not template:
            raise ConfigError(f"jekyll-archives: Template \"{template or ''}\" provided is "
                              f"invalid (permalinks: {kind})")
        return template

    def _layout(self, kind: str) -> Any:
        layouts = self.config.get("layouts")
        if isinstance(layouts, Mapping) and layouts.get(kind):
            return layouts[kind]
        return self.config.get("layout")


def archive_url(template: str, kind: str, title: Any) -> str:
    """The gem's ``URL`` of an archive: placeholders filled in order, then sanitised."""
    if isinstance(title, Mapping):
        placeholders: list[tuple[str, str | None]] = [*title.items(), ("type", kind)]
    else:
        name = slugify(title) if isinstance(title, str) else None
        placeholders = [("name", name), ("type", kind)]
    result = template
    for key, value in placeholders:
        if ":" not in result:
            break
        if value is None:
            result = result.replace("/:" + key, "")
        else:
            result = result.replace(":" + key, permalinks.escape_path(value))
    return permalinks.sanitize_url(result)


def _date_of(title: Any) -> datetime.date | None:
    """``Date.new(year, month, day)`` of a date archive; the missing parts are 1."""
    if not isinstance(title, Mapping):
        return None
    parts = [int(value) for value in title.values()]
    return datetime.date(*parts, *[1] * (3 - len(parts)))


def _extname(path: str) -> str:
    """Ruby's ``File.extname``: a dot file or a name ending in a dot has none."""
    name = path.rsplit("/", 1)[-1]
    stem, dot, ext = name.lstrip(".").rpartition(".")
    return "." + ext if dot and stem else ""


def _basename(path: str, ext: str) -> str:
    """Ruby's ``File.basename(path, ext)``."""
    name = path.rsplit("/", 1)[-1]
    return name[: len(name) - len(ext)] if ext and name.endswith(ext) else name


def _replace_theme_archives(site: Site, kinds: set[str]) -> None:
    """Drop the bundled theme's own archive pages of the kinds this plugin now makes."""
    site.pages = [page for page in site.pages if not (
        page.extra.get("generated") and page.data.get("type") in kinds)]
