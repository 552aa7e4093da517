"""Run one build command and measure it: wall time, peak memory, and whether it timed out.

A benchmark is only fair if every engine is measured the same way, so every build goes
through :func:`measure`: a fresh child process in its own session (so a timeout can end the
whole tree it started, and nothing else), its exit status and resource usage collected with
``os.wait4``.

CPU time (user + system, of the whole tree) is kept beside wall time: on a shared machine
other people's work stretches wall time but hardly changes the CPU time a build needs.

Memory is reported twice because the engines differ in shape. ``wait4``'s ``ru_maxrss`` is
the peak of the *largest single process* of the tree — a fair figure for Jekyll and Hugo
(one process) but not for Broadsheet, which forks render workers. So a sampler also sums the
proportional set size (PSS: shared copy-on-write pages divided among their sharers) of
every process in the tree a few times a second, and keeps the peak of that sum. Sampling
is not free: each sample reads every process's ``stat`` and walks the build's page tables
(``smaps_rollup``) on one of the two cores the build is using, which made a 0.27 s build
5-10 ms slower. So ``bench/run.py`` samples the first of repeated runs and times the rest.

Before each build the disk is synced. Without it, a build's time included flushing what
the runs before it wrote and deleted: Hugo's five clean builds of 1,000 posts, run one after
another, took 0.8, 1.1, 1.3, 1.4 and 1.6 s.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.1


@dataclass(frozen=True)
class Run:
    """What one build did: its wall time and memory, or how it failed."""

    seconds: float
    cpu_seconds: float  # user + system time of the whole tree (wait4 counts reaped children)
    max_rss_mb: float  # the largest single process (wait4's ru_maxrss)
    tree_pss_mb: float  # the sampled peak of the whole tree's summed PSS
    returncode: int | None  # None when it was stopped at the timeout
    log: Path

    @property
    def timed_out(self) -> bool:
        return self.returncode is None

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def tail(self, lines: int = 20) -> str:
        """The end of the build's output, for an error message."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def measure(
    argv: Sequence[str], *, cwd: Path, env: dict[str, str], timeout: float, log: Path,
    sample_memory: bool = True,
) -> Run:
    """Run ``argv`` to completion (or ``timeout`` seconds) and measure it; without
    ``sample_memory``, its time alone (``tree_pss_mb`` is 0)."""
    os.sync()  # the last run's writes and deletions are not flushed on this one's time
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
        sampler = _TreeSampler(proc.pid)
        if sample_memory:
            sampler.start()
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            _stop_group(proc.pid)

        timer = threading.Timer(timeout, expire)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        timer.cancel()
        timed_out = expired.is_set()
        proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
        if sample_memory:
            sampler.stop()
    return Run(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,
        tree_pss_mb=sampler.peak_kb / 1024,
        returncode=None if timed_out else proc.returncode,
        log=log,
    )


def _stop_group(pid: int) -> None:
    """End the process group this module started: called only before the leader is reaped,
    so the group id still names our build and nothing else."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


class _TreeSampler(threading.Thread):
    """Poll the process tree under ``root`` and keep the peak of its summed PSS."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(SAMPLE_SECONDS):
            total = sum(_pss_kb(pid) for pid in _tree(self.root))
            self.peak_kb = max(self.peak_kb, total)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    """The pids of ``root`` and all its descendants, from each process's ``stat`` line."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _pss_kb(pid: int) -> int:
    """One process's proportional set size in KiB (0 once it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0
