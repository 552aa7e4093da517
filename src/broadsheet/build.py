"""``build()``: read → index → render → write, in that order, and nothing else.

Clean builds render in parallel: the site is read and indexed once, the renderer (with
its parsed layouts) is created, and then worker processes are forked, so each inherits the
site without pickling it. Every worker writes its share of pages straight into the new
output folder and sends back only counts, or the first error it met — and, when the build
is incremental, what each page read (cache/incremental.py), for the next build.

Incremental builds (``--incremental``, and the dev server) are in cache/rebuild.py.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import plugins
from .config import Config, load_config
from .errors import BroadsheetError
from .index.site import Site, index_site
from .read.documents import Document
from .read.reader import SiteReader
from .render.tracking import Fact
from .write.output import OutputFolder, UpdateFolder

if TYPE_CHECKING:  # imported while the posts are read: see import_render_stage
    from .cache.incremental import Learned
    from .render.renderer import Renderer

PARALLEL_THRESHOLD = 150  # fewer documents than this render faster in one process


@dataclass
class BuildOptions:
    source: Path = Path(".")
    destination: Path | None = None
    config_files: list[Path] = field(default_factory=list)
    overrides: dict[str, Any] = field(default_factory=dict)
    jobs: int | None = None
    incremental: bool = False  # reuse the cache in the site's cache folder


@dataclass
class BuildReport:
    documents: int
    pages_written: int
    static_files: int
    seconds: float
    destination: Path
    warnings: list[str] = field(default_factory=list)
    # an incremental build's files written or removed; None: the whole folder may differ
    touched: list[str] | None = None


def load_site(config: Config, jobs: int | None = None) -> Site:
    """Read and index a site: everything up to rendering."""
    return index_site(SiteReader(config, jobs=jobs, meanwhile=import_render_stage).read())


def import_render_stage() -> None:
    """Import the renderer and python-liquid.

    That is 60 ms of one core, a tenth of a clean build of 1,000 posts; the reader calls
    this while its workers parse posts, so it costs no time of its own. Modules are
    imported once per process, so calling it again, or after they were, costs nothing.
    """
    from .cache import incremental  # noqa: F401 - with the renderer, which it needs


def build(options: BuildOptions, progress: Callable[[int, int], None] | None = None
          ) -> BuildReport:
    started = time.perf_counter()
    config = load_config(options.source, options.destination, options.config_files or None,
                         options.overrides)
    if options.incremental:
        from .cache.rebuild import build_incremental

        site, written, touched = build_incremental(config, options.jobs, progress)
    else:
        touched = None
        site = load_site(config, options.jobs)
        from .render.renderer import Renderer

        written, _ = render_clean(site, Renderer(site), options.jobs, progress)
    return BuildReport(
        documents=len(site.posts) + sum(len(d) for d in site.collections.values()),
        pages_written=written, static_files=len(site.static_files),
        seconds=time.perf_counter() - started, destination=config.destination,
        warnings=plugins.unknown(site), touched=touched,
    )


def render_clean(site: Site, renderer: Renderer, jobs: int | None,
                 progress: Callable[[int, int], None] | None) -> tuple[int, Learned | None]:
    """Render every page into a new folder and swap it in place of the destination.

    With a tracking renderer, also return what each output read, for the cache."""
    documents = [doc for doc in site.documents() if doc.write and doc.output_path]
    output = OutputFolder(site.config.destination, site.config.keep_files)
    try:
        written, learned = render_all(renderer, documents, output, jobs, progress)
        for item in site.static_files:
            output.copy_file(item.output_path, item.source_path)
        output.commit()
    except BaseException:
        output.abandon()
        raise
    return written, learned


# -- rendering, in one process or many ---------------------------------------------------
_WORK: tuple[Renderer, list[Document], OutputFolder] | None = None


def render_all(renderer: Renderer, documents: list[Document], output: OutputFolder,
                jobs: int | None, progress: Callable[[int, int], None] | None
                ) -> tuple[int, Learned | None]:
    jobs = jobs or len(os.sched_getaffinity(0))
    if jobs <= 1 or len(documents) < PARALLEL_THRESHOLD or not _can_fork():
        reads: dict[str, set[Fact]] = {}
        for done, doc in enumerate(documents, start=1):
            render_one(renderer, doc, output, reads)
            if progress:
                progress(done, len(documents))
        return len(documents), _learned(renderer, reads)
    from .cache.incremental import Learned

    renderer.site_payload  # noqa: B018 - built once, before the fork, for every worker
    global _WORK
    _WORK = (renderer, documents, output)
    chunks = _chunks(len(documents), jobs * 8)
    import multiprocessing  # only builds that render in parallel pay for importing it

    context = multiprocessing.get_context("fork")
    done = 0
    learned = Learned() if renderer.tracking else None
    try:
        # A worker's collector need not walk the site it inherited: it lives as long as the
        # worker, and untouched, its pages stay shared with the parent.
        with context.Pool(jobs, initializer=gc.freeze) as pool:
            for count, error, part in pool.imap_unordered(_render_chunk, chunks):
                if error is not None:
                    pool.terminate()
                    raise error
                done += count
                if learned is not None and part is not None:
                    learned.merge(part)
                if progress:
                    progress(done, len(documents))
    finally:
        _WORK = None
    return done, learned


def _learned(renderer: Renderer, reads: dict[str, set[Fact]]) -> Learned | None:
    if not renderer.tracking:
        return None
    from .cache.incremental import Learned

    learned = Learned().take(renderer, reads)
    renderer.content_reads.clear()  # sent once; the contents stay memoised
    renderer.excerpt_reads.clear()
    renderer.known.clear()
    if renderer.env.include_cache is not None:
        renderer.env.include_cache.groups.clear()
    return learned


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _chunks(total: int, parts: int) -> list[range]:
    """Interleaved slices, so that each worker gets a mix of cheap and costly pages."""
    parts = max(1, min(parts, total))
    return [range(start, total, parts) for start in range(parts)]


def _render_chunk(indexes: range) -> tuple[int, BroadsheetError | None, Learned | None]:
    assert _WORK is not None
    renderer, documents, output = _WORK
    reads: dict[str, set[Fact]] = {}
    try:
        for index in indexes:
            render_one(renderer, documents[index], output, reads)
    except BroadsheetError as err:
        return 0, err, None
    return len(indexes), None, _learned(renderer, reads)


def render_one(renderer: Renderer, doc: Document, output: OutputFolder | UpdateFolder,
               reads: dict[str, set[Fact]]) -> None:
    if renderer.tracking:
        renderer.log.push()
        try:
            html = renderer.render(doc)
        finally:
            reads[doc.output_path] = renderer.log.pop()
    else:
        html = renderer.render(doc)
    output.write_text(doc.output_path, html, doc.relative_path)
    source_map = renderer.source_maps.pop(doc.output_path + ".map", None)
    if source_map is not None:
        output.write_text(doc.output_path + ".map", source_map, doc.relative_path)
