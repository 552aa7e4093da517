"""The command line's shortcut for a story's text edit: the last read site, kept on disk.

A command-line ``--incremental`` build of a 10,000-post site spent 0.36 s reading every
post back from the source cache and indexing the site, only to learn that one story's text
had changed. The dev server keeps its last site in memory for this (cache/warm.py); a
command-line build ends, so the reading build pickles the site it read and indexed, before
anything renders, into ``site.pickle`` beside the cache (34 MB and 0.1 s to load at 10,000
posts). The next build uses it under warm.py's rule: every file that differs from when the
snapshot's build started is a post or collection document whose front matter reads as it
did. The new bodies are put into the snapshot's site and the planner decides, as usual,
which outputs read them.

Where this differs from the dev server's shortcut:

* The file counts only if the cache names its token, which is written in the same
  transaction as the rest of the cache. Every reading build replaces or withdraws the
  token, so a snapshot older than the cache's last reading build is never used, nor is
  one whose build failed.
* ``site.time`` is this build's time, as when reading: pages that print it (jekyll-feed's
  ``<updated>``) are rendered again because the fact they read changed. So that the time
  can move, no snapshot is kept when a document's date is the reading build's time (an
  undated collection item), and a snapshot is not used once the first post it left out
  for its future date is due.
* Every file that differs from the snapshot's counts as edited, also when an earlier
  shortcut build already rendered its new body: the planner then finds that the body it
  renders is the one the cache holds, and goes no further than the story itself. This
  keeps the shortcut right without trusting that the last build saw every change. A file
  modified within the file system's time resolution of the snapshot's stamps could change
  again without its stamp showing it, so the snapshot also keeps those files' digests and
  they are compared, as the source cache does. More than ``MOST_CHANGED`` changed files
  send the build down the normal road, which takes a new snapshot.
* Sites of more than ``SNAPSHOT_LIMIT`` documents keep none: pickling 100,000 posts would
  cost more memory than a build of that size may use.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..dates import RubyTime
from ..index.site import Site
from ..read.documents import Document
from ..read.reader import SiteReader
from .sources import RACY_NS, SourceCache, file_digest, parse_key
from .store import Store
from .warm import BODY_PLUGINS, BodyEdits, Stamps, documents_by_file, same_but_body

SNAPSHOT_LIMIT = 25_000  # documents
MOST_CHANGED = 100  # files that differ from the snapshot's, before the site is read again
FILE_NAME = "site.pickle"
_META = "snapshot"
_SETTLED = "snapshot-settled"  # the token of a snapshot whose racy files were checked


@dataclass
class Snapshot:
    """A build's site as read and indexed, kept for the next build to start from."""
    settings: str  # warm.settings() as the build started
    stamps: Stamps  # every file's, taken before the build read anything
    taken_ns: int  # when they were taken
    digests: dict[str, str]  # of the files whose stamps may not show a later change
    next_due: RubyTime | None  # the first post left out for its future date
    site: Site  # as read and indexed, before anything rendered
    documents: dict[str, Document]  # the site's posts and collection items, by file
    replaced: frozenset[str]  # the files of those whose body indexing replaced


@dataclass
class Pending:
    """A snapshot pickled into a file of its own, to be kept if its build succeeds.

    Pickled straight into the file, not into memory: at 100,000 posts the pickle is a
    third of a gigabyte, which the build held through all of its rendering (and which
    its render workers counted too) before it wrote it out."""

    token: str
    partial: Path

    def discard(self) -> None:
        """Remove the file unless ``keep`` has made it the snapshot."""
        with contextlib.suppress(OSError):
            self.partial.unlink()


@dataclass
class Start:
    """The files as a build found them before it read any."""

    settings: str  # warm.settings()
    stamps: Stamps
    taken_ns: int  # when the stamps were taken
    digests: dict[str, str] = field(default_factory=dict)

    def forget_files(self) -> None:
        """Let the stamps go once a snapshot is taken or refused: at 100,000 posts they
        hold tens of megabytes the rest of the build can use."""
        self.stamps = {}
        self.digests = {}

    def note_digests(self) -> None:
        """Before a reading build: the digests of the files modified within the file
        system's time resolution of when their stamps were taken, which could change
        again and keep their stamps (git's "racily clean" files). Usually only the files
        just edited."""
        self.digests = {path: file_digest(path) for path, (mtime_ns, _) in self.stamps.items()
                        if mtime_ns >= self.taken_ns - RACY_NS}


def take(store: Store, site: Site, reader: SiteReader, begun: Start, engine: str,
         replaced: frozenset[str]) -> Pending | None:
    """Pickle a site just read and indexed beside the cache; None when it may not be
    kept. ``replaced``: the files of the documents whose body indexing replaced
    (jekyll-redirect-from empties a redirecting post's), which a body edit cannot simply
    update. The caller calls ``keep`` when its build succeeds, and ``discard`` always."""
    documents = [doc for docs in site.all_collections().values() for doc in docs]
    if len(documents) + len(site.pages) > SNAPSHOT_LIMIT:
        return None
    if any(site.plugin_enabled(name) for name in BODY_PLUGINS):
        return None
    if any(doc.date is site.time for doc in documents):
        return None
    snapshot = Snapshot(begun.settings, begun.stamps, begun.taken_ns, begun.digests,
                        reader.next_due, site, documents_by_file(site), replaced)
    path = _path(store)
    for stale in path.parent.glob(f"{path.name}.*.partial"):  # left by a build killed
        with contextlib.suppress(OSError):
            stale.unlink()
    token = secrets.token_hex(16)
    pending = Pending(token, path.with_name(f"{path.name}.{token}.partial"))
    try:
        with open(pending.partial, "wb") as handle:
            handle.write(f"{token}\n{engine}\n".encode())
            pickle.dump(snapshot, handle, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError, OSError):
        # a value some plugin put in the site does not pickle, or the disk is full:
        # no shortcut for the next build
        pending.discard()
        return None
    return pending


def keep(store: Store, pending: Pending | None) -> None:
    """Make the pending snapshot the one beside the cache and name it in the cache, or
    withdraw the last one; inside the caller's transaction."""
    token = ""
    if pending is not None:
        try:
            os.replace(pending.partial, _path(store))
            token = pending.token
        except OSError:
            pending.discard()
    store.set_meta(_META, token)


def body_edits(config: Config, store: Store, engine: str, now: Start) -> BodyEdits | None:
    """The edits since the last reading build, when all of them are body edits; else None.
    ``now``: the files as this build found them before reading any."""
    if not config.destination.is_dir():
        return None
    snapshot = _load(store, engine)
    if (snapshot is None or snapshot.settings != now.settings
            or now.stamps.keys() != snapshot.stamps.keys()):
        return None
    changed = [path for path, stamp in now.stamps.items() if stamp != snapshot.stamps[path]]
    if len(changed) > MOST_CHANGED:
        return None
    settled = _check_racy_files(store, snapshot, now, changed)
    site, documents = snapshot.site, snapshot.documents
    if any(path not in documents or path in snapshot.replaced for path in changed):
        return None
    cache = SourceCache(store, parse_key(engine, now.settings),
                        only=[documents[path].relative_path for path in changed])
    reader = SiteReader(config, cache)
    if snapshot.next_due is not None and not reader.time < snapshot.next_due:
        return None  # a post left out for its date is due: the list of posts changes
    edited: list[Document] = []
    bodies: list[str] = []
    for path in changed:
        doc = documents[path]
        before = cache.last(doc.relative_path, Path(path))
        after = reader.make_document(Path(path), doc.collection or "posts", draft=doc.is_draft,
                                     output=doc.write, relative=doc.relative_path)
        if before is None or not same_but_body(before, after):
            return None
        edited.append(doc)
        bodies.append(after.content)
    for doc, content in zip(edited, bodies, strict=True):
        doc.content = content
    site.time = reader.time
    return BodyEdits(site, edited, cache, settled)


def _check_racy_files(store: Store, snapshot: Snapshot, now: Start, changed: list[str]) -> str:
    """Add to ``changed`` the racily clean files of the snapshot whose bytes moved under
    the same stamp. Return the snapshot's token when none did and every one is now older
    than the clock's resolution: from then on a change must move its stamp, and the
    builds after this one need not read them. (A site copied or cloned just before its
    first build had every file racily clean, and every later build hashed them all.)"""
    token = store.meta(_META) or ""
    if not snapshot.digests or store.meta(_SETTLED) == token:
        return ""
    settled = True
    for path, digest in snapshot.digests.items():
        if now.stamps[path] != snapshot.stamps[path]:
            continue  # changed, and seen to be by its stamp in every build from now on
        if file_digest(path) != digest:
            changed.append(path)
            settled = False
        elif now.taken_ns - now.stamps[path][0] < RACY_NS:
            settled = False
    return token if settled else ""


def settle(store: Store, edits: BodyEdits) -> None:
    """Note, inside the build's transaction, that the snapshot's racily clean files were
    found as they were (see _check_racy_files)."""
    if edits.settled:
        store.set_meta(_SETTLED, edits.settled)


def _load(store: Store, engine: str) -> Snapshot | None:
    token = store.meta(_META)
    if not token:
        return None
    try:
        with open(_path(store), "rb") as handle:
            if handle.readline() != f"{token}\n".encode():
                return None
            if handle.readline() != f"{engine}\n".encode():  # its classes may have changed
                return None
            snapshot = pickle.load(handle)  # noqa: S301 - our own cache file
    except (OSError, EOFError, pickle.UnpicklingError):
        return None
    return snapshot if isinstance(snapshot, Snapshot) else None


def _path(store: Store) -> Path:
    return store.path.with_name(FILE_NAME)

