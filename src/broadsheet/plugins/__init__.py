"""Built-in versions of the Jekyll plugins news sites use, and the registry that runs them.

A plugin is a module with a ``NAME`` (the gem name a site lists under ``plugins:``) and
any of two functions:

* ``generate(site: Site) -> None`` — runs after indexing; adds generated pages
  (``feed.xml``, ``sitemap.xml``, redirects) to ``site.pages``;
* ``register(env: SiteEnvironment) -> None`` — adds Liquid tags or filters.

A name under ``plugins:`` that we do not have, and Ruby files in ``_plugins/``, give one
warning each and the build goes on, as the issue asks.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..index.site import Site
    from ..render.liquid_env import SiteEnvironment

# gem name → module of this package
BUILT_IN = {
    "jekyll-feed": "feed",
    "jekyll-seo-tag": "seo",
    "jekyll-sitemap": "sitemap",
    "jekyll-paginate": None,  # handled by index.pagination
    "jekyll-include-cache": None,  # include_cached is a built-in tag
}


def enabled(site: Site) -> list[ModuleType]:
    names = list(site.config.get("plugins") or []) + list(site.config.get("gems") or [])
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


def generate_all(site: Site) -> None:
    for module in enabled(site):
        generate = getattr(module, "generate", None)
        if generate is not None:
            generate(site)


def register_all(site: Site, env: SiteEnvironment) -> None:
    for module in enabled(site):
        register = getattr(module, "register", None)
        if register is not None:
            register(env)
