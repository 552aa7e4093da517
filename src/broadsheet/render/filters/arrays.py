"""Array filters: Jekyll's (``where``, ``sort``, ``push``...) and Liquid's with Ruby's rules.

Jekyll's ``where``/``find``/``sort`` read properties through ``to_liquid`` (so dotted
paths like ``"author.name"`` work), turn number-like text into numbers, compare with
``to_s`` and order with Ruby's ``<=>``; Liquid's array filters flatten nested arrays and
treat a hash as one item. Documents are ``Mapping`` drops, never assumed to be dicts.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import cmp_to_key
from typing import Any

from liquid.exceptions import FilterArgumentError

from ._ruby import (
    as_ruby_time,
    eql_key,
    input_iterator,
    is_array,
    is_drop,
    is_hash,
    is_method_literal,
    is_nil,
    join,
    liquid_to_integer,
    ruby_array,
    spaceship,
    str_to_i,
    to_s,
)

_INTEGER_LIKE = re.compile(r"[ \t\n\v\f\r]*-?[0-9]+[ \t\n\v\f\r]*")
_FLOAT_LIKE = re.compile(r"[ \t\n\v\f\r]*-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[ \t\n\v\f\r]*")


def _lookup(data: object, key: str) -> Any:
    """``data[key]`` for what a template can hold; ``None`` where Ruby would find nothing."""
    if is_hash(data):
        return data.get(key)  # type: ignore[union-attr]
    if isinstance(data, str):
        return key if key in data else None
    return None


def read_attribute(item: object, prop: str) -> Any:
    """Jekyll's ``read_liquid_attribute``: dotted paths walk nested hashes and drops."""
    if "." not in prop:
        return _lookup(item, prop)
    data: Any = item
    for key in prop.split("."):
        if not (is_hash(data) or isinstance(data, str)):
            return False
        data = _lookup(data, key)
    return data


def sort_value(value: Any) -> Any:
    """``parse_sort_input``: number-like values become numbers."""
    if value is None or type(value) is int or isinstance(value, (date, bool)):
        return value  # its text is never number-like, or it is the number already
    text = to_s(value)
    if _INTEGER_LIKE.fullmatch(text):
        return str_to_i(text)
    if _FLOAT_LIKE.fullmatch(text):
        return float(text.strip(" \t\n\v\f\r").rstrip("."))
    return value


def item_property(item: object, prop: object) -> Any:
    return sort_value(read_attribute(item, to_s(prop)))


def _values(value: Any) -> list[Any]:
    return list(value.values()) if is_hash(value) else list(value)


def _selectable(value: object) -> bool:
    return is_array(value) or is_hash(value)


def matches(prop: Any, target: Any) -> bool:
    """Jekyll's ``compare_property_vs_target``."""
    if is_nil(target):
        return prop is None
    if is_method_literal(target):
        return prop == "" or join(ruby_array(prop)) == ""
    text = to_s(target)
    if isinstance(prop, str):
        return prop == text
    return any(to_s(each) == text for each in ruby_array(prop))


def where(value: Any, prop: object = None, target: object = None) -> Any:
    if is_nil(prop) or is_array(target) or is_hash(target) or not _selectable(value):
        return value
    return [item for item in _values(value) if matches(item_property(item, prop), target)]


def find(value: Any, prop: object = None, target: object = None) -> Any:
    if is_nil(prop) or is_array(target) or is_hash(target) or not _selectable(value):
        return value
    for item in _values(value):
        if matches(item_property(item, prop), target):
            return item
    return None


def _compare(left: Any, right: Any) -> int:
    order = spaceship(left, right)
    if order is None:
        raise FilterArgumentError(
            f"comparison of {type(left).__name__} with {type(right).__name__} failed", token=None
        )
    return order


def sort(value: Any, prop: object = None, nils: object = "first") -> Any:
    """Jekyll's ``sort``: plain Ruby sort, or by property with nils first or last."""
    if is_nil(value):
        raise FilterArgumentError("Cannot sort a null object.", token=None)
    if is_nil(prop):
        items = ruby_array(value) if is_hash(value) else value
        if not is_array(items):
            raise FilterArgumentError(f"undefined method 'sort' for {to_s(value)}", token=None)
        return sorted(items, key=cmp_to_key(_compare))
    if nils == "first":
        order = -1
    elif nils == "last":
        order = 1
    else:
        raise FilterArgumentError(
            f"Invalid nils order: '{to_s(nils)}' is not a valid nils order. "
            "It must be 'first' or 'last'.",
            token=None,
        )
    pairs = [(item_property(item, prop), item) for item in _values(value)]
    by_key = _sorted_by_key(pairs, order)
    return by_key if by_key is not None else _sorted_by_comparison(pairs, order)


def _sorted_by_comparison(pairs: list[tuple[Any, Any]], nils: int) -> list[Any]:
    """Jekyll's ``sort_input``: nils first or last, then ``<=>``, then the values' text."""
    def by_property(left: tuple[Any, Any], right: tuple[Any, Any]) -> int:
        a, b = left[0], right[0]
        if a is not None and b is None:
            return -nils
        if a is None and b is not None:
            return nils
        result = spaceship(a, b)
        if result is None:
            text_a, text_b = to_s(a).encode(), to_s(b).encode()
            result = (text_a > text_b) - (text_a < text_b)
        return result

    return [item for _, item in sorted(pairs, key=cmp_to_key(by_property))]


# Kinds whose own order is Ruby's ``<=>``: text by code point (the order of its UTF-8
# bytes), numbers by value, dates by day. Times are ordered by the instant they name, a
# time without an offset being UTC (``as_ruby_time``).
_SELF_ORDERED = frozenset((str, int, float, date))


def _sorted_by_key(pairs: list[tuple[Any, Any]], nils: int) -> list[Any] | None:
    """``sort`` by property when every value is nil or of one kind with a plain order:
    a key sort, instead of ``<=>`` called from Python for each comparison (the feed sorts
    every post by date). Both sorts are stable, so the order is the same. ``None`` when
    the values are mixed and only the full comparison will do."""
    kinds = {type(value) for value, _ in pairs if value is not None}
    if len(kinds) > 1 and kinds <= {int, float}:
        kinds = {float}
    if len(kinds) != 1:
        return None if kinds else [item for _, item in pairs]
    kind = kinds.pop()
    if kind is float and any(value != value for value, _ in pairs if value is not None):
        return None  # NaN has no order
    if kind in _SELF_ORDERED:
        present = [(value, item) for value, item in pairs if value is not None]
    elif issubclass(kind, datetime):
        present = [(as_ruby_time(value), item) for value, item in pairs if value is not None]
    else:
        return None
    present.sort(key=_first)
    nil_items = [item for value, item in pairs if value is None]
    ordered = [item for _, item in present]
    return nil_items + ordered if nils < 0 else ordered + nil_items


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def sample(value: Any, count: object = 1) -> Any:
    if not is_array(value):
        return value
    try:
        number = liquid_to_integer(count)
    except FilterArgumentError:
        number = 1
    if number == 1:
        return random.choice(value) if value else None
    return random.sample(list(value), min(max(number, 0), len(value)))


def push(value: Any, item: object = None) -> Any:
    return [*value, item] if is_array(value) else value


def unshift(value: Any, item: object = None) -> Any:
    return [item, *value] if is_array(value) else value


def _count(count: object) -> int:
    number = liquid_to_integer(count)
    if number < 0:
        raise FilterArgumentError("negative array size", token=None)
    return number


def pop(value: Any, count: object = 1) -> Any:
    if not is_array(value):
        return value
    number = _count(count)
    return list(value[: len(value) - number]) if number else list(value)


def shift(value: Any, count: object = 1) -> Any:
    if not is_array(value):
        return value
    return list(value[_count(count):])


def array_to_sentence_string(value: Any, connector: object = "and") -> str:
    items = list(value) if is_array(value) else ([] if is_nil(value) else [value])
    word = to_s(connector)
    if not items:
        return ""
    if len(items) == 1:
        return to_s(items[0])
    if len(items) == 2:
        return f"{to_s(items[0])} {word} {to_s(items[1])}"
    return f"{join(items[:-1], ', ')}, {word} {to_s(items[-1])}"


def to_integer(value: object) -> int:
    if value is True:
        return 1
    if value is False:
        return 0
    if is_nil(value):
        return 0
    if isinstance(value, (int, float)):
        return int(value)
    return str_to_i(to_s(value))


# --- Liquid's array filters with Ruby's behaviour -------------------------------------------


def size(value: object) -> int:
    if isinstance(value, bool) or is_nil(value) or is_drop(value):  # drops have no size
        return 0
    if isinstance(value, int):
        return 8
    if isinstance(value, (str, list, tuple, Mapping)):
        return len(value)
    return 0


def first(value: object) -> Any:
    if is_array(value):
        return value[0] if value else None  # type: ignore[index]
    if is_hash(value):
        for key, item in value.items():  # type: ignore[union-attr]
            return [key, item]
    return None


def last(value: object) -> Any:
    return value[-1] if is_array(value) and value else None  # type: ignore[index]


def join_filter(value: object, glue: object = " ") -> str:
    return join(input_iterator(value), to_s(glue))


def map_(value: object, prop: object = None) -> list[Any]:
    key = to_s(prop)
    out: list[Any] = []
    for item in input_iterator(value):
        if key == "to_liquid":
            out.append(item)
        elif is_hash(item):
            out.append(item.get(key))  # type: ignore[union-attr]
        elif isinstance(item, str):
            out.append(key if key in item else None)
        elif is_nil(item) or isinstance(item, (int, float, bool)):
            out.append(None)
        else:
            raise FilterArgumentError(f"cannot select the property '{key}'", token=None)
    return out


def compact(value: object, prop: object = None) -> list[Any]:
    items = input_iterator(value)
    if is_nil(prop):
        return [item for item in items if not is_nil(item)]
    key = to_s(prop)
    return [item for item in items if _lookup(item, key) is not None]


def uniq(value: object, prop: object = None) -> list[Any]:
    items = input_iterator(value)
    key = None if is_nil(prop) else to_s(prop)
    seen: set[object] = set()
    out = []
    for item in items:
        marker = eql_key(item if key is None else _lookup(item, key))
        if marker not in seen:
            seen.add(marker)
            out.append(item)
    return out


def reverse(value: object) -> list[Any]:
    return input_iterator(value)[::-1]


def concat(value: object, other: object = None) -> list[Any]:
    if not is_array(other):
        raise FilterArgumentError("concat filter requires an array argument", token=None)
    return [*input_iterator(value), *other]  # type: ignore[misc]


def default(value: object, fallback: object = "", *, allow_false: object = False) -> Any:
    missing = is_nil(value) if allow_false is True else is_nil(value) or value is False
    if missing or (isinstance(value, (str, list, tuple, Mapping)) and len(value) == 0):
        return fallback
    return value


def make_array_filters() -> dict[str, Callable[..., Any]]:
    return {
        "where": where,
        "find": find,
        "sort": sort,
        "sample": sample,
        "push": push,
        "pop": pop,
        "shift": shift,
        "unshift": unshift,
        "array_to_sentence_string": array_to_sentence_string,
        "to_integer": to_integer,
        "size": size,
        "first": first,
        "last": last,
        "join": join_filter,
        "map": map_,
        "compact": compact,
        "uniq": uniq,
        "reverse": reverse,
        "concat": concat,
        "default": default,
    }
