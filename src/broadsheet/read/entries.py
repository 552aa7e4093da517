"""Which files of the source folder belong to the site: Jekyll's ``EntryFilter``.

Names that start with ``.``, ``_``, ``#`` or ``~`` and backups ending in ``~`` are left out
unless the config's ``include`` names them; ``exclude`` patterns are fnmatch globs or path
prefixes relative to the source. Symbolic links that point outside the source are never
followed, so a site cannot publish files from elsewhere on the machine.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from pathlib import Path

from ..config import DEFAULT_EXCLUDES, Config

_SPECIAL_LEADING = (".", "_", "#", "~")


class EntryFilter:
    """Decides, for a path relative to the source, whether the site reads it."""

    def __init__(self, config: Config):
        self.source = config.source
        self.includes = config.includes
        excludes = config.excludes or DEFAULT_EXCLUDES
        self.excludes = [item for item in excludes if item not in self.includes]
        destination = config.destination
        if destination.is_relative_to(self.source) and destination != self.source:
            self.excludes.append(destination.relative_to(self.source).as_posix())

    def _glob_hit(self, patterns: list[str], relative: str, is_dir: bool) -> bool:
        for pattern in patterns:
            clean = pattern.strip("/") if pattern not in ("/", "") else pattern
            if not clean:
                continue
            if fnmatch.fnmatchcase(relative, clean) or relative.startswith(clean):
                return True
            if is_dir and clean == relative:
                return True
        return False

    def included(self, relative: str) -> bool:
        name = relative.rsplit("/", 1)[-1]
        return self._glob_hit(self.includes, relative, False) or self._glob_hit(
            self.includes, name, False
        )

    def keeps(self, relative: str, is_dir: bool) -> bool:
        """True when the entry at ``relative`` (posix, no leading slash) is part of the site."""
        if relative.endswith("."):
            return False
        included = self.included(relative)
        if self._glob_hit(self.excludes, relative, is_dir) and not included:
            return False
        if included:
            return True
        name = relative.rsplit("/", 1)[-1]
        return not (name.startswith(_SPECIAL_LEADING) or name.endswith("~"))


def inside(root: Path, path: Path) -> bool:
    """True when ``path`` (after resolving links) lies within ``root``."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except OSError:
        return False


def walk_site(config: Config, entry_filter: EntryFilter) -> tuple[list[str], list[str]]:
    """The site's files and folders outside the special ``_`` folders, as posix paths
    relative to the source (folders as ``""`` for the source itself, then ``a``, ``a/b``),
    read in one walk: the files become pages and static files, and each folder is where
    a ``_posts`` folder may live."""
    source = config.source
    files: list[str] = []
    folders: list[str] = []
    for folder, dirnames, filenames in os.walk(source, followlinks=False):
        here = Path(folder)
        rel_dir = here.relative_to(source).as_posix()
        folders.append("" if rel_dir == "." else rel_dir)
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = sorted(
            d for d in dirnames
            if entry_filter.keeps(rel_dir + d, True) and _safe_link(source, here / d)
        )
        for name in sorted(filenames):
            relative = rel_dir + name
            if entry_filter.keeps(relative, False) and _safe_link(source, here / name):
                files.append(relative)
    return files, folders


def walk_folder(root: Path, base: Path, entry_filter: EntryFilter | None = None) -> Iterator[Path]:
    """Every file below ``root`` (a special folder such as ``_posts``), sorted, links fenced:
    a folder's files, then its subfolders in turn, as ``os.walk`` gives them. Linked
    folders are not entered; a linked file is kept only when it points inside ``base``.
    (``os.scandir`` knows which entries are links without another system call per file,
    which matters in a ``_posts`` of 10,000 files.)"""
    if root.is_dir():
        yield from _walk(str(root), root, base)


def _walk(folder: str, here: Path, base: Path) -> Iterator[Path]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return
    folders = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if is_folder:
            if not entry.is_symlink():
                folders.append(entry)
            continue
        if name.endswith("~"):
            continue
        path = here / name
        if not entry.is_symlink() or inside(base, path):
            yield path
    for entry in folders:
        yield from _walk(entry.path, here / entry.name, base)


def _safe_link(base: Path, path: Path) -> bool:
    return not path.is_symlink() or inside(base, path)
