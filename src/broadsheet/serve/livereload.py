"""Tell every open page what the last rebuild did, over Server-Sent Events.

SSE rather than WebSocket: the messages only flow from server to browser, the standard
library's HTTP server can stream them without a dependency, and ``EventSource``
reconnects by itself when the server restarts. Each connected page gets a queue; the
rebuild loop publishes to all of them.

Messages (``event:`` name, JSON ``data:``):

    hello    on connect: ``{"build": N, "error": {...} | null}`` — the page compares N
             with the build it was served from, and shows a pending error at once
    change   after a good build: ``{"build": N, "urls": [...], "all": bool, "css": bool}``
    failed   after a failed build: ``{"file", "line", "message"}`` (not "error", which
             is EventSource's own name for a lost connection)
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from .changes import only_stylesheets, urls_for

MAX_LISTED_URLS = 2000  # beyond this a page is told "everything changed" and reloads
KEEPALIVE_SECONDS = 15.0  # a comment line, so dead connections are noticed and dropped
RETRY = "retry: 500\n\n"  # reconnect quickly after a restart of the server


@dataclass(frozen=True)
class BuildProblem:
    """The error that stopped a build, as the overlay in the browser shows it."""
    file: str | None
    line: int | None
    message: str


class Hub:
    """The latest build state and every listening page's message queue."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: set[queue.SimpleQueue[str | None]] = set()
        self.build = 0
        self.problem: BuildProblem | None = None

    def built(self, changed_files: list[str], baseurl: str) -> None:
        """A good build; ``changed_files`` are destination-relative paths."""
        with self._lock:
            self.build += 1
            self.problem = None
            urls = urls_for(changed_files, baseurl)
            everything = len(urls) > MAX_LISTED_URLS
            payload = {"build": self.build, "urls": [] if everything else urls,
                       "all": everything, "css": only_stylesheets(changed_files)}
            self._publish("change", payload)

    def failed(self, problem: BuildProblem) -> None:
        with self._lock:
            self.problem = problem
            self._publish("failed", asdict(problem))

    def listen(self) -> Iterator[str]:
        """SSE frames for one page, starting with ``hello``; ends when the hub closes."""
        inbox: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        with self._lock:
            self._listeners.add(inbox)
            problem = asdict(self.problem) if self.problem else None
            hello = RETRY + frame("hello", {"build": self.build, "error": problem})
        try:
            yield hello
            while True:
                try:
                    message = inbox.get(timeout=KEEPALIVE_SECONDS)
                except queue.Empty:
                    yield ": keepalive\n\n"
                    continue
                if message is None:
                    return
                yield message
        finally:
            with self._lock:
                self._listeners.discard(inbox)

    def close(self) -> None:
        """End every open event stream, so the server can shut down without waiting."""
        with self._lock:
            for inbox in self._listeners:
                inbox.put(None)

    @property
    def listeners(self) -> int:
        with self._lock:
            return len(self._listeners)

    def _publish(self, event: str, payload: dict[str, Any]) -> None:
        message = frame(event, payload)
        for inbox in self._listeners:
            inbox.put(message)


def frame(event: str, payload: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(payload)}\n\n"
