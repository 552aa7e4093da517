"""Split a file into YAML front matter and body, as Jekyll does, with useful errors.

Jekyll's rule: a file has front matter only if it starts with a ``---`` line; the block
ends at the next ``---`` or ``...`` line. PyYAML's C loader follows YAML 1.1 like Ruby's
Psych (``yes``/``on`` are booleans, unquoted timestamps are times).
"""

from __future__ import annotations

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


def read_text(path: Path, display: str) -> str:
    """A file's text as UTF-8 (a BOM is dropped), or a ContentError naming it."""
    try:
        raw = path.read_bytes()
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
