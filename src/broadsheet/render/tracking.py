"""What a rendered output read: the facts behind incremental builds.

An incremental build is only correct if every output is re-rendered when anything it
showed changes, and it is only fast if nothing else is. Jekyll's ``--incremental`` guesses
from file dependencies and so misses ``site.posts`` and ``_data`` (its issues #4112,
#9772). We record instead, while rendering, every value a template actually reached:

* ``("d", doc, key)`` — a document's value, as ``page.title`` or ``post.excerpt``;
* ``("s", key)`` and ``("s", key, sub)`` — site values: ``site.posts``,
  ``site.categories.News``, ``site.data.authors``;
* ``("i", name, folder)`` — an include as it resolves; ``("l", name)`` — a layout;
* ``("r", doc)`` — a document itself (source, front matter, generated values);
* ``("g", id)`` — a group: the facts a cached include read, stored once and referenced
  by every page that shows the include (minima's header alone reads every page's path);
* ``("u",)`` — the URL index ``{% link %}`` and ``{% post_url %}`` use;
  ``("x",)`` — the Sass partials.

A fact is a tuple; its *fingerprint* is a short hash of the value it had. The incremental
planner (``cache/incremental.py``) recomputes the fingerprints that could have moved and
re-renders exactly the outputs that read a fact whose fingerprint changed.

Reads are recorded into scopes: one per output, and one per document's converted content
and excerpt, because a listing page that shows ``post.excerpt`` depends on whatever that
excerpt's own Liquid read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from typing import Any

try:  # the one hash the caches use: ``hashlib`` would first load OpenSSL for the others
    from _blake2 import blake2b  # (2 ms of every build's imports, in each process)
except ImportError:  # a Python without CPython's own module
    from hashlib import blake2b

Fact = tuple[str, ...]
SEPARATOR = "\x1f"
# What ``lookup`` returns for a key that is not there. A variable read that finds nothing
# is common (minima asks every page for a dozen site settings most sites leave out), and
# raising KeyError through two mappings to say so cost a tenth of a page's variable reads.
ABSENT: Any = object()


def encode(fact: Fact) -> str:
    return SEPARATOR.join(fact)


def decode(text: str) -> Fact:
    return tuple(text.split(SEPARATOR))


GROUP_SUBJECT = "#group"


def subject(fact: Fact) -> str:
    """The document a fact is about, "" for site-wide facts, or a mark for groups."""
    kind = fact[0]
    if kind in ("d", "r"):
        return fact[1]
    return GROUP_SUBJECT if kind == "g" else ""


class ReadLog:
    """A stack of open scopes; reads go to the innermost. Off (``current is None``) unless
    a build asked for tracking, so a plain clean build pays one attribute test per read."""

    __slots__ = ("current", "_stack")

    def __init__(self) -> None:
        self.current: set[Fact] | None = None
        self._stack: list[set[Fact] | None] = []

    def push(self) -> None:
        self._stack.append(self.current)
        self.current = set()

    def pop(self) -> set[Fact]:
        done = self.current
        self.current = self._stack.pop()
        return done if done is not None else set()

    def add(self, fact: Fact) -> None:
        if self.current is not None:
            self.current.add(fact)


class LookupMapping(Mapping[str, Any]):
    """A read-only mapping whose ``lookup(key)`` answers ``ABSENT`` for a missing key;
    ``self[key]`` and ``get`` are made from it."""

    __slots__ = ()

    def lookup(self, key: str) -> Any:
        raise NotImplementedError

    def __getitem__(self, key: str) -> Any:
        value = self.lookup(key)
        if value is ABSENT:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        value = self.lookup(key)
        return default if value is ABSENT else value


class TrackedMapping(LookupMapping):
    """``site`` (and its ``categories``, ``tags``, ``data``) as templates see it: a
    read-only mapping that notes which keys were read. Whole-mapping use (iteration,
    ``size``, ``jsonify``) is noted as ``*``."""

    __slots__ = ("_data", "_log", "_prefix", "_nested", "_children")

    def __init__(self, data: dict[str, Any], log: ReadLog, prefix: tuple[str, ...],
                 nested: frozenset[str] = frozenset()):
        self._data = data
        self._log = log
        self._prefix = prefix
        self._nested = nested
        self._children: dict[str, TrackedMapping] = {}

    def lookup(self, key: str) -> Any:
        """``self[key]``, or ``ABSENT`` instead of raising KeyError."""
        value = self._data.get(key, ABSENT)
        if value is ABSENT:
            # a read that found nothing is a read too: when ``_data/extra.yml`` appears,
            # the pages that asked for ``site.data.extra`` must be rendered again
            if self._log.current is not None and isinstance(key, str):
                self._log.current.add((*self._prefix, key))
            return ABSENT
        if key in self._nested and isinstance(value, dict):
            # the nested mapping notes its own reads, key by key
            child = self._children.get(key)
            if child is None:
                child = self._children[key] = TrackedMapping(value, self._log,
                                                             (*self._prefix, key))
            return child
        if self._log.current is not None and isinstance(key, str):
            self._log.current.add((*self._prefix, key))
        return value

    def __contains__(self, key: object) -> bool:
        if self._log.current is not None and isinstance(key, str):
            self._log.current.add((*self._prefix, key))
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        self._log.add((*self._prefix, "*"))
        return iter(self._data)

    def __len__(self) -> int:
        self._log.add((*self._prefix, "*"))
        return len(self._data)

    def raw(self) -> dict[str, Any]:
        return self._data

    def __repr__(self) -> str:
        return f"<site {'.'.join(self._prefix[1:]) or 'payload'}>"


# -- fingerprints ------------------------------------------------------------------------
def fingerprint(value: Any) -> str:
    """A digest of ``value``'s parts, joined by a separator. The parts are hashed as they
    come, a few thousand at a time: ``site.posts`` at 100,000 posts is 100,000 parts,
    and joining them all at once held 45 MB a moment, which the process kept."""
    parts = _Parts()
    _flatten(value, parts, 0)
    return parts.digest()


class _Parts(list):
    """The parts of a fingerprint, and the digest of those already hashed: long lists
    hand what they have gathered to ``hash_held`` as they go."""

    __slots__ = ("hash", "_started")
    MOST = 4096

    def __init__(self) -> None:
        super().__init__()
        self.hash = blake2b(digest_size=12)
        self._started = False

    def hash_held(self) -> None:
        if self._started:
            self.hash.update(b"\x1e")
        self.hash.update("\x1e".join(self).encode("utf-8", "surrogatepass"))
        self._started = True
        self.clear()

    def digest(self) -> str:
        if self or not self._started:
            self.hash_held()
        return self.hash.hexdigest()


def text_fingerprint(text: str) -> str:
    return bytes_fingerprint(text.encode("utf-8", "surrogatepass"))


def bytes_fingerprint(data: bytes) -> str:
    return blake2b(data, digest_size=12).hexdigest()


_PLAIN = frozenset((int, float, bool, type(None)))
_KINDS: dict[type, str] = {}


def _kinds() -> dict[type, str]:
    """Documents and drops by type, looked up once (importing them here would be a cycle)."""
    if not _KINDS:
        from ..read.documents import Document
        from .drops import DocumentDrop

        _KINDS.update({Document: "doc", DocumentDrop: "drop"})
    return _KINDS


def _flatten(value: Any, parts: _Parts, depth: int) -> None:  # noqa: PLR0912
    kind = type(value)
    if kind is str:
        parts.append("s" + value)
        return
    if kind in _PLAIN:
        parts.append(repr(value))
        return
    special = (_KINDS or _kinds()).get(kind)
    if special == "drop":
        parts.append("D" + value.key)
    elif special == "doc":
        parts.append("D" + doc_key(value))
    elif depth > 40:
        parts.append("…")
    elif kind is list or kind is tuple:
        parts.append("[")
        kinds = _KINDS
        for item in value:  # lists of posts are long: their items are spelled out here
            item_kind = type(item)
            if item_kind is str:
                parts.append("s" + item)
            elif kinds.get(item_kind) == "doc":
                parts.append("D" + item.relative_path + "#" + item.url)
            else:
                _flatten(item, parts, depth + 1)
            if len(parts) >= _Parts.MOST:
                parts.hash_held()
        parts.append("]")
    elif isinstance(value, TrackedMapping):
        _flatten(value.raw(), parts, depth + 1)
    elif isinstance(value, (datetime, date)):
        parts.append("t" + value.isoformat())
    elif isinstance(value, Mapping):
        parts.append("{")
        for key, item in value.items():
            parts.append("k" + str(key))
            _flatten(item, parts, depth + 1)
        parts.append("}")
    elif isinstance(value, (list, tuple)):
        _flatten(list(value), parts, depth)
    elif is_dataclass(value) and not isinstance(value, type):
        parts.append("(" + kind.__name__)
        for item in fields(value):
            _flatten(getattr(value, item.name), parts, depth + 1)
        parts.append(")")
    elif isinstance(value, str):
        parts.append("s" + str(value))
    else:
        parts.append(kind.__name__ + repr(value))


def doc_key(doc: Any) -> str:
    """A document's identity across builds: its source path and URL (pagination copies of
    ``index.html`` share the source but not the URL)."""
    return f"{doc.relative_path}#{doc.url}"
