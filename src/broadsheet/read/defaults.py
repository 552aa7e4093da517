"""Front-matter defaults: the ``defaults:`` list of ``_config.yml``, scoped by path and type.

Follows Jekyll's ``FrontmatterDefaults#all``: every matching set is merged, and a set with
a longer path (or the same path and a ``type``) takes precedence.
"""

from __future__ import annotations

import glob
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..config import Config, deep_merge

_DEPRECATED_TYPES = {"page": "pages", "post": "posts", "draft": "drafts"}


class FrontMatterDefaults:
    def __init__(self, config: Config):
        self.source = config.source
        self.collections_dir = str(config.get("collections_dir") or "")
        self.sets: list[dict[str, Any]] = []
        for item in config.get("defaults") or []:
            if not isinstance(item, Mapping) or not isinstance(item.get("values"), Mapping):
                continue
            scope = dict(item.get("scope") or {})
            if "type" in scope:
                scope["type"] = _DEPRECATED_TYPES.get(str(scope["type"]), str(scope["type"]))
            self.sets.append({"scope": scope, "values": dict(item["values"])})
        self._glob_cache: dict[str, list[str]] = {}
        self._cache: dict[tuple[str, str], dict[str, Any]] = {}

    def all(self, path: str, doc_type: str) -> dict[str, Any]:
        """Every default value for the file at ``path`` (relative) of ``doc_type``."""
        key = (path, doc_type)
        if key not in self._cache:
            self._cache[key] = self._compute(path, doc_type)
        return self._cache[key]

    def _compute(self, path: str, doc_type: str) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        old_scope: dict[str, Any] | None = None
        for entry in self.sets:
            scope = entry["scope"]
            if not self._applies(scope, path, doc_type):
                continue
            if self._has_precedence(old_scope, scope):
                merged = deep_merge(merged, entry["values"])
                old_scope = scope
            else:
                merged = deep_merge(dict(entry["values"]), merged)
        return merged

    def _applies(self, scope: Mapping[str, Any], path: str, doc_type: str) -> bool:
        if "type" in scope and str(scope["type"]) != doc_type:
            return False
        scope_path = scope.get("path")
        if not isinstance(scope_path, str) or not scope_path:
            return True
        clean = _sanitize(path)
        if "*" in scope_path:
            return any(clean.startswith(hit) for hit in self._globbed(scope_path))
        return clean.startswith(self._strip_collections_dir(scope_path))

    def _globbed(self, pattern: str) -> list[str]:
        if pattern not in self._glob_cache:
            hits = glob.glob(str(self.source / pattern))
            self._glob_cache[pattern] = [
                self._strip_collections_dir(Path(hit).relative_to(self.source).as_posix())
                for hit in hits
            ]
        return self._glob_cache[pattern]

    def _strip_collections_dir(self, path: str) -> str:
        prefix = self.collections_dir + "/"
        if self.collections_dir and path.startswith(prefix):
            return path[len(prefix):]
        return path

    @staticmethod
    def _has_precedence(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> bool:
        if old is None:
            return True
        new_path, old_path = _sanitize(new.get("path")), _sanitize(old.get("path"))
        if len(new_path) != len(old_path):
            return len(new_path) >= len(old_path)
        if "type" in new:
            return True
        return "type" not in old


def _sanitize(path: Any) -> str:
    if not isinstance(path, str) or not path:
        return ""
    return path.lstrip("/")


def merge_front_matter(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """A document's front matter over its defaults, as ``Utils.deep_merge_hashes`` does:
    hashes merge key by key, and a ``null`` value never replaces one that is there, so a
    post's ``layout: null`` keeps the default layout in Jekyll. (Pages differ: Jekyll
    renders them with their own front matter, and only fills in missing keys.)"""
    merged = dict(base)
    for key, value in over.items():
        old = merged.get(key)
        if value is None and key in merged:
            continue
        if isinstance(value, Mapping) and isinstance(old, Mapping):
            merged[key] = merge_front_matter(old, value)
        else:
            merged[key] = value
    return merged
