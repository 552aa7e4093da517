"""Parsed documents kept between builds, so an incremental build parses only what changed.

Reading 10,000 posts costs over a second, most of it YAML and permalinks; unpickling the
cached ``Document`` costs a fraction of that. A file counts as unchanged when its size and
modification time match what was cached *and* that time is older than the cache itself
by more than the file system's time resolution; otherwise its bytes are hashed and
compared, as git does for "racily clean" files. A parse also depends on the configuration
(permalinks, front-matter defaults) and on the zone dates are read in: when those change,
every parse is dropped. Documents whose values depend on the
build's own time (an undated collection item gets ``site.time``) are never cached.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ..read.documents import Document
from ..render.tracking import blake2b
from .store import Store

RACY_NS = 2_000_000_000
FLUSH_EVERY = 1000  # parsed documents held before they are written to the store
# A long-running process (the dev server) keeps the documents it read, by cache file and
# source path with the file's digest, and hands out shallow copies: later stages set values
# on documents (pagination, plugins), which must not leak into the next build. A one-off
# build keeps nothing and copies nothing.
KEEP_LIVE = False
_LIVE: dict[tuple[str, str], tuple[str, str, Document]] = {}


def parse_key(engine: str, settings: str) -> str:
    """What a parse depends on besides its file: the engine (another one's documents may
    not even unpickle) and the settings (cache/warm.py): the configuration's permalinks,
    defaults and collections, and the zone dates are read in."""
    return f"{engine}/{settings}"


class SourceCache:
    def __init__(self, store: Store, key: str | None, only: Iterable[str] | None = None):
        """``key`` (``parse_key``) None: a cache that serves nothing and only stores new
        parses, for re-reading a few files whose stamps are known to have changed.
        ``only``: the relative paths this build may ask for, when it is known to be few."""
        self.store = store
        self.key = key
        self._name = str(store.path)
        stale = key is not None and store.meta("sources") != key
        if stale:
            store.drop_sources(set())
        self._rows = {} if stale or key is None else store.sources(only)
        written = store.meta("written_ns")
        self._trusted_before = int(written) - RACY_NS if written else 0
        self.hits: set[str] = set()  # relative paths served from the cache
        # rows found out of date, and rows replaced: a row out of date and not replaced
        # (an undated item is parsed anew every build) is dropped, or its file's going
        # back to that old text would count as unchanged since the last build
        self._missed: set[str] = set()
        self._put: set[str] = set()
        self._new: list[tuple[str, str, int, int, str, bytes]] = []
        self._spilled: list[tuple[int, str, str]] = []  # stamp and hash of rows stored early

    def pristine(self, relative: str) -> Document | None:
        """The document as last read from ``relative`` in this process, before any later
        stage set values on it; None if this process has not read it."""
        live = _LIVE.get((self._name, relative))
        return None if live is None else live[2]

    def last(self, relative: str, path: Path) -> Document | None:
        """The document as the cache last stored it, whatever its file holds now."""
        row = self._rows.get(relative)
        return None if row is None else _unpickled(row[4], path)

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
            self._missed.add(relative)
            return None
        racy = stat.st_mtime_ns != mtime_ns or stat.st_mtime_ns >= self._trusted_before
        if racy and file_digest(path) != digest:
            self._missed.add(relative)
            return None
        self.hits.add(relative)
        if KEEP_LIVE:
            live = _LIVE.get((self._name, relative))
            if live is not None and live[0] == kind and live[1] == digest:
                return _copy(live[2])
        doc = _unpickled(blob, path)
        if not KEEP_LIVE:
            return doc
        _LIVE[(self._name, relative)] = (kind, digest, doc)
        return _copy(doc)

    def put(self, relative: str, kind: str, path: Path, doc: Document) -> None:
        try:
            stat = os.stat(path)
        except OSError:
            return
        digest = file_digest(path)
        if not digest:
            return  # gone since it was read: nothing to vouch for
        self._put.add(relative)
        stored = replace(doc, source_path=None)
        self._new.append((relative, kind, stat.st_mtime_ns, stat.st_size, digest,
                          pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL)))
        if KEEP_LIVE:
            _LIVE[(self._name, relative)] = (kind, digest, _copy(doc))
        if len(self._new) >= FLUSH_EVERY:  # a first build of 100,000 posts: do not hold them
            self._spill()

    def _spill(self) -> None:
        """Store the parses held so far, before the build's transaction, as rows no build
        trusts yet (no stamp, no hash): a build that fails after this must leave those
        files to be read as changed by the next. ``flush`` vouches for them."""
        self.store.put_sources([(relative, kind, -1, size, "", blob)
                                for relative, kind, _, size, _, blob in self._new])
        self._spilled.extend((mtime_ns, digest, relative)
                             for relative, _, mtime_ns, _, digest, _ in self._new)
        self._new = []

    def flush(self) -> None:
        """Store the new parses, leaving every other row as it is; inside the build's
        transaction, so that they count only if the build succeeds."""
        self.store.put_sources(self._new)
        self.store.vouch_sources(self._spilled)
        self._new = []
        self._spilled = []

    def save(self, keep: set[str]) -> None:
        """Store what was parsed this time, and what it was parsed under; forget files
        that are gone, and rows out of date that nothing replaced."""
        keep = keep - (self._missed - self._put)
        if set(self._rows) - keep:
            self.store.drop_sources(keep)
        self.flush()
        if self.key is not None:
            self.store.set_meta("sources", self.key)


def _unpickled(blob: bytes, path: Path) -> Document:
    doc: Document = pickle.loads(blob)  # noqa: S301 - our own cache file
    doc.source_path = path  # not pickled: rebuilding a Path costs as much as the rest
    return doc


def _copy(doc: Document) -> Document:
    return replace(doc, data=dict(doc.data), extra=dict(doc.extra))


def file_digest(path: Path | str) -> str:
    """The hash the caches compare a file by; "" (never a match) if it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return blake2b(handle.read(), digest_size=16).hexdigest()
    except OSError:
        return ""
