"""Modules that python-liquid imports but a build never uses, loaded on first use instead.

Importing python-liquid imports asyncio (for its async template loaders), dateutil's
parser (for its ``date`` filter, which Broadsheet replaces with Ruby's) and its "extra"
tags and filters (``liquid.extra``: macros, template inheritance, and Babel's dates,
numbers and message catalogs for translation), which an ``Environment`` registers only
when asked to with ``extra=True``. None of them is used when a site builds, yet they were
most of importing liquid, paid by every command: asyncio and the parser were 30 ms of
80, and of the 37 ms left, ``liquid.extra`` and Babel's catalog (``liquid.messages``
imports it; it imports babel.dates, whose import scans pytz's list of zones) were 14.
Here each of them is put in ``sys.modules`` as an empty module that loads itself when
first used, so code that does use it (the dev server's file watcher, a site's own plugin)
gets the whole module. The names imported from them by name, ``add_tags_and_filters``
and ``Catalog``, are answered with stand-ins that load the module when called.

Written by hand because the standard library's ``importlib.util.LazyLoader`` does not
help on Python 3.11: an ``import asyncio`` statement reads the module's ``__spec__`` to
see whether it is still being initialised, and a LazyLoader module loads on any
attribute read, so the first import statement anywhere loaded it. Here ``__spec__`` and
the other names the import system reads are answered without loading; the first other
attribute runs the module's code in place, under a lock, and the object becomes an
ordinary module. A module that is already imported, or not installed, is left alone.
"""

from __future__ import annotations

import _thread
import importlib
import importlib.machinery
import sys
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # typing's names cost a few ms to import, before anything else runs
    from collections.abc import Callable
    from importlib.machinery import ModuleSpec
    from typing import Any

UNUSED_BY_BUILDS = ("asyncio", "dateutil.parser", "liquid.extra", "babel.messages", "inspect")
# what is imported by name from a deferred module, answered without loading it: functions
# (and a class only ever called) that python-liquid imports for its translation support
STAND_INS = {"liquid.extra": ("add_tags_and_filters",), "babel.messages": ("Catalog",)}

# what the import system reads from a module found in sys.modules
_ANSWERED = frozenset({"__spec__", "__name__", "__class__", "__loader__", "__package__"})
_lock = _thread.RLock()  # the loading thread reads its own module's attributes


class _Deferred(ModuleType):
    def __getattribute__(self, name: str):
        if name in _ANSWERED:
            return ModuleType.__getattribute__(self, name)
        namespace = ModuleType.__getattribute__(self, "__dict__")
        stand_ins = namespace.get("_deferred_stand_ins")
        if stand_ins:
            if name in stand_ins:
                return stand_ins[name]
            if name == "__path__" and name in namespace:  # ``from module import name``
                return namespace[name]  # asks whether it is a package first
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
        namespace.pop("_deferred_stand_ins", None)
    module.__class__ = ModuleType


def _stand_in(name: str, function: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        namespace = vars(importlib.import_module(name))  # which loads it, if deferred
        return namespace[function](*args, **kwargs)

    call.__name__ = call.__qualname__ = function
    return call


def _find_spec(name: str) -> ModuleSpec | None:
    """``importlib.util.find_spec`` for a module on ``sys.path``, without importing its
    parent package: the parent may be what imports the module (python-liquid imports
    ``liquid.extra``). (importlib.util itself, and threading, are 3 ms more to import
    before a build can start; ``_thread`` and ``importlib.machinery`` are loaded with the
    interpreter.)"""
    parent, _, _ = name.rpartition(".")
    if not parent:
        return importlib.machinery.PathFinder.find_spec(name)
    if parent in sys.modules:
        path = getattr(sys.modules[parent], "__path__", None)
        return importlib.machinery.PathFinder.find_spec(name, path) if path else None
    above = _find_spec(parent)
    if above is None or above.submodule_search_locations is None:
        return None
    return importlib.machinery.PathFinder.find_spec(name, above.submodule_search_locations)


class _AttachToParents:
    """A finder on ``sys.meta_path`` that finds nothing: it makes each deferred module an
    attribute of its package as soon as the package is importing, as the import system
    does for a submodule it loads itself (``import liquid.extra`` then ``liquid.extra``),
    and takes itself off the path once none are left. It takes no lock, since it runs
    inside the import system's own: each step is one operation on a dict or list."""

    def __init__(self) -> None:
        self.waiting: dict[str, str] = {}  # module's name → its package's

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        for child, parent in list(self.waiting.items()):
            package = sys.modules.get(parent)
            if package is not None and self.waiting.pop(child, None) is not None:
                module = sys.modules.get(child)
                if module is not None:
                    setattr(package, child.rpartition(".")[2], module)
        if not self.waiting and self in sys.meta_path:
            sys.meta_path.remove(self)


_attach = _AttachToParents()


def defer(names: tuple[str, ...] = UNUSED_BY_BUILDS) -> None:
    """Put each module not yet imported in ``sys.modules``, to be loaded on first use."""
    for name in names:
        if name in sys.modules:
            continue
        try:
            spec = _find_spec(name)
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
        if name in STAND_INS:
            module._deferred_stand_ins = {function: _stand_in(name, function)
                                          for function in STAND_INS[name]}
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent in sys.modules:
            setattr(sys.modules[parent], child, module)
        elif parent:
            _attach.waiting[name] = parent
            if _attach not in sys.meta_path:
                sys.meta_path.insert(0, _attach)
