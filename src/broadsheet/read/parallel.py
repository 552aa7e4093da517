"""Parsing many posts on every core.

A clean build of 10,000 posts spent a second and a half reading them in one process, most
of it PyYAML building front matter in Python, while the other cores waited for the render
stage. The posts are independent, so this process and forked workers parse them in short
runs of neighbouring posts, each process taking the next run as it finishes one. This
process first imports the render stage (``reader.meanwhile``), and the workers meanwhile
take more of the runs: however long that takes on a machine, the processes finish
together. (Shares fixed in advance had to guess it, and guessed 10 ms wrong at 1,000
posts.) A worker writes each run, pickled, to a file in memory as soon as it has read it,
and this process unpickles those between its own runs (``_Worker``), so that little is
left to unpickle when the last run is read. Runs are put back in reading order. An error
in any file is raised as if it had been met in one process: the first in reading order.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ..errors import BroadsheetError

if TYPE_CHECKING:
    from pathlib import Path

    from .documents import Document
    from .reader import SiteReader

RUN_POSTS = 16  # posts taken at once
# A run's number takes four bytes, and they are all written into the pipe before anything
# reads it: 1,024 fit the smallest pipe Linux makes (one page, when a user's pipes have
# used up their quota), so the write never waits. Above 16,384 posts, runs grow instead.
MOST_RUNS = 1024
_WORK: tuple[SiteReader, list[tuple[Path, str]], bool, int] | None = None
RunResult = list["Document"] | BroadsheetError
_NOTE = struct.Struct("<QQ")  # where a worker wrote a run: its offset and size in the file
_END = 2**64 - 1  # the offset that says the worker has read its last run


class _Runs:
    """The numbers of the runs not yet taken, in a pipe that every process reads from.

    All of them are written before any worker is forked, and the pipe's writing end is
    closed, so a read of four bytes is one number, taken by one process, and an empty
    read means none are left: no lock or shared counter is needed."""

    def __init__(self, count: int):
        self._reader, writer = os.pipe()
        data = b"".join(number.to_bytes(4, "little") for number in range(count))
        try:
            while data:
                data = data[os.write(writer, data):]
        finally:
            os.close(writer)

    def take(self) -> int | None:
        data = os.read(self._reader, 4)
        return int.from_bytes(data, "little") if data else None

    def close(self) -> None:
        os.close(self._reader)


def read_in_parallel(reader: SiteReader, found: list[tuple[Path, str]], draft: bool,
                     jobs: int) -> list[Document]:
    if not hasattr(os, "fork") or jobs < 2:
        return [reader.make_document(path, "posts", draft=draft, relative=relative)
                for path, relative in found]
    global _WORK
    size = max(RUN_POSTS, -(-len(found) // MOST_RUNS))
    count = -(-len(found) // size)
    _WORK = (reader, found, draft, size)
    meanwhile, reader.meanwhile = reader.meanwhile, None  # once
    runs = _Runs(count)
    workers: list[_Worker] = []
    results: dict[int, RunResult] = {}
    try:
        for _ in range(jobs - 1):
            workers.append(_Worker(runs))
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


def _memory_file() -> int:
    """A file in memory, never on disk (Linux's memfd; a temporary file elsewhere)."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("broadsheet-posts", os.MFD_CLOEXEC)
    import tempfile

    handle, name = tempfile.mkstemp(prefix="broadsheet-posts-")
    os.unlink(name)
    return handle


def _take_sent(workers: list[_Worker], results: dict[int, RunResult]) -> None:
    for worker in workers:
        worker.take_sent(results)


class _Worker:
    """A forked process reading runs. It writes each run, pickled, to a file in memory
    as soon as it has read it, and a note of where to a pipe; this process unpickles
    what it finds noted between the runs it reads itself. (Unpickling a run costs a
    sixth of reading it: all of them unpickled at the end took 11 ms of a 0.35 s build
    of 1,000 posts while every other core was idle.) The file and the notes never fill
    up and block the worker, as a pipe of the runs themselves would while this process
    imports the render stage."""

    def __init__(self, runs: _Runs):
        self._file = _memory_file()
        self._notes, writer = os.pipe()
        sys.stdout.flush()  # what is buffered now would be written twice
        sys.stderr.flush()
        try:
            self.pid = os.fork()
            if self.pid == 0:
                _worker_main(runs, self._file, writer)  # never returns
        finally:
            os.close(writer)
        self._pending = b""
        self.ended = False
        self.exit_code: int | None = None

    def take_sent(self, results: dict[int, RunResult], *, wait: bool = False) -> None:
        """Unpickle the runs noted so far; with ``wait``, until the worker ends."""
        os.set_blocking(self._notes, wait)
        while not self.ended:
            try:
                data = os.read(self._notes, 1 << 16)
            except BlockingIOError:
                return
            if not data:  # the pipe closed without the last note: the worker died
                raise BroadsheetError(f"a worker reading posts stopped (exit code "
                                      f"{self._wait()})")
            data = self._pending + data
            whole = len(data) - len(data) % _NOTE.size
            self._pending = data[whole:]
            for offset, size in _NOTE.iter_unpack(data[:whole]):
                if offset == _END:
                    self.ended = True
                    break
                run = os.pread(self._file, size, offset)
                number, result = pickle.loads(run)  # noqa: S301 - from our own worker
                results[number] = result

    def take_rest(self, results: dict[int, RunResult]) -> None:
        self.take_sent(results, wait=True)

    def close(self) -> None:
        os.close(self._notes)
        os.close(self._file)
        if not self.ended and self.exit_code is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        self._wait()

    def _wait(self) -> int:
        """Reap the worker (once) and return its exit code."""
        if self.exit_code is None:
            _, status = os.waitpid(self.pid, 0)
            self.exit_code = os.waitstatus_to_exitcode(status)
        return self.exit_code


def _worker_main(runs: _Runs, file: int, notes: int) -> None:
    """A forked worker's whole life: read runs, then leave without running anything of
    the parent's (buffers, exit handlers) a second time. It is forked by ``os.fork``
    itself: ``multiprocessing`` would be 5 ms more to import before reading can start."""
    code = 1
    try:
        _send_runs(runs, file, notes)
        code = 0
    except KeyboardInterrupt:
        pass  # the parent was interrupted too, and says so
    except BaseException:  # noqa: BLE001 - a bug: show it, and the parent names the worker
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
    finally:
        os._exit(code)


def _read_runs(runs: _Runs, between: Callable[[], None] | None = None
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


def _send_runs(runs: _Runs, file: int, notes: int) -> None:
    """In a worker: read runs, writing each, pickled, to ``file`` and noting where in
    ``notes``; the documents go without their source paths (the parent has them, and a
    ``Path`` costs about as much to pickle and rebuild as the rest of a document)."""
    offset = 0
    for number, result in _read_runs(runs):
        if not isinstance(result, BroadsheetError):
            for doc in result:
                doc.source_path = None
        blob = pickle.dumps((number, result), protocol=pickle.HIGHEST_PROTOCOL)
        written = 0
        while written < len(blob):
            written += os.pwrite(file, memoryview(blob)[written:], offset + written)
        os.write(notes, _NOTE.pack(offset, len(blob)))
        offset += len(blob)
    os.write(notes, _NOTE.pack(_END, 0))
    os.close(notes)
