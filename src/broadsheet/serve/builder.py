"""Rebuilds run in a child process of their own, forked before the server starts threads.

``build()`` forks render workers. Forking a process that runs threads (the HTTP server,
the watcher) copies locks that other threads may hold at that moment; and the workers
inherit the parent's signal handlers, so a SIGTERM from ``Pool.terminate`` can arrive
just before a worker blocks on a lock, run a Python handler too late, and leave the pool
waiting forever. Both happened in practice. The builder is therefore a single-threaded
process, forked once at startup while the server has no threads yet, with SIGTERM left
at its default so that its workers die when told to. It keeps whatever a build memoises
warm from one rebuild to the next.

It leads its own process group: Ctrl-C at the terminal reaches only the server, which
stops an idle builder by closing the pipe, and a busy one by killing the group, workers
and all.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket
import threading
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from ..build import BuildOptions, build
from ..cache import warm
from ..errors import BroadsheetError
from .livereload import BuildProblem

STOP_SECONDS = 2.0  # an idle builder exits at once; this is only a safety margin


@dataclass(frozen=True)
class BuildResult:
    """How a build in the dev server's builder process ended."""
    problem: BuildProblem | None = None  # None: the build succeeded
    report: str = ""  # the line or traceback for the terminal
    warnings: list[str] = field(default_factory=list)
    touched: list[str] | None = None  # the files an incremental build wrote or removed


STOPPED = BuildResult(BuildProblem(None, None, "the server is stopping"))


class Builder:
    """The parent's handle on the builder process; one build at a time."""

    def __init__(self, close_in_child: list[socket.socket]):
        self._close_in_child = close_in_child
        self._lock = threading.Lock()  # the pipe carries one build at a time
        self._closed = False
        self._start("fork")

    def _start(self, method: str) -> None:
        context: Any = multiprocessing.get_context(method)
        self._conn, child_end = context.Pipe()
        inherited = self._close_in_child if method == "fork" else []
        self._process = context.Process(target=_serve_builds, name="broadsheet-builder",
                                        args=(child_end, self._conn, inherited))
        self._process.start()
        child_end.close()

    def build(self, options: BuildOptions) -> BuildResult:
        with self._lock:
            if self._closed:
                return STOPPED
            try:
                self._conn.send(options)
                result: BuildResult = self._conn.recv()
                return result
            except (EOFError, OSError):
                if self._closed:
                    return STOPPED
            # The builder died (killed, out of memory). Start a fresh one by spawning:
            # forking now would copy the server's threads' locks.
            self._process.join(1)
            self._start("spawn")
            message = "the build process stopped unexpectedly; it has been restarted"
            return BuildResult(BuildProblem(None, None, message), f"error: {message}")

    def close(self) -> bool:
        """Stop the builder; True if a build was still running and had to be killed."""
        self._closed = True
        if self._lock.acquire(blocking=False):  # idle: ask it to finish
            try:
                with contextlib.suppress(OSError):
                    self._conn.send(None)
                self._process.join(STOP_SECONDS)
            finally:
                self._lock.release()
        killed = self._process.is_alive()
        if killed and self._process.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGKILL)
            self._process.join()
        self._conn.close()
        return killed


def _serve_builds(conn: Connection, parent_end: Connection,
                  inherited: list[socket.socket]) -> None:
    parent_end.close()  # so that the parent's death reads as end-of-file here
    for sock in inherited:
        sock.close()  # the listening sockets belong to the server alone
    os.setpgrp()  # Ctrl-C is the server's to handle; it stops this group when it must
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    warm.enable()  # this process lives on: keep each built site for the next edit
    while True:
        try:
            options = conn.recv()
        except (EOFError, OSError):
            return
        if options is None:
            return
        conn.send(_build_once(options))


def _build_once(options: BuildOptions) -> BuildResult:
    try:
        report = build(options)
    except BroadsheetError as err:
        return BuildResult(BuildProblem(err.path, err.line, err.message), f"error: {err}")
    except Exception as err:  # a bug in Broadsheet: say so; the server keeps serving
        detail = traceback.format_exc()
        problem = BuildProblem(None, None, f"internal error: {err!r}\n\n{detail}")
        return BuildResult(problem, detail)
    return BuildResult(warnings=list(report.warnings), touched=report.touched)
