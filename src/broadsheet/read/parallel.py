"""Parsing many posts on every core.

A clean build of 10,000 posts spent a second and a half reading them in one process, most
of it PyYAML building front matter in Python, while the other cores waited for the render
stage. The posts are independent, so this process and forked workers parse them in short
runs of neighbouring posts, each process taking the next run as it finishes one. This
process first imports the render stage (``reader.meanwhile``), and the workers meanwhile
take more of the runs: however long that takes on a machine, the processes finish
together. (Shares fixed in advance had to guess it, and guessed 10 ms wrong at 1,000
posts.) A worker writes each run, pickled, to a file in memory as soon as it has read it,
and this process unpickles those between its own runs (``_Reader``), so that little is
left to unpickle when the last run is read. Runs are put back in reading order. An error
in any file is raised as if it had been met in one process: the first in reading order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ..errors import BroadsheetError
from ..forked import MOST_RUNS, Runs, Sender, Worker, WorkerStopped, can_fork

if TYPE_CHECKING:
    from pathlib import Path

    from .documents import Document
    from .reader import SiteReader

RUN_POSTS = 16  # posts taken at once; above 16,384 posts (forked.MOST_RUNS runs), more
_WORK: tuple[SiteReader, list[tuple[Path, str]], bool, int] | None = None
RunResult = list["Document"] | BroadsheetError


def read_in_parallel(reader: SiteReader, found: list[tuple[Path, str]], draft: bool,
                     jobs: int) -> list[Document]:
    if not can_fork() or jobs < 2:
        return [reader.make_document(path, "posts", draft=draft, relative=relative)
                for path, relative in found]
    global _WORK
    size = max(RUN_POSTS, -(-len(found) // MOST_RUNS))
    count = -(-len(found) // size)
    _WORK = (reader, found, draft, size)
    meanwhile, reader.meanwhile = reader.meanwhile, None  # once
    runs = Runs(count)
    workers: list[_Reader] = []
    results: dict[int, RunResult] = {}
    try:
        for _ in range(jobs - 1):
            workers.append(_Reader(runs))
        if meanwhile is not None:
            meanwhile()
        for number, result in _read_runs(runs, between=lambda: _take_sent(workers, results)):
            results[number] = result
        for worker in workers:
            worker.take_rest(results)
    finally:
        _WORK = None
        runs.close()
        for worker in workers:
            worker.close()
    docs: list[Document] = []
    for number in range(count):
        result = results[number]
        if isinstance(result, BroadsheetError):
            raise result  # the first error in reading order
        for index, doc in enumerate(result, start=number * size):
            doc.source_path = found[index][0]  # a worker's come without their paths
        docs.extend(result)
    return docs


def _take_sent(workers: list[_Reader], results: dict[int, RunResult]) -> None:
    for worker in workers:
        worker.take_sent(results)


class _Reader:
    """A forked process reading runs (``forked.Worker``): it sends each run as soon as it
    has read it, and this process unpickles what has come between the runs it reads
    itself. (Unpickling a run costs a sixth of reading it: all of them unpickled at the
    end took 11 ms of a 0.35 s build of 1,000 posts while every other core was idle.)"""

    def __init__(self, runs: Runs):
        self._worker = Worker(lambda sender: _send_runs(runs, sender))

    def take_sent(self, results: dict[int, RunResult], *, wait: bool = False) -> None:
        """Take the runs sent so far; with ``wait``, until the worker ends."""
        try:
            for number, result in self._worker.received(wait=wait):
                results[number] = result
        except WorkerStopped as err:
            raise BroadsheetError(f"a worker reading posts stopped ({err})") from None

    def take_rest(self, results: dict[int, RunResult]) -> None:
        self.take_sent(results, wait=True)

    def close(self) -> None:
        self._worker.close()


def _read_runs(runs: Runs, between: Callable[[], None] | None = None
               ) -> Iterator[tuple[int, RunResult]]:
    """Read runs until none are left, calling ``between`` before taking each. A run
    with an error stops there, and the others are still read: an earlier run may hold
    an earlier error."""
    assert _WORK is not None
    reader, found, draft, size = _WORK
    while True:
        if between is not None:
            between()
        number = runs.take()
        if number is None:
            return
        try:
            yield number, [reader.make_document(path, "posts", draft=draft, relative=relative)
                           for path, relative in found[number * size:(number + 1) * size]]
        except BroadsheetError as err:
            yield number, err


def _send_runs(runs: Runs, sender: Sender) -> None:
    """In a worker: read runs and send each; the documents go without their source paths
    (the parent has them, and a ``Path`` costs about as much to pickle and rebuild as the
    rest of a document)."""
    for number, result in _read_runs(runs):
        if not isinstance(result, BroadsheetError):
            for doc in result:
                doc.source_path = None
        sender.send((number, result))
