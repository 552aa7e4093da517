"""Drive ``broadsheet serve`` as a writer does: a real process, a real headless browser.

Shared by the end-to-end tests and by ``bench/serve_latency.py``, so the latency in the
notes is measured exactly the way the tests exercise the server. The browser is Debian's
Chromium (``/usr/bin/chromium``); Playwright never downloads one.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType

CHROMIUM = Path("/usr/bin/chromium")
SERVING = re.compile(r"Serving .* at (http://\S+)")


class ServedSite:
    """``broadsheet serve`` in a child process, its output collected line by line."""

    def __init__(self, source: Path, *flags: str, startup_timeout: float = 120.0):
        self.source = source
        self.command = [sys.executable, "-m", "broadsheet", "serve", "-s", str(source),
                        "--port", "0", *flags]
        self.startup_timeout = startup_timeout
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self.process: subprocess.Popen[str] | None = None
        self.url = ""

    def __enter__(self) -> ServedSite:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    def start(self) -> None:
        # Its own process group, so build workers it forks are stopped with it.
        self.process = subprocess.Popen(
            self.command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            bufsize=1, start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        threading.Thread(target=self._collect, daemon=True).start()
        found = self.wait_for_line(SERVING, self.startup_timeout)
        self.url = found.group(1)

    def _collect(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_for_line(self, pattern: re.Pattern[str] | str, timeout: float = 30.0,
                      after: int = 0) -> re.Match[str]:
        """The first line (from index ``after``) matching ``pattern``; fails on timeout."""
        pattern = re.compile(pattern) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines[after:]:
                    found = pattern.search(line)
                    if found:
                        return found
                remaining = deadline - time.monotonic()
                exited = self.process is not None and self.process.poll() is not None
                if remaining <= 0 or (exited and not self._changed.wait(0.2)):
                    output = "\n".join(self.lines)
                    raise AssertionError(f"no line matching {pattern.pattern!r}:\n{output}")
                self._changed.wait(remaining)

    def stop(self, timeout: float = 10.0) -> int | None:
        """Ctrl-C, as a writer stops it; killed (with its workers) if it does not stop."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout)
        with contextlib.suppress(ProcessLookupError):  # its group: there should be nothing
            os.killpg(self.process.pid, signal.SIGKILL)
        return self.process.returncode


def launch_chromium(playwright: object):  # -> playwright.sync_api.Browser
    """Headless Debian Chromium through Playwright's sync API."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)  # type: ignore[attr-defined]


def wait_until_connected(page: object, timeout_ms: float = 10_000) -> None:
    """Until the page's live-reload script has its event stream open."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => window.__broadsheet && window.__broadsheet.connected", timeout=timeout_ms)
