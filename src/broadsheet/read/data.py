"""``_data``: YAML, JSON, CSV and TSV files into ``site.data``, nested by folder.

Keys are the file names without extension, cleaned as Jekyll's ``sanitize_filename`` does.
Links that lead outside the site are not followed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import ContentError
from .entries import inside
from .frontmatter import parse_yaml, read_text

_DATA_EXTS = (".yaml", ".yml", ".json", ".csv", ".tsv")


def sanitize_filename(name: str) -> str:
    cleaned = re.sub(r"[^\w\s-]+", "", name).strip()
    return re.sub(r"\s+", "_", cleaned)


def read_data_folder(folder: Path, base: Path, config: Config) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if not folder.is_dir():
        return data
    entries = sorted(folder.iterdir(), key=lambda p: p.name)
    # Jekyll globs "*.{yaml,yml,json,csv,tsv}": each extension's files together, in that order
    files = sorted(
        (p for p in entries if p.is_file() and p.suffix.lower() in _DATA_EXTS),
        key=lambda p: (_DATA_EXTS.index(p.suffix.lower()), p.name),
    )
    dirs = [p for p in entries if p.is_dir() and not p.name.startswith(".")]
    for path in files:
        if not inside(base, path):
            continue
        data[sanitize_filename(path.stem)] = read_data_file(path, base, config)
    for path in dirs:
        if inside(base, path):
            data[sanitize_filename(path.name)] = read_data_folder(path, base, config)
    return data


def read_data_file(path: Path, base: Path, config: Config) -> Any:
    display = path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)
    text = read_text(path, display)
    suffix = path.suffix.lower()
    if suffix == ".json":
        import json  # only for sites with JSON data, and after the posts' readers fork

        try:
            return json.loads(text)
        except json.JSONDecodeError as err:
            raise ContentError(f"invalid JSON: {err.msg}", display, err.lineno) from err
    if suffix in (".csv", ".tsv"):
        key = "csv_reader" if suffix == ".csv" else "tsv_reader"
        options = config.get(key) or {}
        delimiter = "\t" if suffix == ".tsv" else ","
        rows = csv_rows(text, delimiter)
        if options.get("headers", True) is False:
            return list(rows)
        table = list(rows)
        if not table:
            return []
        header = table[0]
        return [
            {name: (row[i] if i < len(row) else None) for i, name in enumerate(header)}
            for row in table[1:]
        ]
    return _yaml_document(text, display)


def csv_rows(text: str, delimiter: str = ",") -> list[list[str | None]]:
    """Rows as Ruby's ``CSV`` reads them: an empty *unquoted* field is ``nil``, ``""`` is "".

    Python's ``csv`` module gives ``""`` for both, which shows in ``jsonify`` and in
    ``where``/``sort`` over the rows; hence this small reader of RFC 4180 text."""
    rows: list[list[str | None]] = []
    row: list[str | None] = []
    field: list[str] = []
    quoted = in_quotes = False
    at_row_start = True
    index, size = 0, len(text)

    def end_field() -> None:
        nonlocal quoted
        row.append("".join(field) if field or quoted else None)
        field.clear()
        quoted = False

    while index < size:
        char = text[index]
        if in_quotes:
            if char == '"' and text[index + 1:index + 2] == '"':
                field.append('"')
                index += 1
            elif char == '"':
                in_quotes = False
            else:
                field.append(char)
        elif char == '"' and not field:
            in_quotes = quoted = True
        elif char == delimiter:
            end_field()
        elif char in "\r\n":
            if char == "\r" and text[index + 1:index + 2] == "\n":
                index += 1
            if at_row_start:
                rows.append([])
            else:
                end_field()
                rows.append(row)
                row = []
            at_row_start = True
            index += 1
            continue
        else:
            field.append(char)
        at_row_start = False
        index += 1
    if not at_row_start:
        end_field()
        rows.append(row)
    return rows


def _yaml_document(text: str, display: str) -> Any:
    import yaml

    from ..config import YamlLoader

    try:
        return yaml.load(text, Loader=YamlLoader)
    except yaml.YAMLError:
        return parse_yaml(text, display)  # raises with the line
