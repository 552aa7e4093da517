"""Parsing many posts on every core.

A clean build of 10,000 posts spent a second and a half reading them in one process, most
of it PyYAML building front matter in Python, while the other cores waited for the render
stage. The posts are independent, so this process and forked workers parse contiguous
shares of them, and the workers send their documents back in order; unpickling one costs
a fraction of parsing it. An error in any file is raised as if it had been met in one
process: the first in reading order.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BroadsheetError

if TYPE_CHECKING:
    from .documents import Document
    from .reader import SiteReader

OWN_WEIGHT = 1.06  # this process's share against a worker's, see _shares
# posts this process would read in the time ``reader.meanwhile`` takes (importing the
# render stage: 60 ms, at 0.12 ms a post of the bench's corpus on this machine)
MEANWHILE_POSTS = 500
_WORK: tuple[SiteReader, list[tuple[Path, str]], bool] | None = None


def read_in_parallel(reader: SiteReader, found: list[tuple[Path, str]], draft: bool,
                     jobs: int) -> list[Document]:
    if "fork" not in multiprocessing.get_all_start_methods() or jobs < 2:
        return [reader.make_document(path, "posts", draft=draft, relative=relative)
                for path, relative in found]
    global _WORK
    _WORK = (reader, found, draft)
    meanwhile, reader.meanwhile = reader.meanwhile, None  # once
    own, *others = _shares(len(found), jobs, MEANWHILE_POSTS if meanwhile else 0)
    context = multiprocessing.get_context("fork")
    workers: list[tuple[BaseProcess, Connection]] = []
    try:
        for share in others:
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_send_share, args=(share, sender), daemon=True)
            process.start()
            sender.close()
            workers.append((process, receiver))
        if meanwhile is not None:
            meanwhile()
        results = [_read_share(own)]  # this process reads the first share meanwhile
        if isinstance(results[0], BroadsheetError):
            raise results[0]  # the first error in reading order: the workers are stopped
        for process, receiver in workers:
            results.append(_receive(receiver, process))
    finally:
        _WORK = None
        for process, receiver in workers:
            receiver.close()
            if process.is_alive():
                process.kill()
            process.join()
    docs: list[Document] = []
    for number, (share, result) in enumerate(zip([own, *others], results, strict=True)):
        if isinstance(result, BroadsheetError):
            raise result  # the first error in reading order
        if number:  # a worker's: sent without their paths
            for index, doc in zip(share, result, strict=True):
                doc.source_path = found[index][0]
        docs.extend(result)
    return docs


def _shares(total: int, jobs: int, head_start: int = 0) -> list[range]:
    """Contiguous shares, this process's first. A worker also pickles what it read, which
    costs about an eighth of reading it, and this process unpickles it, which costs half
    that: this process's share is larger by the difference. Work this process does first
    counts as ``head_start`` posts that are already its own."""
    own = max(0, round((total + head_start) * OWN_WEIGHT / (OWN_WEIGHT + jobs - 1))
              - head_start)
    rest = total - own
    size = -(-rest // (jobs - 1)) if rest else 1
    return [range(0, own), *(range(start, min(start + size, total))
                             for start in range(own, total, size))]


def _read_share(share: range) -> list[Document] | BroadsheetError:
    assert _WORK is not None
    reader, found, draft = _WORK
    try:
        return [reader.make_document(found[index][0], "posts", draft=draft,
                                     relative=found[index][1]) for index in share]
    except BroadsheetError as err:
        return err


def _send_share(share: range, sender: Connection) -> None:
    """In a worker: read ``share`` and send it back pickled, without the documents'
    source paths (the parent has them, and a ``Path`` costs about as much to pickle and
    rebuild as the rest of a document)."""
    result = _read_share(share)
    if not isinstance(result, BroadsheetError):
        for doc in result:
            doc.source_path = None
    try:
        sender.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        sender.close()


def _receive(receiver: Connection, process: BaseProcess) -> list[Document] | BroadsheetError:
    try:
        blob = receiver.recv_bytes()
    except EOFError:  # the worker died without a word (killed, out of memory)
        raise BroadsheetError(f"a worker reading posts stopped (exit code "
                              f"{process.exitcode})") from None
    enabled = gc.isenabled()
    gc.disable()  # thousands of new objects, none of them garbage
    try:
        return pickle.loads(blob)  # noqa: S301 - from our own worker
    finally:
        if enabled:
            gc.enable()
