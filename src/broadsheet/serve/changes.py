"""Which output files a rebuild changed, named as the URLs a browser asked for.

A page needs a reload only when its own HTML or something it loads has changed, and a
stylesheet can be swapped in place. To tell, the destination is fingerprinted after
every good build and compared with the last fingerprint. A build writes every page into
a new folder, so modification times alone say nothing for rendered pages; contents are
hashed. Files whose size and modification time are unchanged (static files keep their
source's mtime when copied) reuse the previous hash, so only rendered pages cost a read.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

STYLESHEET_SUFFIXES = (".css", ".css.map")


@dataclass(frozen=True)
class FileMark:
    """What a file looked like: enough to tell whether it changed since."""
    size: int
    mtime_ns: int
    digest: bytes


@dataclass
class Snapshot:
    """Each file of a built site (relative POSIX path) with its size, mtime and hash."""

    files: dict[str, FileMark] = field(default_factory=dict)

    @classmethod
    def take(cls, root: Path, previous: Snapshot | None = None) -> Snapshot:
        known = previous.files if previous else {}
        files: dict[str, FileMark] = {}
        for relative, stat in _walk(root):
            old = known.get(relative)
            if old and old.size == stat.st_size and old.mtime_ns == stat.st_mtime_ns:
                files[relative] = old
            else:
                digest = _digest(root / relative)
                files[relative] = FileMark(stat.st_size, stat.st_mtime_ns, digest)
        return cls(files)

    def updated(self, root: Path, touched: list[str]) -> Snapshot:
        """This snapshot with only ``touched`` looked at again: an incremental build says
        which files it wrote or removed, and walking 15,000 others costs more than the
        build of one story."""
        files = dict(self.files)
        for relative in touched:
            try:
                stat = (root / relative).stat()
            except FileNotFoundError:
                files.pop(relative, None)
                continue
            old = files.get(relative)
            if old and old.size == stat.st_size and old.mtime_ns == stat.st_mtime_ns:
                continue
            files[relative] = FileMark(stat.st_size, stat.st_mtime_ns, _digest(root / relative))
        return Snapshot(files)

    def changed_since(self, previous: Snapshot) -> list[str]:
        """Files added, removed or with new contents, sorted."""
        before, after = previous.files, self.files
        changed = set(before.keys() ^ after.keys())
        changed.update(name for name in before.keys() & after.keys()
                       if before[name].digest != after[name].digest)
        return sorted(changed)


def _walk(root: Path) -> Iterator[tuple[str, os.stat_result]]:
    stack = [""]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(root / folder if folder else root))
        except FileNotFoundError:
            continue
        for entry in entries:
            relative = f"{folder}/{entry.name}" if folder else entry.name
            if entry.is_dir(follow_symlinks=False):
                stack.append(relative)
            elif entry.is_file():
                yield relative, entry.stat()


def _digest(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "blake2b").digest()
    except OSError:
        return b""


def urls_for(files: list[str], baseurl: str) -> list[str]:
    """The URL paths (decoded) under which each file can be requested.

    ``news/index.html`` is also ``/news/``, and ``about.html`` is also ``/about``,
    because the server answers both; the page compares its own ``location`` with these.
    """
    urls: list[str] = []
    for name in files:
        url = f"{baseurl}/{name}"
        urls.append(url)
        if name == "index.html" or name.endswith("/index.html"):
            urls.append(url[: -len("index.html")])
        elif name.endswith(".html"):
            urls.append(url[: -len(".html")])
    return urls


def only_stylesheets(files: list[str]) -> bool:
    return bool(files) and all(name.endswith(STYLESHEET_SUFFIXES) for name in files)
