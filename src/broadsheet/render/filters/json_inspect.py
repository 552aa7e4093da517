"""``jsonify`` and ``inspect``: Ruby's ``to_json`` and ``inspect`` text, byte for byte.

Feeds and search indexes are built with ``jsonify``, so its spacing, escaping and number
format matter: Ruby's JSON is compact, leaves non-ASCII and ``/`` alone, writes floats as
``Float#to_s`` (``1.0e+20``) and times as ``Time#to_s`` strings. Documents arrive as
``Mapping`` drops and may point at each other (``next``/``previous``); like Jekyll's
``DocumentDrop#to_json``, nested neighbours are collapsed to their front matter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

from liquid.exceptions import FilterArgumentError

from ._ruby import as_ruby_time, float_to_s, inspect, is_nil, to_s
from .text import xml_escape

_NESTED_BLACKLIST = frozenset(("content", "output", "excerpt", "next", "previous"))
_MAX_NESTING = 100  # JSON.generate's max_nesting


# Ruby's generator escapes exactly what Python's does without ensure_ascii: the quote, the
# backslash and the control characters, as \n, \t... or \u001f; Python's does it in C.
json_string: Callable[[str], str] = encode_basestring


def _is_drop(value: object) -> bool:
    return isinstance(value, Mapping) and not isinstance(value, dict)


def _collapse(drop: Mapping[str, Any]) -> dict[str, Any]:
    return {key: drop[key] for key in drop if key not in _NESTED_BLACKLIST}


def _members(value: Mapping[Any, Any], depth: int) -> list[tuple[Any, Any]]:
    items = list(value.items())
    if _is_drop(value) and depth >= 2:  # DocumentDrop#hash_for_json: state.depth >= 2
        items = [
            (key, _collapse(item) if key in ("next", "previous") and _is_drop(item) else item)
            for key, item in items
        ]
    return items


def to_json(value: Any, depth: int = 0, indent: str | None = None) -> str:
    """``JSON.generate`` (or ``pretty_generate`` when ``indent`` is given)."""
    if type(value) is str:  # the commonest by far
        return json_string(value)
    if is_nil(value):
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            raise FilterArgumentError(f"{float_to_s(number)} not allowed in JSON", token=None)
        return float_to_s(number)
    if isinstance(value, str):
        return json_string(value)
    if isinstance(value, datetime):
        return json_string(str(as_ruby_time(value)))
    if isinstance(value, date):
        return json_string(value.isoformat())
    if depth >= _MAX_NESTING:  # this array or object would be the 101st level
        raise FilterArgumentError(f"nesting of {depth + 1} is too deep", token=None)
    newline = "" if indent is None else "\n" + indent * (depth + 1)
    closing = "" if indent is None else "\n" + indent * depth
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        parts = [to_json(item, depth + 1, indent) for item in value]
        return "[" + newline + ("," + newline).join(parts) + closing + "]"
    if isinstance(value, Mapping):
        members = _members(value, depth)
        if not members:
            return "{}"
        colon = ":" if indent is None else ": "
        parts = [json_string(to_s(key)) + colon + to_json(item, depth + 1, indent)
                 for key, item in members]
        return "{" + newline + ("," + newline).join(parts) + closing + "}"
    return json_string(to_s(value))


def pretty_json(value: Mapping[Any, Any]) -> str:
    """``JSON.pretty_generate``, which is how Jekyll's drops answer ``inspect``."""
    return to_json(value, 0, "  ")


def jsonify(value: object) -> str:
    return to_json(value)


def inspect_filter(value: object) -> str:
    """Jekyll's ``inspect``: Ruby's ``inspect``, XML-escaped."""
    return xml_escape(inspect(value))


def make_json_filters() -> dict[str, Any]:
    return {"jsonify": jsonify, "inspect": inspect_filter}
