"""Parsing many posts on every core.

A clean build of 10,000 posts spent a second and a half reading them in one process, most
of it PyYAML building front matter in Python, while the other cores waited for the render
stage. The posts are independent, so this process and forked workers parse them in short
runs of neighbouring posts, each process taking the next run as it finishes one. This
process first imports the render stage (``reader.meanwhile``), and the workers meanwhile
take more of the runs: however long that takes on a machine, the processes finish
together. (Shares fixed in advance had to guess it, and guessed 10 ms wrong at 1,000
posts.) A worker pickles each run as it finishes it and sends them all at the end; this
process puts every run back in reading order. An error in any file is raised as if it
had been met in one process: the first in reading order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
from collections.abc import Iterator
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING

from ..errors import BroadsheetError

if TYPE_CHECKING:
    from pathlib import Path

    from .documents import Document
    from .reader import SiteReader

RUN_POSTS = 16  # posts taken at once
MOST_RUNS = 16_000  # a run's number takes four bytes of a pipe that holds 64 KB
_WORK: tuple[SiteReader, list[tuple[Path, str]], bool, int] | None = None
RunResult = list["Document"] | BroadsheetError


class _Runs:
    """The numbers of the runs not yet taken, in a pipe that every process reads from.

    All of them are written before any worker is forked, and the pipe's writing end is
    closed, so a read of four bytes is one number, taken by one process, and an empty
    read means none are left. (A pipe costs microseconds to make; multiprocessing's
    shared values and lock took milliseconds before the first post could be read.)"""

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
    if "fork" not in multiprocessing.get_all_start_methods() or jobs < 2:
        return [reader.make_document(path, "posts", draft=draft, relative=relative)
                for path, relative in found]
    global _WORK
    size = max(RUN_POSTS, -(-len(found) // MOST_RUNS))
    count = -(-len(found) // size)
    _WORK = (reader, found, draft, size)
    meanwhile, reader.meanwhile = reader.meanwhile, None  # once
    runs = _Runs(count)
    context = multiprocessing.get_context("fork")
    workers: list[tuple[BaseProcess, Connection]] = []
    results: dict[int, RunResult] = {}
    try:
        for _ in range(jobs - 1):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_send_runs, args=(runs, sender), daemon=True)
            process.start()
            sender.close()
            workers.append((process, receiver))
        if meanwhile is not None:
            meanwhile()
        results.update(_read_runs(runs))  # this process takes runs too, once it is free
        for process, receiver in workers:
            results.update(_receive(receiver, process))
    finally:
        _WORK = None
        runs.close()
        for process, receiver in workers:
            receiver.close()
            if process.is_alive():
                process.kill()
            process.join()
    docs: list[Document] = []
    for number in range(count):
        result = results[number]
        if isinstance(result, BroadsheetError):
            raise result  # the first error in reading order
        for index, doc in enumerate(result, start=number * size):
            doc.source_path = found[index][0]  # a worker's come without their paths
        docs.extend(result)
    return docs


def _read_runs(runs: _Runs) -> Iterator[tuple[int, RunResult]]:
    """Read runs until none are left. A run with an error stops there, and the others
    are still read: an earlier run may hold an earlier error."""
    assert _WORK is not None
    reader, found, draft, size = _WORK
    while (number := runs.take()) is not None:
        try:
            yield number, [reader.make_document(path, "posts", draft=draft, relative=relative)
                           for path, relative in found[number * size:(number + 1) * size]]
        except BroadsheetError as err:
            yield number, err


def _send_runs(runs: _Runs, sender: Connection) -> None:
    """In a worker: read runs, pickling each when it is read, and send them all at the
    end, without the documents' source paths (the parent has them, and a ``Path`` costs
    about as much to pickle and rebuild as the rest of a document)."""
    blobs: list[bytes] = []
    for number, result in _read_runs(runs):
        if not isinstance(result, BroadsheetError):
            for doc in result:
                doc.source_path = None
        blobs.append(pickle.dumps((number, result), protocol=pickle.HIGHEST_PROTOCOL))
    try:
        sender.send_bytes(pickle.dumps(blobs, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        sender.close()


def _receive(receiver: Connection, process: BaseProcess) -> Iterator[tuple[int, RunResult]]:
    try:
        blob = receiver.recv_bytes()
    except EOFError:  # the worker died without a word (killed, out of memory)
        raise BroadsheetError(f"a worker reading posts stopped (exit code "
                              f"{process.exitcode})") from None
    enabled = gc.isenabled()
    gc.disable()  # thousands of new objects, none of them garbage
    try:
        for run in pickle.loads(blob):  # noqa: S301 - from our own worker
            yield pickle.loads(run)  # noqa: S301
    finally:
        if enabled:
            gc.enable()
