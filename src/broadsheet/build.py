"""``build()``: read → index → render → write, in that order, and nothing else.

Clean builds render in parallel: the site is read and indexed once, the renderer (with
its parsed layouts) is created, and then worker processes are forked, so each inherits the
site without pickling it. Every worker writes its share of pages straight into the new
output folder and sends back only counts, or the first error it met.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import plugins
from .config import Config, load_config
from .errors import BroadsheetError
from .index.site import Site, index_site
from .read.documents import Document
from .read.reader import SiteReader
from .write.output import OutputFolder

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


def load_site(config: Config) -> Site:
    """Read and index a site: everything up to rendering."""
    return index_site(SiteReader(config).read())


def build(options: BuildOptions, progress: Callable[[int, int], None] | None = None
          ) -> BuildReport:
    started = time.perf_counter()
    config = load_config(options.source, options.destination, options.config_files or None,
                         options.overrides)
    site = load_site(config)
    documents = [doc for doc in site.documents() if doc.write and doc.output_path]
    output = OutputFolder(config.destination, config.keep_files)
    try:
        written = _render_all(site, documents, output, options.jobs, progress)
        for item in site.static_files:
            output.copy_file(item.output_path, item.source_path)
        output.commit()
    except BaseException:
        output.abandon()
        raise
    return BuildReport(
        documents=len(site.posts) + sum(len(d) for d in site.collections.values()),
        pages_written=written, static_files=len(site.static_files),
        seconds=time.perf_counter() - started, destination=config.destination,
        warnings=plugins.unknown(site),
    )


# -- rendering, in one process or many ---------------------------------------------------
_WORK: tuple[Any, list[Document], OutputFolder] | None = None


def _render_all(site: Site, documents: list[Document], output: OutputFolder,
                jobs: int | None, progress: Callable[[int, int], None] | None) -> int:
    from .render.renderer import Renderer

    renderer = Renderer(site)
    jobs = jobs or len(os.sched_getaffinity(0))
    if jobs <= 1 or len(documents) < PARALLEL_THRESHOLD or not _can_fork():
        for done, doc in enumerate(documents, start=1):
            _render_one(renderer, doc, output)
            if progress:
                progress(done, len(documents))
        return len(documents)
    renderer.site_payload  # noqa: B018 - built once, before the fork, for every worker
    global _WORK
    _WORK = (renderer, documents, output)
    chunks = _chunks(len(documents), jobs * 8)
    context = multiprocessing.get_context("fork")
    done = 0
    with context.Pool(jobs) as pool:
        for count, error in pool.imap_unordered(_render_chunk, chunks):
            if error is not None:
                pool.terminate()
                raise error
            done += count
            if progress:
                progress(done, len(documents))
    _WORK = None
    return done


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _chunks(total: int, parts: int) -> list[range]:
    """Interleaved slices, so that each worker gets a mix of cheap and costly pages."""
    parts = max(1, min(parts, total))
    return [range(start, total, parts) for start in range(parts)]


def _render_chunk(indexes: range) -> tuple[int, BroadsheetError | None]:
    assert _WORK is not None
    renderer, documents, output = _WORK
    try:
        for index in indexes:
            _render_one(renderer, documents[index], output)
    except BroadsheetError as err:
        return 0, err
    return len(indexes), None


def _render_one(renderer: Any, doc: Document, output: OutputFolder) -> None:
    html = renderer.render(doc)
    output.write_text(doc.output_path, html, doc.relative_path)
    source_map = renderer.source_maps.pop(doc.output_path + ".map", None)
    if source_map is not None:
        output.write_text(doc.output_path + ".map", source_map, doc.relative_path)
