"""Parsed documents kept between builds, so an incremental build parses only what changed.

Reading 10,000 posts costs over a second, most of it YAML and permalinks; unpickling the
cached ``Document`` costs a fraction of that. A file counts as unchanged when its size and
modification time match what was cached *and* that time is older than the cache itself
by more than the file system's time resolution; otherwise its bytes are hashed and
compared, as git does for "racily clean" files. Documents whose values depend on the
build's own time (an undated collection item gets ``site.time``) are never cached.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from ..read.documents import Document
from .store import Store

RACY_NS = 2_000_000_000


class SourceCache:
    def __init__(self, store: Store, engine: str):
        self.store = store
        # documents pickled by another version of the engine may not even unpickle
        self._stale = store.meta("engine") != engine
        self._rows = {} if self._stale else store.sources()
        written = store.meta("written_ns")
        self._trusted_before = int(written) - RACY_NS if written else 0
        self.hits: set[str] = set()  # relative paths served from the cache
        self._new: list[tuple[str, str, int, int, str, bytes]] = []

    def get(self, relative: str, kind: str, path: Path) -> Document | None:
        row = self._rows.get(relative)
        if row is None or row[0] != kind:
            return None
        _, mtime_ns, size, digest, blob = row
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if stat.st_size != size:
            return None
        racy = stat.st_mtime_ns != mtime_ns or stat.st_mtime_ns >= self._trusted_before
        if racy and _digest(path) != digest:
            return None
        self.hits.add(relative)
        doc: Document = pickle.loads(blob)  # noqa: S301 - our own cache file
        return doc

    def put(self, relative: str, kind: str, path: Path, doc: Document) -> None:
        try:
            stat = os.stat(path)
        except OSError:
            return
        self._new.append((relative, kind, stat.st_mtime_ns, stat.st_size, _digest(path),
                          pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)))

    def save(self, keep: set[str]) -> None:
        """Store what was parsed this time; forget files that are gone."""
        if self._stale or set(self._rows) - keep:
            self.store.drop_sources(keep if not self._stale else set())
        self.store.put_sources(self._new)
        self._new = []


def _digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
