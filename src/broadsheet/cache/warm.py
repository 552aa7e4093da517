"""The dev server's shortcut for the commonest edit: a story's text, its front matter as it was.

A rebuild normally reads the whole site again (with the cache, a stat and a copy per file)
and indexes it, which at 10,000 posts costs most of a second before anything renders. But
when the only files that changed since the last build are posts or collection documents,
and reading each again gives the same document in every respect but its body, nothing the
index holds can have moved: no URL, date, category, order, page list or generated page.
The last build's site is then kept, the new bodies are put into it, and the planner decides
as usual which outputs read those bodies: the story itself, and the pages that show its
content or excerpt.

Anything else takes the normal road: a new, deleted or renamed file; a layout, include,
data, Sass, static or configuration file; a page; a changed front matter; a document
whose date is the build's time; a plugin that derives front matter from the body
(``jekyll-titles-from-headings``, ``jekyll-relative-links``); a document whose body the
site holds in another form than it was read (jekyll-redirect-from empties the body of one
that redirects elsewhere: the site's body is then not the very string read). Deciding
compares the size and modification time of every file of the site against what they were
when the last build started reading, so it does not depend on the watcher having reported
every change.

The kept site keeps the time of the build that read it (``site.time``): re-reading would
also decide afresh which future-dated posts are due, which a body edit cannot change. So a
page that prints ``site.time`` (jekyll-feed's ``<updated>``) shows the last reading
build's time until the next one.

Only a long-running process keeps a site warm (``keep_warm``); a command-line build ends
after one build, and keeps the site it read on disk instead (cache/snapshot.py).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, fields
from pathlib import Path

from ..config import Config
from ..dates import site_zone
from ..errors import ConfigError
from ..index.site import Site
from ..read.documents import Document
from ..read.reader import SiteReader
from ..read.theme import find_theme
from ..render.tracking import fingerprint
from . import sources
from .sources import SourceCache
from .store import Store

# Plugins that compute a document's front matter or links from its body.
BODY_PLUGINS = ("jekyll-titles-from-headings", "jekyll-relative-links",
                "jekyll-optional-front-matter")
_NEVER_READ = frozenset((".git", ".hg", ".svn"))
Stamps = dict[str, tuple[int, int]]


@dataclass
class Warm:
    """The last build's site, and the state of its files when that build started."""

    settings: str  # settings() as the build started
    site: Site
    stamps: Stamps
    documents: dict[str, Document]  # by source path: those a body edit may update


@dataclass
class BodyEdits:
    """A build whose changes were only to documents' bodies, applied in place."""
    site: Site
    edited: list[Document]  # the site's documents, with their new bodies already in place
    sources: SourceCache  # holds the new parses, for the next reading build
    settled: str = ""  # a snapshot whose racily clean files need no more checking


keep_warm = False  # set by ``enable``, in the dev server's builder process
_warm: Warm | None = None


def enable() -> None:
    """Keep each built site, and the documents as read, for the next build's edits."""
    global keep_warm
    keep_warm = True
    sources.KEEP_LIVE = True


def forget() -> None:
    global _warm
    _warm = None


def stamps(config: Config) -> Stamps:
    """Size and modification time of every file the site may read: the source folder
    (but not the destination, the cache or version control) and an external theme."""
    skip = {os.path.abspath(config.destination),
            os.path.abspath(config.source / str(config.get("cache_dir") or ".jekyll-cache"))}
    found: Stamps = {}
    roots = [config.source]
    theme = config.get("theme")
    if theme:
        with contextlib.suppress(ConfigError):  # the reading build reports a missing theme
            roots.append(find_theme(str(theme)).root)
    for root in roots:
        _walk(os.path.abspath(root), skip, found)
    return found


def _walk(folder: str, skip: set[str], found: Stamps) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in _NEVER_READ and entry.path not in skip:
                _walk(entry.path, skip, found)
            continue
        try:
            stat = entry.stat()
        except OSError:
            continue
        found[entry.path] = (stat.st_mtime_ns, stat.st_size)


def settings(config: Config) -> str:
    """A fingerprint of the configuration and environment, taken before the build reads
    anything: plugins write their merged settings into the configuration as they run.
    The zone dates are read in is part of it: without ``timezone:``, it is the machine's."""
    zone = str(site_zone(config.get("timezone")))
    return fingerprint([config.data, os.environ.get("JEKYLL_ENV", "development"), zone])


def keep(settings: str, site: Site, before: Stamps) -> None:
    """Remember a build that succeeded; ``settings`` and ``before`` were taken as it
    started."""
    global _warm
    _warm = Warm(settings, site, before, documents_by_file(site))


def documents_by_file(site: Site) -> dict[str, Document]:
    """The posts and collection items (the documents a body edit may update), by the
    absolute path of their file, as ``stamps`` names files."""
    return {os.path.abspath(doc.source_path): doc
            for docs in site.all_collections().values() for doc in docs
            if doc.source_path is not None}


def body_edits(config: Config, settings: str, store: Store, now: Stamps
               ) -> BodyEdits | None:
    """The edits since the last build, when all of them are body edits; else None.
    ``now`` are the files' stamps, taken before this build read anything."""
    warm = _warm
    if warm is None or warm.settings != settings:
        return None
    if any(warm.site.plugin_enabled(name) for name in BODY_PLUGINS):
        return None
    if now.keys() != warm.stamps.keys():
        return None
    changed = [path for path, stamp in now.items() if warm.stamps[path] != stamp]
    if not changed or any(path not in warm.documents for path in changed):
        return None
    cache = SourceCache(store, None)
    reader = SiteReader(config, cache)
    edited: list[tuple[Document, Document]] = []
    for path in changed:
        doc = warm.documents[path]
        before = cache.pristine(doc.relative_path)
        label = doc.collection or "posts"
        after = reader.make_document(Path(path), label, draft=doc.is_draft, output=doc.write,
                                     relative=doc.relative_path)
        if before is None or doc.content is not before.content:
            return None  # not read before, or its body was replaced after reading
        if not same_but_body(before, after):
            return None
        edited.append((doc, after))
    for doc, after in edited:
        doc.content = after.content
    return BodyEdits(warm.site, [doc for doc, _ in edited], cache)


def same_but_body(before: Document, after: Document) -> bool:
    return all(getattr(before, item.name) == getattr(after, item.name)
               for item in fields(Document) if item.name != "content")
