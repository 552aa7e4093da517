"""Ruby's value semantics, which Jekyll's filters lean on without saying so.

Jekyll's filters are short because Ruby does the work: ``to_s`` of ``nil`` is ``""``, of an
array is its ``inspect``; ``"12abc".to_i`` is 12; ``<=>`` answers ``nil`` for values it
cannot order; ``Array(x)`` wraps or unwraps. Python answers each of these differently, so
every filter module goes through these helpers instead of ``str``/``int``/``sorted``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from liquid.builtin.expressions.primitive import Blank, Empty
from liquid.exceptions import FilterArgumentError
from liquid.undefined import Undefined

from ...dates import RubyTime

_INT_PREFIX = re.compile(r"[ \t\n\v\f\r]*([+-]?[0-9]+(?:_[0-9]+)*)")
_STRICT_INT = re.compile(
    r"[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|0[bB][01]+(?:_[01]+)*"
    r"|0[oO]?[0-7]+(?:_[0-7]+)*|[0-9]+(?:_[0-9]+)*)[ \t\n\v\f\r]*"
)
_DECIMAL_TEXT = re.compile(r"-?[0-9]+\.[0-9]+")
RUBY_SPACE = " \t\n\v\f\r\0"


# Kinds of value a template mostly holds, none of them undefined: telling them apart by
# type first spares ``isinstance`` against ``Undefined``, an abstract class whose check
# runs in Python.
PLAIN_KINDS = frozenset((str, int, float, bool, list, dict, tuple))
# ... and the other kinds met so far that are not undefined (drops, dates, None): whether
# a value is undefined depends on its class alone.
_DEFINED_KINDS: set[type] = set(PLAIN_KINDS)


def is_undefined(value: object) -> bool:
    """python-liquid's ``is_undefined``, values told apart by their type first."""
    kind = type(value)
    if kind in _DEFINED_KINDS:
        return False
    if isinstance(value, Undefined):
        return True
    _DEFINED_KINDS.add(kind)
    return False


def is_nil(value: object) -> bool:
    """``nil`` in Ruby terms: ``None`` or an undefined variable."""
    return value is None or is_undefined(value)


def is_method_literal(value: object) -> bool:
    """True for Liquid's ``empty`` and ``blank`` literals."""
    return isinstance(value, (Empty, Blank))


_HASH_KINDS: set[type] = {dict}  # kinds seen to be hashes: known by type from then on


def is_hash(value: object) -> bool:
    kind = type(value)
    if kind in _HASH_KINDS:
        return True
    if kind in PLAIN_KINDS:
        return False
    if isinstance(value, Mapping) and not isinstance(value, Undefined):
        _HASH_KINDS.add(kind)
        return True
    return False


def is_drop(value: object) -> bool:
    """A Jekyll drop (a document): a mapping that is not a plain hash. Mappings that only
    wrap a hash (``site``, ``site.data``, which answer ``raw()``) count as hashes."""
    return (isinstance(value, Mapping) and not isinstance(value, (dict, Undefined))
            and not callable(getattr(value, "raw", None)))


def is_array(value: object) -> bool:
    return isinstance(value, (list, tuple))


def float_to_s(value: float) -> str:
    """``Float#to_s``: shortest digits, exponent form below 1e-4 and from 1e15 up."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if str(value).startswith("-") else "0.0"
    sign, digits_tuple, exponent = Decimal(repr(value)).as_tuple()
    digits = "".join(map(str, digits_tuple)).rstrip("0") or "0"
    assert isinstance(exponent, int)
    decpt = len(digits_tuple) + exponent
    prefix = "-" if sign else ""
    if decpt < -3 or decpt > 15:
        mantissa = digits[0] + "." + (digits[1:] or "0")
        return f"{prefix}{mantissa}e{decpt - 1:+03d}"
    if decpt <= 0:
        return f"{prefix}0.{'0' * -decpt}{digits}"
    if decpt >= len(digits):
        return f"{prefix}{digits}{'0' * (decpt - len(digits))}.0"
    return f"{prefix}{digits[:decpt]}.{digits[decpt:]}"


def to_s(value: object) -> str:
    """Ruby's ``to_s`` as string interpolation and ``Array#join`` apply it."""
    if isinstance(value, str):
        return value
    if is_nil(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return float_to_s(value)
    if isinstance(value, Decimal):
        return float_to_s(float(value))
    if isinstance(value, datetime):
        return str(as_ruby_time(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return inspect(value)
    if isinstance(value, dict):
        return inspect(value)
    if isinstance(value, Mapping) and type(value).__str__ is object.__str__:
        return inspect(value)
    return str(value)


def as_ruby_time(value: datetime) -> RubyTime:
    """A YAML timestamp without an offset is UTC in Ruby; keep aware ones as they are."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value if isinstance(value, RubyTime) else RubyTime.of(value)


_INSPECT_ESCAPES = {
    '"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\f": "\\f",
    "\v": "\\v", "\b": "\\b", "\a": "\\a", "\x1b": "\\e",
}


def inspect_string(text: str) -> str:
    """``String#inspect``: escapes, ``\\#`` before ``{$@``, other characters as they are."""
    out = ['"']
    for index, char in enumerate(text):
        if char in _INSPECT_ESCAPES:
            out.append(_INSPECT_ESCAPES[char])
        elif char == "#" and text[index + 1 : index + 2] in ("{", "$", "@"):
            out.append("\\#")
        elif ord(char) < 0x20 or char == "\x7f":
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def inspect(value: object) -> str:
    """Ruby 3.1's ``inspect``; drops (non-dict mappings) inspect as pretty JSON, as Jekyll's."""
    if is_nil(value):
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return inspect_string(value)
    if isinstance(value, (int, float, Decimal)):
        return to_s(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(inspect(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{inspect(key)}=>{inspect(item)}" for key, item in value.items())
        return "{" + ", ".join(pairs) + "}"
    if isinstance(value, Mapping):
        from .json_inspect import pretty_json

        return pretty_json(value)
    if isinstance(value, datetime):
        time = as_ruby_time(value)
        if time.microsecond:
            fraction = f"{time.microsecond:06d}".rstrip("0")
            return time.strftime(f"%Y-%m-%d %H:%M:%S.{fraction} %z")
        return str(time)
    if isinstance(value, date):
        jd = value.toordinal() + 1721425
        return f"#<Date: {value.isoformat()} (({jd}j,0s,0n),+0s,2299161j)>"
    return str(value)


def str_to_i(text: str) -> int:
    """``String#to_i``: the leading integer, else 0."""
    match = _INT_PREFIX.match(text)
    return int(match.group(1).replace("_", "")) if match else 0


def to_i(value: object) -> int:
    """``value.to_i`` for the types templates hold."""
    if is_nil(value):
        return 0
    if isinstance(value, bool):
        raise FilterArgumentError(f"undefined method 'to_i' for {to_s(value)}", token=None)
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        return int(value)
    if isinstance(value, str):
        return str_to_i(value)
    raise FilterArgumentError(f"undefined method 'to_i' for {inspect(value)}", token=None)


def liquid_to_integer(value: object) -> int:
    """``Liquid::Utils.to_integer``: ``Integer(value.to_s)``, strict."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = _STRICT_INT.fullmatch(to_s(value))
    if not match:
        raise FilterArgumentError("invalid integer", token=None)
    sign, body = match.groups()
    body = body.replace("_", "").lower()
    if body.startswith("0x"):
        number = int(body[2:], 16)
    elif body.startswith("0b"):
        number = int(body[2:], 2)
    elif body.startswith("0o"):
        number = int(body[2:], 8)
    elif len(body) > 1 and body.startswith("0"):
        number = int(body[1:], 8)
    else:
        number = int(body)
    return -number if sign == "-" else number


def to_number(value: object) -> int | Decimal:
    """``Liquid::Utils.to_number``: floats become exact decimals, text its leading number."""
    if isinstance(value, bool) or is_nil(value):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        stripped = value.strip(RUBY_SPACE)
        if _DECIMAL_TEXT.fullmatch(stripped):
            try:
                return Decimal(stripped)
            except InvalidOperation:
                return 0
        return str_to_i(value)
    return 0


def from_number(value: int | Decimal) -> int | float:
    """BigDecimal results leave Liquid's math filters as Floats."""
    return float(value) if isinstance(value, Decimal) else value


def flatten(items: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, (list, tuple)):
            out.extend(flatten(item))
        else:
            out.append(item)
    return out


def input_iterator(value: object) -> list[Any]:
    """Liquid's ``InputIterator``: arrays flattened, a hash as one item, ``nil`` as none."""
    if isinstance(value, (list, tuple)):
        return flatten(value)
    if is_nil(value):
        return []
    if is_drop(value):  # a drop is Enumerable in Jekyll: it yields its keys
        return list(value)  # type: ignore[arg-type]
    if isinstance(value, (Mapping, str)):
        return [value]
    if isinstance(value, (range, Iterable)):
        return list(value)  # type: ignore[arg-type]
    return [value]


def ruby_array(value: object) -> list[Any]:
    """``Kernel#Array``: nil → [], arrays as they are, a hash as its pairs."""
    if is_nil(value):
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, Mapping):
        return [[key, item] for key, item in value.items()]
    return [value]


def join(items: Iterable[Any], glue: str = "") -> str:
    """``Array#join``: nested arrays are joined in place, everything else by ``to_s``."""
    return glue.join(
        join(item, glue) if isinstance(item, (list, tuple)) else to_s(item) for item in items
    )


def _number(value: object) -> int | float | Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        return value
    return None


def spaceship(left: object, right: object) -> int | None:
    """Ruby's ``<=>``: -1, 0 or 1, or ``None`` where Ruby has no order for the pair."""
    if is_nil(left) and is_nil(right):
        return 0
    left_number, right_number = _number(left), _number(right)
    if left_number is not None and right_number is not None:
        return (left_number > right_number) - (left_number < right_number)  # type: ignore[operator]
    if isinstance(left, str) and isinstance(right, str):
        left_bytes, right_bytes = left.encode(), right.encode()
        return (left_bytes > right_bytes) - (left_bytes < right_bytes)
    if isinstance(left, bool) and isinstance(right, bool):
        return 0 if left == right else None
    if isinstance(left, datetime) and isinstance(right, datetime):
        left_time, right_time = as_ruby_time(left), as_ruby_time(right)
        return (left_time > right_time) - (left_time < right_time)
    if isinstance(left, date) and isinstance(right, date) and not (
        isinstance(left, datetime) or isinstance(right, datetime)
    ):
        return (left > right) - (left < right)
    if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
        for left_item, right_item in zip(left, right, strict=False):
            order = spaceship(left_item, right_item)
            if order != 0:
                return order
        return (len(left) > len(right)) - (len(left) < len(right))
    if left is right or (is_hash(left) and is_hash(right) and left == right):
        return 0
    return None


def eql_key(value: object) -> object:
    """A key that is equal exactly when Ruby's ``eql?``/``hash`` agree (1 and 1.0 differ)."""
    if isinstance(value, (list, tuple)):
        return ("array", tuple(eql_key(item) for item in value))
    if isinstance(value, Mapping) and not isinstance(value, Undefined):
        try:
            return ("hash", tuple((eql_key(k), eql_key(v)) for k, v in value.items()))
        except TypeError:
            return ("id", id(value))
    if is_nil(value):
        return ("nil",)
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))
    return (type(value).__name__ if isinstance(value, (bool, int, float)) else "obj", value)
