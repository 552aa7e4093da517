"""Broadsheet: a static news-site engine that builds Jekyll sites, fast.

Every stage can be used as a library::

    from broadsheet import build, load_site
"""

from __future__ import annotations

from .deferred_imports import defer

__version__ = "0.1.0"

defer()  # before anything imports python-liquid: see deferred_imports

__all__ = ["__version__", "build", "load_site"]


def __getattr__(name: str):  # lazy, so `import broadsheet` stays cheap for the CLI
    if name == "build":
        from .build import build

        return build
    if name == "load_site":
        from .build import load_site

        return load_site
    raise AttributeError(name)
