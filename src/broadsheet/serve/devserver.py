"""One ``broadsheet serve`` session: build, serve, watch, rebuild, announce — until stopped.

Rebuilds run in one long-lived builder process (builder.py explains why not in a
thread here), so a rebuild costs only the build, and the incremental cache stays warm.
A failed rebuild leaves the last good site in place (``build`` changes the destination
only on success), and the error goes to the terminal and to every open page; the next
good build clears it.

The HTTP server runs in a thread; the main thread only waits, so Ctrl-C (or SIGTERM
from a test harness or a process manager) stops everything from one place.
"""

from __future__ import annotations

import dataclasses
import shutil
import signal
import sys
import threading
import time
import webbrowser
from dataclasses import dataclass

from ..build import BuildOptions
from ..config import load_config
from ..errors import BroadsheetError
from .builder import Builder
from .changes import Snapshot
from .livereload import Hub
from .paths import normalise_baseurl
from .server import DevServer, SiteSettings, bind
from .watcher import SiteFilter, start_watching


@dataclass
class ServeOptions:
    """What ``broadsheet serve`` was asked to do."""
    build: BuildOptions
    host: str = "127.0.0.1"
    port: int = 4000
    livereload: bool = True
    livereload_port: int | None = None
    open_url: bool = False
    initial_build: bool = True
    watch: bool = True
    quiet: bool = False


class Session:
    def __init__(self, options: ServeOptions):
        self.options = options
        config = load_config(options.build.source, options.build.destination,
                             options.build.config_files or None, options.build.overrides)
        self.source = config.source
        self.destination = config.destination
        self.cache_dir = config.source / str(config.get("cache_dir") or ".jekyll-cache")
        self.baseurl = normalise_baseurl(config.baseurl)
        self.hub = Hub() if options.livereload else None
        self.stop = threading.Event()
        self.snapshot = Snapshot()
        self._servers: list[DevServer] = []
        self._serving: list[DevServer] = []  # shutdown() waits forever on any other
        self._builder: Builder | None = None
        self.started = time.time()

    # -- the session -------------------------------------------------------------------
    def run(self) -> int:
        """Serve until Ctrl-C or SIGTERM; the exit status of ``broadsheet serve``."""
        self._bind()
        port = self._servers[0].server_address[1]
        self._use_local_url(port)
        # Both signals stop the server, even where a shell started it with SIGINT ignored.
        previous = {number: signal.signal(number, _interrupt)
                    for number in (signal.SIGINT, signal.SIGTERM)}
        # Before any thread starts: the builder is forked from this process (builder.py).
        self._builder = Builder([server.socket for server in self._servers])
        watcher = None
        try:
            if self.options.initial_build:
                self.rebuild("initial build")
            elif self.destination.is_dir():
                self.snapshot = Snapshot.take(self.destination)
            for server in self._servers:
                threading.Thread(target=server.serve_forever, args=(0.1,),  # quick to stop
                                 name="broadsheet-http", daemon=True).start()
                self._serving.append(server)
            if self.options.watch:
                watch_filter = SiteFilter([self.destination, self.cache_dir,
                                           self.source / ".sass-cache"], self.destination)
                watcher = start_watching(self.source, watch_filter, self._on_changes,
                                         self.stop, self.cache_dir)
            address = f"http://{_display_host(self.options.host)}:{port}{self.baseurl}/"
            self._say(f"Serving {self.source} at {address}  (Ctrl-C to stop)", always=True)
            if self.options.open_url:
                webbrowser.open(address)
            while not self.stop.wait(timeout=1.0):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self._shut_down(watcher)
            for number, handler in previous.items():
                signal.signal(number, handler)
        return 0

    def rebuild(self, reason: str) -> None:
        started = time.perf_counter()
        result = self._builder.build(self.options.build) if self._builder else None
        if self.stop.is_set():
            return
        if result is not None and result.problem is not None:
            if self.hub is not None:
                self.hub.failed(result.problem)
            print(result.report.rstrip(), file=sys.stderr, flush=True)
            return
        for warning in result.warnings if result else []:
            print(f"warning: {warning}", file=sys.stderr, flush=True)
        if result is not None and result.touched is not None and self.snapshot.files:
            fresh = self.snapshot.updated(self.destination, result.touched)
        else:
            fresh = Snapshot.take(self.destination, self.snapshot)
        changed = fresh.changed_since(self.snapshot)
        self.snapshot = fresh
        if self.hub is not None:
            self.hub.built(changed, self.baseurl)
        seconds = time.perf_counter() - started
        self._say(f"Built in {seconds:.2f} s ({reason}): {len(changed)} files changed")

    # -- parts ---------------------------------------------------------------------------
    def _bind(self) -> None:
        events_port = self.options.livereload_port if self.options.livereload else None
        settings = SiteSettings(self.destination, self.baseurl, self.hub, events_port)
        self._servers.append(bind(self.options.host, self.options.port, settings))
        if events_port is not None:
            try:
                self._servers.append(bind(self.options.host, events_port, settings, True))
            except BroadsheetError:
                self._servers[0].server_close()
                raise
            settings.events_port = self._servers[1].server_address[1]

    def _use_local_url(self, port: int) -> None:
        """As ``jekyll serve`` does: ``site.url`` points at this server while serving."""
        overrides = dict(self.options.build.overrides)
        overrides["url"] = f"http://{_display_host(self.options.host)}:{port}"
        self.options.build = dataclasses.replace(self.options.build, overrides=overrides)

    def _on_changes(self, paths: list[str]) -> None:
        shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        self.rebuild(f"changed: {shown}")

    def _shut_down(self, watcher: threading.Thread | None) -> None:
        self.stop.set()
        if self.hub is not None:
            self.hub.close()
        for server in self._serving:
            server.shutdown()
        for server in self._servers:
            server.server_close()
        if self._builder is not None and self._builder.close():
            self._remove_abandoned_output()  # a rebuild in progress was stopped midway
        if watcher is not None:
            watcher.join(timeout=5)
        self._say("Stopped.", always=True)

    def _remove_abandoned_output(self) -> None:
        """The temporary folder a killed build was writing, beside the destination."""
        for folder in self.destination.parent.glob(f".{self.destination.name}.tmp-*"):
            if folder.is_dir() and folder.stat().st_mtime >= self.started:
                shutil.rmtree(folder, ignore_errors=True)

    def _say(self, message: str, always: bool = False) -> None:
        if always or not self.options.quiet:
            print(message, flush=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _display_host(host: str) -> str:
    """A host a browser can open: a wildcard address means this machine."""
    if host in ("0.0.0.0", "::", ""):
        return "localhost"
    return f"[{host}]" if ":" in host else host


def serve(options: ServeOptions) -> int:
    return Session(options).run()


__all__ = ["ServeOptions", "Session", "serve"]
