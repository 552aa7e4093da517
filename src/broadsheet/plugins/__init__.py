"""Built-in versions of the Jekyll plugins news sites use, and the registry that runs them.

A plugin is a module with a ``NAME`` (the gem name a site lists under ``plugins:``) and
any of three functions:

* ``post_read(content: SiteContent, reader: SiteReader) -> None`` — runs once the whole
  source is read, before indexing (Jekyll's ``:site, :post_read`` point). It may turn
  files into pages (``reader.make_page``) or drop static files, so that everything after
  it — indexing, other generators, the renderer — sees them as ordinary read pages
  (jekyll-optional-front-matter);
* ``generate(site: Site) -> None`` — runs after indexing, in ``PRIORITY`` order (lower
  first; Jekyll's ``:lowest`` generators are 50 and up); adds generated pages
  (``feed.xml``, ``sitemap.xml``, redirects) to ``site.pages`` or edits documents' data
  and raw content before any rendering, as Jekyll generators do (titles, layouts,
  relative links);
* ``register(env: SiteEnvironment) -> None`` — adds Liquid tags or filters.

A name under ``plugins:`` that we do not have, and Ruby files in ``_plugins/``, give one
warning each and the build goes on, as the issue asks.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import Config
    from ..index.site import Site
    from ..read.documents import Document
    from ..read.reader import SiteContent, SiteReader
    from ..render.liquid_env import SiteEnvironment

# gem name → module of this package
BUILT_IN = {
    "jekyll-feed": "feed",
    "jekyll-seo-tag": "seo",
    "jekyll-sitemap": "sitemap",
    "jekyll-archives": "archives",
    "jekyll-redirect-from": "redirect_from",
    "jekyll-optional-front-matter": "optional_front_matter",
    "jekyll-titles-from-headings": "titles_from_headings",
    "jekyll-default-layout": "default_layout",
    "jekyll-relative-links": "relative_links",
    "jekyll-paginate": None,  # handled by index.pagination
    "jekyll-paginate-v2": "paginate_v2",  # with its autopages (plugins/autopages.py)
    "jekyll-include-cache": None,  # include_cached is a built-in tag
}


def enabled(site: Site | SiteContent) -> list[ModuleType]:
    return enabled_by(site.config)


def enabled_by(config: Config) -> list[ModuleType]:
    """The built-in plugins ``config`` lists, imported, in the order they run."""
    names = list(config.get("plugins") or []) + list(config.get("gems") or [])
    modules: list[ModuleType] = []
    for name in names:
        module_name = BUILT_IN.get(str(name))
        if module_name is None:
            continue
        try:
            modules.append(importlib.import_module(f"{__name__}.{module_name}"))
        except ModuleNotFoundError:
            continue
    modules.sort(key=lambda module: getattr(module, "PRIORITY", 0))
    return modules


def unknown(site: Site) -> list[str]:
    """Warnings for plugins we cannot run."""
    names = list(site.config.get("plugins") or []) + list(site.config.get("gems") or [])
    warnings = [f"plugin '{name}' is not built into Broadsheet and was skipped"
                for name in names if str(name) not in BUILT_IN]
    ruby = site.config.source / str(site.config.get("plugins_dir") or "_plugins")
    if ruby.is_dir():
        warnings += [f"Ruby plugin '{path.relative_to(site.config.source)}' cannot run in "
                     "Broadsheet and was skipped" for path in sorted(ruby.rglob("*.rb"))]
    return warnings


def post_read_all(content: SiteContent, reader: SiteReader) -> None:
    for module in enabled(content):
        post_read = getattr(module, "post_read", None)
        if post_read is not None:
            post_read(content, reader)


def generate_all(site: Site) -> None:
    for module in enabled(site):
        generate = getattr(module, "generate", None)
        if generate is not None:
            generate(site)


def add_pages(site: Site, pages: list[Document]) -> None:
    """Add a normal-priority generator's pages to ``site.pages`` where Jekyll has them.

    Jekyll runs jekyll-paginate (priority ``:lowest``) after such generators, so their
    pages come before the index page's paginated copies, which our core makes first.
    """
    at = next((number for number, page in enumerate(site.pages)
               if page.extra.get("generated") and "paginator" in page.extra), len(site.pages))
    site.pages[at:at] = pages


def register_all(site: Site, env: SiteEnvironment) -> None:
    for module in enabled(site):
        register = getattr(module, "register", None)
        if register is not None:
            register(env)
