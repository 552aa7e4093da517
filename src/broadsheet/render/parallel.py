"""Rendering every page on every core.

The site is read and indexed once, the renderer (with its parsed layouts and the site's
payload) is made, and then ``jobs - 1`` workers are forked: each inherits all of it without
pickling. This process and the workers take short runs of documents from one shared
counter until none are left, and each writes its pages straight into the output folder.
Workers send back only counts, the first error they met, and — when the build is
incremental — what each page read (cache/incremental.py), for the next build.

This process renders too, rather than waiting on a pool of ``jobs`` workers: the memory
a forked worker touches is copied (every object read has its reference count written),
and with a pool the parent kept one more copy of every page the workers touched. At
100,000 posts that was half a gigabyte.
"""

from __future__ import annotations

import gc
import mmap
import os
import struct
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import BroadsheetError
from ..forked import MOST_RUNS, Runs, Sender, Worker, WorkerStopped, can_fork
from .tracking import Fact

if TYPE_CHECKING:
    from ..cache.incremental import Learned
    from ..read.documents import Document
    from ..write.output import OutputFolder, UpdateFolder
    from .renderer import Renderer

PARALLEL_THRESHOLD = 150  # fewer documents than this render faster in one process
CHUNK_DOCUMENTS = 64  # the most documents taken at once (see _chunks)
CHUNK_MINIMUM = 4
MOST_READS = 20_000  # facts gathered before they are handed on mid-run (see _render_run)
_HTML = (".html", ".htm", ".xhtml")

_WORK: tuple[Renderer, list[Document], OutputFolder, list[range], Gatherer | None] | None = None


class Gatherer(Protocol):
    """Where what the pages read goes: a Learned kept in memory (cache/incremental.py),
    or FreshFacts, which writes it into the build's cache as it comes."""

    def take(self, renderer: Renderer, reads: dict[str, set[Fact]]) -> Any:
        """Add what pages rendered in this process read."""

    def part(self, renderer: Renderer, reads: dict[str, set[Fact]]) -> Learned:
        """What pages rendered in a worker read, for the parent to ``merge``."""

    def merge(self, part: Learned) -> None: ...


def render_all(renderer: Renderer, documents: list[Document], output: OutputFolder,
               jobs: int | None, progress: Callable[[int, int], None] | None,
               learned: Gatherer | None = None) -> tuple[int, Gatherer | None]:
    """Render and write ``documents``; return how many, and — with a tracking renderer —
    what they read, gathered into ``learned`` or a new Learned."""
    if renderer.tracking and learned is None:
        from ..cache.incremental import Learned

        learned = Learned()
    jobs = jobs or len(os.sched_getaffinity(0))
    if jobs <= 1 or len(documents) < PARALLEL_THRESHOLD or not can_fork():
        def send(reads: dict[str, set[Fact]]) -> None:
            learned_from(renderer, reads, learned)

        for start in range(0, len(documents), CHUNK_DOCUMENTS):
            run = range(start, min(start + CHUNK_DOCUMENTS, len(documents)))
            _render_run(renderer, documents, run, output, send)
            if progress:
                progress(run.stop, len(documents))
        return len(documents), learned
    return _render_in_parallel(renderer, documents, output, jobs, progress, learned)


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
    renderer.release(doc)
    output.write_text(doc.output_path, html, doc.relative_path)
    source_map = renderer.source_maps.pop(doc.output_path + ".map", None)
    if source_map is not None:
        output.write_text(doc.output_path + ".map", source_map, doc.relative_path)


def _render_run(renderer: Renderer, documents: list[Document], run: range,
                output: OutputFolder, send: Callable[[dict[str, set[Fact]]], None]) -> None:
    """Render a run of documents, handing what they read to ``send`` (when tracking) at
    the end, and whenever ``MOST_READS`` facts have gathered: an archive page of 100,000
    posts reads tens of thousands of titles, URLs and dates, and a run of them would
    otherwise hold all of those at once, as sets and then as the part sent on."""
    reads: dict[str, set[Fact]] = {}
    gathered = 0
    for index in run:
        doc = documents[index]
        render_one(renderer, doc, output, reads)
        if renderer.tracking:
            gathered += len(reads[doc.output_path])
            if gathered >= MOST_READS:
                send(reads)
                reads, gathered = {}, 0
    if reads:
        send(reads)


def learned_from(renderer: Renderer, reads: dict[str, set[Fact]], into: Gatherer, *,
                 part: bool = False) -> Any:
    """What the pages rendered here read, added to ``into``, or with ``part`` made into a
    part for it to merge in another process. Taken run by run: the sets of facts are many
    times the size of the Learned they become (100,000 posts: two million facts)."""
    learned = into.part(renderer, reads) if part else into.take(renderer, reads)
    renderer.content_reads.clear()  # sent once; the contents stay memoised
    renderer.excerpt_reads.clear()
    renderer.known.clear()
    if renderer.env.include_cache is not None:
        renderer.env.include_cache.groups.clear()
    return learned


def _chunks(total: int, jobs: int) -> list[range]:
    """Runs of neighbouring documents, in order, shorter towards the end.

    Neighbouring documents were read together and sit on the same memory pages, so a
    worker rendering runs of them copies about a third as much of the memory it inherited
    as one rendering every sixteenth document (100,000 posts: 7 KB against 23 KB a
    document). Each process takes the next run when it has finished one; runs shrink with
    the documents left, so that the processes end at about the same time even though the
    costliest pages (archives, pagination, feeds) come last. Rendering those first instead
    made the news theme's build slower by a fifth: its include cache learns what is worth
    keeping from the pages it meets first.

    There are at most ``forked.MOST_RUNS`` runs, so that their numbers fit any pipe: a
    large site (more than about 60,000 documents on two cores) or many processes get
    runs twice as long, or four times, until they do."""
    largest, smallest = CHUNK_DOCUMENTS, CHUNK_MINIMUM
    while True:
        runs: list[range] = []
        start = 0
        while start < total:
            size = max(smallest, min(largest, -(-(total - start) // (jobs * 4))))
            runs.append(range(start, min(start + size, total)))
            start += size
        if len(runs) <= MOST_RUNS:
            return runs
        largest, smallest = largest * 2, smallest * 2


def _costly_first(documents: list[Document]) -> list[Document]:
    """The documents that are not HTML pages first, the rest in their order.

    They are a site's few costly singletons — the stylesheet Sass compiles, the sitemap
    listing every page, the feeds with whole posts in them — and they came last: one
    process rendered the final run of them while the others had nothing left to take
    (14 ms of a 0.37 s build of 1,000 posts)."""
    early = [doc for doc in documents if doc.output_ext not in _HTML]
    if not early:
        return documents
    return early + [doc for doc in documents if doc.output_ext in _HTML]


class _Progress:
    """How many documents each process has rendered, for the progress bar: one slot per
    process in memory they all share, each written only by its own process, and added up
    here."""

    _SLOT = struct.Struct("<q")

    def __init__(self, processes: int):
        self._memory = mmap.mmap(-1, self._SLOT.size * processes)

    def add(self, process: int, count: int) -> int:
        """Count ``count`` more for ``process``; the total of all of them."""
        at = self._SLOT.size * process
        self._SLOT.pack_into(self._memory, at, self._SLOT.unpack_from(self._memory, at)[0]
                             + count)
        return sum(value for (value,) in self._SLOT.iter_unpack(self._memory))


def _render_in_parallel(renderer: Renderer, documents: list[Document], output: OutputFolder,
                        jobs: int, progress: Callable[[int, int], None] | None,
                        learned: Gatherer | None) -> tuple[int, Gatherer | None]:
    renderer.site_payload  # noqa: B018 - built once, before the fork, for every process
    documents = _costly_first(documents)
    chunks = _chunks(len(documents), jobs)
    runs = Runs(len(chunks))
    counts = _Progress(jobs) if progress else None
    global _WORK
    _WORK = (renderer, documents, output, chunks, learned)
    # Frozen, the inherited objects are never walked by a collector, here or in a worker:
    # walking them writes to every one, which would copy all the memory the site is in.
    frozen = gc.get_freeze_count() > 0
    gc.freeze()
    workers = _Workers(jobs - 1, runs, counts)
    try:
        try:
            def send(reads: dict[str, set[Fact]]) -> None:
                learned_from(renderer, reads, learned)

            while (taken := runs.take()) is not None:
                _render_run(renderer, documents, chunks[taken], output, send)
                if progress and counts is not None:
                    progress(counts.add(0, len(chunks[taken])), len(documents))
                workers.collect(learned, wait=False)
        except BaseException:
            runs.stop()
            raise
        workers.collect(learned, wait=True)
    finally:
        _WORK = None
        workers.close()
        runs.close()
        if not frozen:
            gc.unfreeze()
    return len(documents), learned


class _Workers:
    """The forked workers (``forked.Worker``), and what they send: ``(kind, payload)``
    messages, where kind is "part" (what a run read) or "error"."""

    def __init__(self, count: int, runs: Runs, counts: _Progress | None):
        self.workers: list[Worker] = []
        for number in range(1, count + 1):
            self.workers.append(Worker(partial(_work, number, runs, counts)))

    def collect(self, learned: Gatherer | None, *, wait: bool) -> None:
        """Take what the workers have sent; with ``wait``, until every one has ended.
        Raise the first error a worker met, or name one that stopped without a word."""
        for worker in self.workers:
            try:
                for kind, payload in worker.received(wait=wait):
                    if kind == "error":
                        raise payload
                    if learned is not None:
                        learned.merge(payload)
            except WorkerStopped as err:
                raise BroadsheetError(f"a render worker stopped ({err})") from None

    def close(self) -> None:
        """Stop the workers that have not ended, and wait for every one to exit."""
        for worker in self.workers:
            worker.close()


def _work(number: int, runs: Runs, counts: _Progress | None, sender: Sender) -> None:
    """In a worker: render runs until none are left, sending what they read after each."""
    assert _WORK is not None
    renderer, documents, output, chunks, learned = _WORK

    def send(reads: dict[str, set[Fact]]) -> None:
        if learned is not None:
            sender.send(("part", learned_from(renderer, reads, learned, part=True)))

    try:
        while (taken := runs.take()) is not None:
            _render_run(renderer, documents, chunks[taken], output, send)
            if counts is not None:
                counts.add(number, len(chunks[taken]))
    except Exception as err:  # noqa: BLE001 - a bug in a worker is raised by the parent
        runs.stop()
        try:
            sender.send(("error", err))
        except Exception:  # noqa: BLE001 - an error that does not pickle: say what it was
            sender.send(("error", BroadsheetError(f"{type(err).__name__}: {err}")))
