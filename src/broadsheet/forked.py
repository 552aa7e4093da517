"""Work shared out to forked processes: what both parallel stages (reading, rendering) use.

A build forks its workers with ``os.fork`` itself. They inherit everything read so far
without pickling it, take numbered runs of work from a pipe (``Runs``), and send what
they have to say back through a file in memory (``Worker``). ``multiprocessing`` did the
same with a queue, a lock and shared counters, but importing it and its queues cost 10 ms
of every build, and its worker processes and feeder threads were slower to start and to
stop. Written by hand because no library shares out runs of work among forked copies of
a process this cheaply; each piece is a few system calls.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import signal
import struct
import sys
from collections.abc import Callable, Iterator
from typing import Any

_NOTE = struct.Struct("<QQ")  # where a worker wrote a message: its offset and size
_END = 2**64 - 1  # the offset that says the worker has sent its last message
RELEASE_BYTES = 8 << 20  # messages taken before the memory they were in is given back
# A run's number takes four bytes, and they are all written into the pipe before anything
# reads it: 1,024 fit the smallest pipe Linux makes (one page, when a user's pipes have
# used up their quota), so the write never waits for a reader that does not exist yet.
MOST_RUNS = 1024


def can_fork() -> bool:
    return hasattr(os, "fork")


class Runs:
    """The numbers of the runs of work not yet taken, in a pipe every process reads from.

    All of them are written before any worker is forked, and the pipe's writing end is
    closed, so a read of four bytes is one number, taken by one process, and an empty
    read means none are left: no lock or shared counter is needed."""

    def __init__(self, count: int):
        if count > MOST_RUNS:
            raise ValueError(f"{count} runs: at most {MOST_RUNS} fit any pipe")
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

    def stop(self) -> None:
        """Take every run left, so that no process starts another: an error ends the
        build."""
        while self.take() is not None:
            pass

    def close(self) -> None:
        os.close(self._reader)


class Sender:
    """A worker's end of its channel: each message is pickled into the file in memory,
    and where it was written is noted in the pipe. The file never fills up, and a note is
    16 bytes (the smallest pipe holds 256), so the worker does not wait on a parent busy
    rendering or importing, as it would writing the messages themselves into a pipe."""

    def __init__(self, file: int, notes: int):
        self._file = file
        self._notes = notes
        self._offset = 0

    def send(self, message: Any) -> None:
        import pickle  # here, not before the fork: 1 ms of a build's start

        blob = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        written = 0
        while written < len(blob):
            written += os.pwrite(self._file, memoryview(blob)[written:], self._offset + written)
        os.write(self._notes, _NOTE.pack(self._offset, len(blob)))
        self._offset += len(blob)

    def end(self) -> None:
        os.write(self._notes, _NOTE.pack(_END, 0))


class WorkerStopped(Exception):
    """A worker's channel closed before its last message: it died (``exit_code``)."""

    def __init__(self, exit_code: int):
        super().__init__(f"exit code {exit_code}")
        self.exit_code = exit_code


class Worker:
    """A forked process running ``main(sender)``, and this process's end of its channel.

    The worker leaves with ``os._exit`` once ``main`` returns, without running anything
    of the parent's a second time (buffered output, exit handlers). A bug in it is shown
    on standard error, and the parent learns of it as ``WorkerStopped`` (exit code 1)."""

    def __init__(self, main: Callable[[Sender], None]):
        self._file = _memory_file()
        self._notes, writer = os.pipe()
        sys.stdout.flush()  # what is buffered now would be written twice
        sys.stderr.flush()
        try:
            self.pid = os.fork()
            if self.pid == 0:
                _worker_main(main, Sender(self._file, writer))  # never returns
        finally:
            os.close(writer)
        self._pending = b""
        self._released = 0  # the file's memory before this offset has been given back
        self.ended = False
        self.exit_code: int | None = None

    def received(self, *, wait: bool = False) -> Iterator[Any]:
        """The messages sent so far; with ``wait``, every one until the worker ends.
        Raises WorkerStopped if it died first. The memory of the messages taken is given
        back every ``RELEASE_BYTES``: the parts of what 100,000 pages read come to
        hundreds of megabytes, which the file would otherwise hold until the end."""
        import pickle  # here, not before the fork: 1 ms of a build's start

        os.set_blocking(self._notes, wait)
        while not self.ended:
            try:
                data = os.read(self._notes, 1 << 16)
            except BlockingIOError:
                return
            if not data:  # the pipe closed without the last note: the worker died
                raise WorkerStopped(self.wait())
            data = self._pending + data
            whole = len(data) - len(data) % _NOTE.size
            self._pending = data[whole:]
            for offset, size in _NOTE.iter_unpack(data[:whole]):
                if offset == _END:
                    self.ended = True
                    return
                yield pickle.loads(os.pread(self._file, size, offset))  # noqa: S301 - ours
                if offset + size - self._released >= RELEASE_BYTES:
                    self._release(offset + size)

    def _release(self, taken: int) -> None:
        """Give back the memory of the file's whole pages before ``taken`` (a hole in a
        file in memory frees its pages; the worker writes on past it)."""
        end = taken - taken % mmap.ALLOCATIONGRANULARITY
        if end <= self._released or not hasattr(mmap, "MADV_REMOVE"):
            return
        try:
            with mmap.mmap(self._file, end - self._released, offset=self._released) as view:
                view.madvise(mmap.MADV_REMOVE)
        except OSError:  # a file system that cannot make holes: keep it whole
            self._released = 2**63
            return
        self._released = end

    def close(self) -> None:
        """Stop the worker if it has not ended, and reap it. (A worker never waited for is
        missing from the CPU time its parent's parent sees, which is how bench/run.py
        counts it.)"""
        os.close(self._notes)
        os.close(self._file)
        if not self.ended and self.exit_code is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        self.wait()

    def wait(self) -> int:
        """Reap the worker (once) and return its exit code."""
        if self.exit_code is None:
            _, status = os.waitpid(self.pid, 0)
            self.exit_code = os.waitstatus_to_exitcode(status)
        return self.exit_code


def _memory_file() -> int:
    """A file in memory, never on disk (Linux's memfd; a temporary file elsewhere)."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("broadsheet-worker", os.MFD_CLOEXEC)
    import tempfile

    handle, name = tempfile.mkstemp(prefix="broadsheet-worker-")
    os.unlink(name)
    return handle


def _worker_main(main: Callable[[Sender], None], sender: Sender) -> None:
    code = 1
    try:
        main(sender)
        sender.end()
        code = 0
    except KeyboardInterrupt:
        pass  # the parent was interrupted too, and says so
    except BaseException:  # noqa: BLE001 - a bug: show it; the parent names the worker
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
    finally:
        os._exit(code)
