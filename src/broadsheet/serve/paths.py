"""Map a request path to a file of the built site, and refuse anything outside it.

The dev server is often bound to a LAN address so a phone can see the site; it must
then never hand out a file beyond the destination folder. Three things could lead
there: ``..`` segments (also percent-encoded, which browsers do not normalise away),
symbolic links that point out of the folder, and NUL bytes. Every candidate path is
resolved with ``realpath`` and checked against the resolved destination, so a symlink
anywhere on the way is followed before the check, never after.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import unquote, urlsplit


class Outcome(Enum):
    FILE = "file"  # serve ``path``
    REDIRECT = "redirect"  # send the browser to ``location``
    NOT_FOUND = "not found"  # serve the site's 404 page
    FORBIDDEN = "forbidden"  # a path that tries to leave the destination


@dataclass(frozen=True)
class Resolution:
    """What a request's path comes to: a file, a redirect, or nothing."""
    outcome: Outcome
    path: Path | None = None
    location: str | None = None


def normalise_baseurl(baseurl: str | None) -> str:
    """``"/news/"``, ``"news"`` and ``"/news"`` all serve under ``/news``; ``""`` at the root."""
    stripped = (baseurl or "").strip().strip("/")
    return f"/{stripped}" if stripped else ""


def resolve(root: Path, baseurl: str, target: str) -> Resolution:
    """Where the request ``target`` (path and query, as sent) points inside ``root``.

    Folders are served by their ``index.html`` and, as Jekyll's server does, ``/about``
    finds ``about.html``. A folder asked for without its trailing slash is redirected, so
    relative links on its index page resolve the way they will in production.
    """
    raw_path = urlsplit(target).path or "/"
    try:
        path = unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        return Resolution(Outcome.NOT_FOUND)
    if "\0" in path or _climbs(path):
        return Resolution(Outcome.FORBIDDEN)
    if baseurl:
        if path in ("/", baseurl):
            return Resolution(Outcome.REDIRECT, location=baseurl + "/")
        if not path.startswith(baseurl + "/"):
            return Resolution(Outcome.NOT_FOUND)
        path = path[len(baseurl):]
    return _find(root, path, raw_path)


def _climbs(path: str) -> bool:
    return any(part == ".." for part in path.replace("\\", "/").split("/"))


def _find(root: Path, path: str, raw_path: str) -> Resolution:
    real_root = os.path.realpath(root)
    relative = path.lstrip("/")
    candidate = os.path.realpath(os.path.join(real_root, relative))
    if not _inside(candidate, real_root):
        return Resolution(Outcome.FORBIDDEN)
    if os.path.isdir(candidate):
        if not path.endswith("/"):
            return Resolution(Outcome.REDIRECT, location=raw_path + "/")
        return _existing(os.path.join(candidate, "index.html"), real_root)
    if os.path.isfile(candidate):
        return Resolution(Outcome.FILE, Path(candidate))
    if not path.endswith("/"):
        return _existing(candidate + ".html", real_root)
    return Resolution(Outcome.NOT_FOUND)


def _existing(candidate: str, real_root: str) -> Resolution:
    real = os.path.realpath(candidate)
    if not _inside(real, real_root):
        return Resolution(Outcome.FORBIDDEN)
    if os.path.isfile(real):
        return Resolution(Outcome.FILE, Path(real))
    return Resolution(Outcome.NOT_FOUND)


def _inside(candidate: str, real_root: str) -> bool:
    return candidate == real_root or candidate.startswith(real_root.rstrip("/") + "/")
