"""How long ``hugo server`` takes to write a post that was just edited.

Hugo has no incremental command-line build; its answer to "rebuild after one edit" is the
watching server, which keeps the site in memory. To compare that fairly with incremental
builds, the server renders to disk (``--renderToDisk``) and re-renders everything that
depends on the change (``--disableFastRender``: fast render would wait for a browser to ask
for a page). The time is from the edit until the new text is in the post's output file.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from engines import Engine, edit_post

POLL_SECONDS = 0.01
READY = "Web Server is available"


def server_reaction(engine: Engine, post: Path, timeout: float) -> float | None:
    """Seconds from editing ``post`` to its page being rewritten (None: it never was)."""
    out = engine.out.parent / "hugo-server-out"
    log = engine.out.parent / "hugo-server.log"
    argv = ["hugo", "server", "--source", str(engine.site), "--destination", str(out),
            "--renderToDisk", "--disableFastRender", "--disableLiveReload",
            "--bind", "127.0.0.1", "--port", str(_free_port())]
    with log.open("w", encoding="utf-8") as sink:
        proc = subprocess.Popen(argv, cwd=engine.site.parent, env=engine.env, stdout=sink,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            if not _wait(lambda: READY in log.read_text(), timeout):
                return None
            page = _page_of(out, post)
            marker = edit_post(post, -1)
            start = time.perf_counter()
            if page is None or not _wait(lambda: marker in page.read_text(), timeout):
                return None
            return time.perf_counter() - start
        finally:
            if proc.poll() is None:  # still ours and still running: its group is ours too
                os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()


def _page_of(out: Path, post: Path) -> Path | None:
    """The output file of ``post``: Hugo's permalinks end in the file name, minus ``.md``."""
    matches = list(out.glob(f"*/*/*/{post.stem}/index.html"))
    return matches[0] if matches else None


def _wait(condition, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(POLL_SECONDS)
    return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
