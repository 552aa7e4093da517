"""jekyll-paginate-v2's autopages: one page per tag, category and collection.

Themes list their archives this way: ``autopages:`` names, for each kind, the layouts to
use, a ``title`` and a ``permalink`` (``:tag``, ``:cat`` or ``:coll`` stand for the name,
slugified as ``slugify:`` says; the gem's default mode keeps the name and only lower-cases
it). Each page is built from the layout file in the site's own ``_layouts`` — its front
matter becomes the page's data, its body the page's content — and is told which posts to
paginate through its ``pagination`` data (``tag``, ``category`` or ``collection``). With
the site's pagination enabled the pagination generator then replaces each autopage by its
paginated pages (without the layout body as content); otherwise the autopage is written
as it is, at ``<permalink>/index.html``.

The names come from every document of every collection, lower-cased, in the order they
are first met (posts oldest first); the display name is the first spelling seen. As the
gem does, every document is marked with its collection as ``__coll``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import deep_merge
from ..read import permalinks
from ..read.defaults import FrontMatterDefaults
from ..read.documents import Document
from ..read.entries import inside
from ..read.frontmatter import read_text, split
from ..render.filters._ruby import RUBY_SPACE, to_s
from ..slugify import slugify
from .paginate_v2 import extname, file_join, indexed_values, mapping, output_ext, ruby_split, truthy

if TYPE_CHECKING:
    from ..index.site import Site


def _kind(layout: str, title: str, permalink: str) -> dict[str, Any]:
    return {"layouts": [layout], "title": title, "permalink": permalink, "enabled": True,
            "slugify": {"mode": "none", "cased": False}}


DEFAULTS: dict[str, Any] = {
    "enabled": False,
    "tags": _kind("autopage_tags.html", "Posts tagged with :tag", "/tag/:tag"),
    "categories": _kind("autopage_category.html", "Posts in category :cat", "/category/:cat"),
    "collections": _kind("autopage_collection.html", "Posts in collection :coll",
                         "/collection/:coll"),
}
# config section, the document value it indexes, its macro, the pagination filter it sets
KINDS = (("tags", "tags", ":tag", "tag"), ("categories", "categories", ":cat", "category"),
         ("collections", "__coll", ":coll", "collection"))
INDEX_PAGE = "index.html"


def create_autopages(site: Site, pagination: Mapping[str, Any]) -> None:
    """Append the autopages to ``site.pages`` (``AutoPages.create_autopages``)."""
    config = deep_merge(DEFAULTS, mapping(site.config.get("autopages")))
    if not truthy(config["enabled"]):
        return
    documents = _all_documents(site)
    defaults = FrontMatterDefaults(site.config)
    for section, index_key, macro, filter_key in KINDS:
        kind = config.get(section)
        if not isinstance(kind, Mapping) or not truthy(kind.get("enabled")):
            continue
        for key, display in index_names(documents, index_key).items():
            for layout in kind.get("layouts") or []:
                page = _autopage(site, defaults, kind, pagination, str(layout),
                                 (macro, filter_key, key, display))
                site.pages.append(page)


def _all_documents(site: Site) -> list[Document]:
    documents: list[Document] = []
    for label, docs in site.all_collections().items():
        for doc in docs:
            if "pagination" not in doc.data:
                doc.data["__coll"] = label
                documents.append(doc)
    return documents


def index_names(documents: list[Document], key: str) -> dict[str, str]:
    """``Utils.ap_index_posts_by``: lower-cased name → the first spelling met."""
    names: dict[str, str] = {}
    for doc in documents:
        for value in indexed_values(doc.data.get(key)):
            for raw in ruby_split(to_s(value).strip(RUBY_SPACE), r";|,"):
                names.setdefault(raw.lower().strip(RUBY_SPACE), raw)
    return names


def format_macro(pattern: str, macro: str, name: str, slug: Any) -> str:
    slug = mapping(slug)
    value = slugify(name, mode=slug.get("mode"), cased=truthy(slug.get("cased", False)))
    return pattern.replace(macro, value or "", 1)


def _autopage(site: Site, defaults: FrontMatterDefaults, kind: Mapping[str, Any],
              pagination: Mapping[str, Any], layout: str, name: tuple[str, str, str, str]
              ) -> Document:
    """``BaseAutoPage``: the layout file's front matter and body under the name's URL."""
    macro, filter_key, key, display = name
    relative = f"_layouts/{layout}"
    folder = site.config.source / "_layouts"
    path: Path | None = folder / layout
    if not (inside(folder, path) and path.is_file()):
        path = None  # the gem reads the site's own _layouts only, even for a theme's layout
    data, content, body_line = _read(path, relative) if path else ({}, "", 1)
    data = {**defaults.all(relative, "pages"), **data}
    page_pagination = deep_merge(dict(pagination), mapping(data.get("pagination")))
    page_kind = deep_merge(dict(kind), mapping(data.get("autopages")))
    page_pagination[filter_key] = key
    permalink = format_macro(to_s(page_kind.get("permalink")), macro, key, kind.get("slugify"))
    data["permalink"] = permalink
    data["layout"] = _basename(layout)
    data["title"] = format_macro(to_s(page_kind.get("title")), macro, key, kind.get("slugify"))
    data["pagination"] = page_pagination
    data["autopage"] = {"layout_path": file_join("_layouts", layout), "display_name": display}
    url = file_join(permalink, INDEX_PAGE)
    out_ext = output_ext(site, ".html", permalink)
    page = Document(
        relative_path=relative, source_path=path, collection=None,
        data=data, content=content, body_line=body_line, ext=".html", output_ext=out_ext,
        url=url, extra={"name": INDEX_PAGE, "path": to_s(data.get("path", url.removeprefix("/")))},
    )
    page.output_path = permalinks.output_path(url, out_ext, is_page=True)
    return page


def _basename(layout: str) -> str:
    """``File.basename(name, File.extname(name))``: the layout's name, as layouts are known."""
    name = layout.rsplit("/", 1)[-1]
    ext = extname(name)
    return name[: len(name) - len(ext)] if ext else name


def _read(path: Path, relative: str) -> tuple[dict[str, Any], str, int]:
    """The layout file's front matter and body, which become the autopage's own."""
    text = split(read_text(path, relative), relative)
    return dict(text.data or {}), text.body, text.body_line
