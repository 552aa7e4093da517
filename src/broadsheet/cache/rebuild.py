"""``build --incremental``: read with the cache, render only what changed, update in place.

The first incremental build (or one after the configuration, theme, layouts or engine
changed) is a clean build that also records what every page read. Later ones parse only
changed files, ask the planner (cache/incremental.py) which outputs a change reaches,
render those in memory, and only when all of them rendered without error write them into
the destination, remove the outputs whose documents are gone, and sync the static files.
If a change reaches most of the site, a parallel clean build is faster and is done instead.
When the only changes are to stories' text, the last site is used instead of reading the
site again: kept in memory by the dev server (cache/warm.py), on disk for the command line
(cache/snapshot.py).
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable

from ..build import render_clean
from ..config import Config
from ..index.site import Site, index_site
from ..read.documents import Document
from ..read.reader import SiteReader
from ..render.parallel import render_all, render_one
from ..render.renderer import Renderer
from ..render.tracking import Fact, doc_key
from ..write.output import StagingFolder, UpdateFolder
from . import snapshot, warm
from .incremental import (
    FactValues,
    FreshFacts,
    Learned,
    Plan,
    engine,
    plan,
    remember,
    signature,
)
from .sources import SourceCache, parse_key
from .store import Store

CLEAN_SHARE = 3  # a change reaching more than a third of the pages rebuilds cleanly
CLEAN_MINIMUM = 200
PARALLEL_UPDATE = 400  # an update reaching this many pages renders them in parallel


def build_incremental(config: Config, jobs: int | None,
                      progress: Callable[[int, int], None] | None
                      ) -> tuple[Site, int, list[str] | None]:
    """The site, the number of pages rendered, and the destination's files that were
    written or removed (None after a clean build, which replaced the whole folder)."""
    store = Store.for_site(config.source, str(config.get("cache_dir") or ".jekyll-cache"))
    try:
        return _build(store, config, jobs, progress)
    finally:
        store.close()


def _build(store: Store, config: Config, jobs: int | None,
           progress: Callable[[int, int], None] | None
           ) -> tuple[Site, int, list[str] | None]:
    engine_id = engine()
    taken_ns = time.time_ns()
    settings = warm.settings(config)  # taken before anything is read, as are the stamps
    if warm.keep_warm:
        before = warm.stamps(config)
        edits = warm.body_edits(config, settings, store, before)
        warm.forget()  # kept again only by a build that succeeds
        if edits is not None:
            written, touched = _apply_body_edits(store, edits, progress)
            warm.keep(settings, edits.site, before)
            return edits.site, written, touched
        site, written, touched = _read_and_build(store, config, engine_id, settings, jobs,
                                                 progress)
        warm.keep(settings, site, before)
        return site, written, touched
    begun = snapshot.Start(settings, warm.stamps(config), taken_ns)
    done = _from_snapshot(store, config, engine_id, begun, progress)
    if done is not None:
        return done
    begun.note_digests()
    return _read_and_build(store, config, engine_id, settings, jobs, progress, begun)


def _from_snapshot(store: Store, config: Config, engine_id: str, begun: snapshot.Start,
                   progress: Callable[[int, int], None] | None
                   ) -> tuple[Site, int, list[str]] | None:
    """A command-line build of body edits on the last reading build's site
    (cache/snapshot.py); None when the edits are not all body edits.

    Loading the snapshot allocates a whole site at once and frees nothing; the cyclic
    garbage collector would walk the new objects again and again as they arrive, and then
    in every full collection of the build. So it is off while the snapshot loads, and what
    was loaded is then moved out of its sight (``gc.freeze``): about 0.1 s of a 0.5 s
    rebuild at 10,000 posts. The next such build in the same process hands those objects
    back first, so a program that builds again and again keeps at most one site frozen.
    """
    enabled = gc.isenabled()
    gc.unfreeze()
    gc.disable()
    try:
        edits = snapshot.body_edits(config, store, engine_id, begun)
        if edits is not None:
            gc.freeze()  # a snapshot not used is left to the collector
    finally:
        if enabled:
            gc.enable()
    if edits is None:
        return None
    written, touched = _apply_body_edits(store, edits, progress)
    return edits.site, written, touched


def _apply_body_edits(store: Store, edits: warm.BodyEdits,
                      progress: Callable[[int, int], None] | None) -> tuple[int, list[str]]:
    """Render what the new bodies reach, in the site the last build left (cache/warm.py)."""
    site = edits.site
    renderer = Renderer(site, tracking=True)
    values = FactValues(site, renderer)
    documents = [doc for doc in site.documents() if doc.write and doc.output_path]
    work = plan(store, site, renderer, values, documents,
                {doc_key(doc) for doc in edits.edited}, set(), same_documents=True)
    learned, touched = _update(site, renderer, store, work, None, progress)
    store.begin()
    try:
        remember(store, learned, values)
        store.put_outputs({doc.output_path: doc_key(doc) for doc in work.render})
        store.drop_outputs(work.removed_outputs)
        store.drop_scopes(work.dead_scopes)
        edits.sources.flush()
        snapshot.settle(store, edits)
        store.commit()
    except BaseException:
        store.rollback()
        raise
    return len(work.render), touched


def _read_and_build(store: Store, config: Config, engine_id: str, settings: str,
                    jobs: int | None, progress: Callable[[int, int], None] | None,
                    begun: snapshot.Start | None = None,
                    ) -> tuple[Site, int, list[str] | None]:
    """Read the site (with the cache) and build what changed. ``settings``: warm.settings()
    as the build started. ``begun``: the state of the files before reading, for a
    command-line build to keep a snapshot of the site (cache/snapshot.py)."""
    sources = SourceCache(store, parse_key(engine_id, settings))
    reader = SiteReader(config, sources)
    content = reader.read()
    read = [*content.posts, *content.pages, *(d for docs in content.collections.values()
                                                 for d in docs)]
    bodies = [doc.content for doc in read]
    site = index_site(content)
    pending = None
    if begun is not None:
        replaced = frozenset(os.path.abspath(doc.source_path) for doc, body in zip(
            read, bodies, strict=True) if doc.content is not body and doc.source_path)
        pending = snapshot.take(store, site, reader, begun, engine_id, replaced)
        begun.forget_files()
    del bodies
    try:
        return _build_read(store, config, engine_id, jobs, progress, sources, read, site,
                           pending)
    finally:
        if pending is not None:
            pending.discard()  # nothing to discard once the build has kept it


def _build_read(store: Store, config: Config, engine_id: str, jobs: int | None,
                progress: Callable[[int, int], None] | None, sources: SourceCache,
                read: list[Document], site: Site, pending: snapshot.Pending | None,
                ) -> tuple[Site, int, list[str] | None]:
    """Render what changed in a site just read, and remember what it read."""
    read_ids = {id(doc) for doc in read}
    renderer = Renderer(site, tracking=True)
    values = FactValues(site, renderer)
    documents = [doc for doc in site.documents() if doc.write and doc.output_path]
    sig = signature(site, engine_id)
    fresh = (store.meta("signature") != sig or store.meta("order") is None
             or not config.destination.is_dir())
    work: Plan | None = None
    if not fresh:
        # jekyll-relative-links writes other documents' URLs into the text before any
        # Liquid runs, where no read can be noted: with it, every document is suspect.
        every = site.plugin_enabled("jekyll-relative-links")
        generated = {doc_key(doc) for doc in site.documents()
                     if id(doc) not in read_ids or doc.extra}
        changed = {doc_key(doc) for doc in site.documents()
                   if every or doc.relative_path not in sources.hits} - generated
        work = plan(store, site, renderer, values, documents, changed, generated)
        fresh = len(work.render) > max(CLEAN_MINIMUM, len(documents) // CLEAN_SHARE)
    touched: list[str] | None = None
    if not fresh:
        assert work is not None
        learned, touched = _update(site, renderer, store, work, jobs, progress)
    store.begin()
    try:
        if fresh:
            # what the pages read is written while they render, in this transaction
            store.clear(sig)
            written, _ = render_clean(site, renderer, jobs, progress, FreshFacts(store, values))
            store.put_outputs({doc.output_path: doc_key(doc) for doc in documents})
        else:
            assert work is not None
            remember(store, learned, values)
            written = len(work.render)
            store.put_outputs({doc.output_path: doc_key(doc) for doc in work.render})
            store.drop_outputs(work.removed_outputs)
            store.drop_scopes(work.dead_scopes)
        store.put_statics(_statics(site))
        store.set_meta("signature", sig)
        store.set_meta("order", values.order())
        sources.save({doc.relative_path for doc in read})
        snapshot.keep(store, pending)
        store.commit()
    except BaseException:
        store.rollback()
        raise
    return site, written, touched


def _update(site: Site, renderer: Renderer, store: Store, work: Plan, jobs: int | None,
            progress: Callable[[int, int], None] | None) -> tuple[Learned, list[str]]:
    """Render the planned pages — in memory, or when there are many, by worker processes
    into a staging folder — then write them and sync the rest."""
    folder = UpdateFolder(site.config.destination)
    workers = _update_jobs(jobs, len(work.render))
    if workers > 1:
        staging = StagingFolder(site.config.destination)
        learned = Learned()
        try:
            render_all(renderer, work.render, staging, workers,  # type: ignore[arg-type]
                       progress, learned)
            staging.move_into(folder)
        finally:
            staging.discard()
    else:
        pending = _Pending()
        reads: dict[str, set[Fact]] = {}
        for done, doc in enumerate(work.render, start=1):
            render_one(renderer, doc, pending, reads)  # type: ignore[arg-type]
            if progress:
                progress(done, len(work.render))
        for relative, text, source in pending.files:
            folder.write_text(relative, text, source)
        learned = Learned().take(renderer, reads)
    statics = _statics(site)
    written = {doc.output_path for doc in work.render} | set(statics)
    for path in work.removed_outputs:
        if path not in written:
            folder.remove(path)
    old = store.statics()
    by_path = {item.output_path: item for item in site.static_files}
    for path, stamp in statics.items():
        if old.get(path) != stamp:
            folder.copy_file(path, by_path[path].source_path)
    live = {doc.output_path for doc in site.documents() if doc.write and doc.output_path}
    for path in old:
        if path not in statics and path not in live:
            folder.remove(path)
    return learned, folder.touched


def _update_jobs(jobs: int | None, pages: int) -> int:
    """Worker processes for an update of ``pages`` pages: one, unless there are many."""
    return (jobs or len(os.sched_getaffinity(0))) if pages >= PARALLEL_UPDATE else 1


class _Pending:
    """Collects rendered pages, so that nothing is written until all of them rendered."""

    def __init__(self) -> None:
        self.files: list[tuple[str, str, str | None]] = []

    def write_text(self, relative: str, text: str, source: str | None = None) -> None:
        self.files.append((relative, text, source))


def _statics(site: Site) -> dict[str, tuple[str, int, int]]:
    out: dict[str, tuple[str, int, int]] = {}
    for item in site.static_files:
        try:
            stat = os.stat(item.source_path)
        except OSError:
            continue
        out[item.output_path] = (str(item.source_path), stat.st_mtime_ns, stat.st_size)
    return out

