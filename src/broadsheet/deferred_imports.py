"""Modules that python-liquid imports but a build never uses, loaded on first use instead.

Importing python-liquid imports asyncio (for its async template loaders) and dateutil's
parser (for its ``date`` filter, which Broadsheet replaces with Ruby's). Neither is used
when a site builds, yet they were 30 ms of the 80 ms that importing liquid takes, paid by
every command: about 7% of a one-post rebuild. Here each of them is put in
``sys.modules`` as an empty module that loads itself when first used, so code that does
use it (the dev server's file watcher, a site's own plugin) gets the whole module.

Written by hand because the standard library's ``importlib.util.LazyLoader`` does not
help on Python 3.11: an ``import asyncio`` statement reads the module's ``__spec__`` to
see whether it is still being initialised, and a LazyLoader module loads on any
attribute read, so the first import statement anywhere loaded it. Here ``__spec__`` and
the other names the import system reads are answered without loading; the first other
attribute runs the module's code in place, under a lock, and the object becomes an
ordinary module. A module that is already imported, or not installed, is left alone.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from types import ModuleType

UNUSED_BY_BUILDS = ("asyncio", "dateutil.parser")

# what the import system reads from a module found in sys.modules
_ANSWERED = frozenset({"__spec__", "__name__", "__class__", "__loader__", "__package__"})
_lock = threading.RLock()  # the loading thread reads its own module's attributes


class _Deferred(ModuleType):
    def __getattribute__(self, name: str):
        if name in _ANSWERED:
            return ModuleType.__getattribute__(self, name)
        with _lock:
            if type(self) is _Deferred:
                loading = ModuleType.__getattribute__(self, "__dict__").get("_deferred_loading")
                if not loading:
                    _load(self)
        return ModuleType.__getattribute__(self, name)


def _load(module: _Deferred) -> None:
    spec = ModuleType.__getattribute__(module, "__spec__")
    namespace = ModuleType.__getattribute__(module, "__dict__")
    namespace["_deferred_loading"] = True
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(spec.name, None)  # as after any import that failed
        raise
    finally:
        namespace.pop("_deferred_loading", None)
    module.__class__ = ModuleType


def defer(names: tuple[str, ...] = UNUSED_BY_BUILDS) -> None:
    """Put each module not yet imported in ``sys.modules``, to be loaded on first use."""
    for name in names:
        if name in sys.modules:
            continue
        try:
            spec = importlib.util.find_spec(name)  # imports the parent package, if any
        except (ImportError, ValueError):
            continue
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            continue
        module = _Deferred(name)
        module.__spec__ = spec
        module.__loader__ = spec.loader
        module.__package__ = spec.parent if spec.submodule_search_locations is None else name
        if spec.origin is not None and spec.has_location:
            module.__file__ = spec.origin
        if spec.submodule_search_locations is not None:
            module.__path__ = spec.submodule_search_locations
        sys.modules[name] = module
