"""Split a file into YAML front matter and body, as Jekyll does, with useful errors.

Jekyll's rule: a file has front matter only if it starts with a ``---`` line; the block
ends at the next ``---`` or ``...`` line. PyYAML's C loader follows YAML 1.1 like Ruby's
Psych (``yes``/``on`` are booleans, unquoted timestamps are times). Front matter made only
of one-line ``key: value`` entries, the shape nearly every post has, is split into lines
here and each scalar handed to PyYAML's own resolver and constructor: no library reads
YAML faster with PyYAML's exact types, and its loader built every node in Python.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..config import YamlLoader
from ..errors import ContentError, FrontMatterError

_HEADER_BYTES = re.compile(rb"\A---\s*\r?\n")
_HEADER = re.compile(r"\A---\s*\r?\n")
_FRONT_MATTER = re.compile(r"\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A source file's front matter (``None`` when it has none) and body."""

    data: dict[str, Any] | None
    body: str
    body_line: int  # 1-based line of the file where the body starts


def has_front_matter(path: Path) -> bool:
    """Jekyll's ``Utils.has_yaml_header?``: the first line is ``---`` (and blanks)."""
    try:
        with path.open("rb") as handle:
            first_line = handle.readline(256)
    except OSError:
        return False
    return _HEADER_BYTES.match(first_line) is not None


_READ = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)


def read_bytes(path: Path | str) -> bytes:
    """``path.read_bytes()`` without the buffered file object pathlib opens around it:
    half the time, for every post of a site."""
    fd = os.open(path, _READ)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_text(path: Path, display: str) -> str:
    """A file's text as UTF-8 (a BOM is dropped), or a ContentError naming it."""
    try:
        raw = read_bytes(path)
    except OSError as err:
        raise ContentError(f"cannot read file: {err.strerror}", display) from err
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ContentError("file is not valid UTF-8 text", display, line) from err
    return text.replace("\r\n", "\n") if "\r\n" in text else text


def split(text: str, display: str) -> SourceText:
    """Parse the front matter of ``text``; ``display`` names the file in errors."""
    match = _FRONT_MATTER.match(text) if _HEADER.match(text) else None
    if match is None:
        return SourceText(None, text, 1)
    header = match.group(1)
    body = text[match.end():]
    body_line = text.count("\n", 0, match.end()) + 1
    return SourceText(parse_yaml(header, display), body, body_line)


def parse_yaml(header: str, display: str, first_line: int = 1) -> dict[str, Any]:
    simple = _simple_front_matter(header)
    if simple is not None:
        return simple
    try:
        data = yaml.load(header, Loader=YamlLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = first_line + mark.line if mark is not None else None
        problem = getattr(err, "problem", None) or "invalid YAML"
        raise FrontMatterError(f"invalid YAML front matter: {problem}", display, line) from err
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter must be a mapping of keys to values", display, 2)
    return {str(key): value for key, value in data.items()}


# -- the common shape, without PyYAML's event machinery ----------------------------------
# A news site's front matter is a dozen ``key: value`` lines: quoted titles, plain words,
# a timestamp, a flow list of categories. PyYAML's C loader parses them quickly but builds
# every node and value in Python, which made YAML half of reading 10,000 posts. Lines of
# exactly these shapes are read here instead; each scalar still goes through PyYAML's own
# resolver (YAML 1.1: ``yes`` is true, ``2025-08-22`` a date) and its constructor, so the
# values are the ones the loader makes. Anything else (comments, nesting, block scalars,
# escapes, anchors, indentation) returns None and takes the full loader.
_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_PLAIN = r"[A-Za-z0-9_./(][A-Za-z0-9 _./()+-]*?(?::[A-Za-z0-9_./()+-][A-Za-z0-9 _./()+-]*?)*"
_QUOTED = r'"[^"\\]*"'
_WORD = r"[A-Za-z0-9_][A-Za-z0-9 _.-]*"  # a plain item of a flow list
_LINE = re.compile(
    rf"({_KEY}):(?:[ ]+(?:({_QUOTED})|'([^']*)'|(\[\])"
    rf"|\[((?:{_QUOTED}|{_WORD})(?:, (?:{_QUOTED}|{_WORD}))*)\]|({_PLAIN})))?"
)
_LIST_ITEM = re.compile(rf"({_QUOTED})|{_WORD}")
_NOT_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"


# Plain scalars YAML has been found to read as text: every post repeats the same dozen
# keys, and most of its layout, category and tag names.
_TEXT: set[str] = set()


def _tag(text: str) -> str:
    """The tag YAML gives ``text`` as a plain scalar: str, int, bool, null, timestamp..."""
    if text in _TEXT:
        return _STR
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    if tag == _STR and len(_TEXT) < 4096:
        _TEXT.add(text)
    return tag


def _plain_scalar(text: str) -> Any:
    tag = _tag(text)
    if tag == _STR:
        return text
    node = yaml.ScalarNode(tag, text)
    return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)


def _simple_front_matter(header: str) -> dict[str, Any] | None:
    """The front matter as PyYAML's loader reads it, when every line has a simple shape."""
    lines = header.split("\n")
    if lines[0].rstrip(" ") != "---" or _NOT_PRINTABLE.search(header) or "\ufeff" in header:
        return None
    data: dict[str, Any] = {}
    for line in lines[1:]:
        if not line:
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        key, quoted, single, empty, items, plain = match.groups()
        if _tag(key) != _STR:
            return None  # a key that YAML reads as a number, a boolean or null
        if quoted is not None:
            data[key] = quoted[1:-1]
        elif single is not None:
            data[key] = single
        elif empty is not None:
            data[key] = []
        elif items is not None:
            values = []
            for item in items.split(", "):
                part = _LIST_ITEM.fullmatch(item)
                if part is None or item[-1] == " ":  # YAML would drop the trailing space
                    return None
                values.append(part.group(1)[1:-1] if part.group(1) else _plain_scalar(item))
            data[key] = values
        elif plain is not None:
            if plain[-1] == " ":  # YAML would drop the trailing space
                return None
            data[key] = _plain_scalar(plain)
        else:
            data[key] = None  # ``key:`` and nothing after it
    return data
