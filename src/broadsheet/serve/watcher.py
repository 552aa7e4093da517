"""Watch the site's source folder and hand over each burst of changes as one batch.

watchfiles does the debouncing: it collects events until the folder has been quiet for
``step`` milliseconds (at most ``debounce``), so an editor's save (write a temporary
file, rename it over the old one) or a ``git checkout`` of many files is one batch.
Changes that arrive while a rebuild runs are collected too and come back as the next
batch, so a rebuild never runs twice at once and never misses an edit.

The build's own output must not trigger a build: the destination, the cache folders,
and the temporary folders a build writes beside the destination are left out.

The watch is set up in its thread a moment after the thread starts; an edit saved in
that moment would be lost. So the server says it is serving only once the watcher has
reported a probe file, written in the cache folder (never published, and ignored).
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchfiles import DefaultFilter, watch

QUIET_MS = 75  # an edit burst ends after this much silence
LONGEST_BURST_MS = 1600  # ...or after this long, so a steady stream still rebuilds


class SiteFilter(DefaultFilter):
    """DefaultFilter (VCS folders, editor swap files) plus the build's own folders."""

    def __init__(self, ignored_folders: Iterable[Path], destination: Path):
        super().__init__()
        self.ignored = tuple(str(folder.resolve()) for folder in ignored_folders)
        self.scratch = re.compile(rf"^\.{re.escape(destination.name)}\.(tmp|old)-")
        self.site_metadata = ".jekyll-metadata"
        self.probe: str | None = None
        self.watching = threading.Event()

    def __call__(self, change: object, path: str) -> bool:
        if path == self.probe:
            self.watching.set()
            return False
        if any(path == folder or path.startswith(folder + os.sep) for folder in self.ignored):
            return False
        parts = path.split(os.sep)
        if any(self.scratch.match(part) for part in parts) or parts[-1] == self.site_metadata:
            return False
        return super().__call__(change, path)  # type: ignore[arg-type]


def watch_site(source: Path, watch_filter: SiteFilter, on_batch: Callable[[list[str]], None],
               stop: threading.Event, quiet_ms: int = QUIET_MS) -> None:
    """Call ``on_batch`` with the changed paths (relative to ``source``) of each burst."""
    source = source.resolve()
    for changes in watch(source, watch_filter=watch_filter, step=quiet_ms,
                         debounce=LONGEST_BURST_MS, stop_event=stop, raise_interrupt=False):
        paths = sorted({_relative(path, source) for _change, path in changes})
        on_batch(paths)


def start_watching(source: Path, watch_filter: SiteFilter,
                   on_batch: Callable[[list[str]], None], stop: threading.Event,
                   probe_folder: Path) -> threading.Thread:
    """Watch in a thread; return once the watch is surely set up (or after a while)."""
    thread = threading.Thread(target=watch_site, args=(source, watch_filter, on_batch, stop),
                              name="broadsheet-watch", daemon=True)
    thread.start()
    _wait_until_watching(watch_filter, probe_folder)
    return thread


def _wait_until_watching(watch_filter: SiteFilter, folder: Path, timeout: float = 10.0
                         ) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder.resolve() / f"broadsheet-serve-{os.getpid()}.probe"
    watch_filter.probe = str(probe)
    deadline = time.monotonic() + timeout
    try:
        while not watch_filter.watching.is_set() and time.monotonic() < deadline:
            probe.write_bytes(b"")
            watch_filter.watching.wait(0.05)
    finally:
        probe.unlink(missing_ok=True)


def _relative(path: str, source: Path) -> str:
    try:
        return str(Path(path).relative_to(source))
    except ValueError:
        return path
