"""Ruby Liquid 5.4's meaning for a few constructs python-liquid reads its own way.

Jekyll 4.3 runs Ruby Liquid 5.4 plus a patch of its own, and sites depend on what that pair
does, including the odd parts:

* ``empty`` and ``blank`` are allowed wherever a value is (``default: empty``,
  ``where: "tags", empty``); there they are a literal whose text is ``""``. python-liquid
  refuses them as filter arguments and fails the page.
* In a condition, ``x == empty`` asks ``x.empty?``: true only for an empty string, array
  or hash; ``nil``, numbers and ``empty`` itself are never empty.
* ``x == blank`` asks ``x.blank?``, a method plain Ruby objects do not have (it comes from
  Rails), so in Jekyll it is never true, not even for ``""``; ``x != blank`` is always
  true. python-liquid treats whitespace and empty values as blank. We follow Jekyll: the
  suite's pages show what a user of Jekyll sees, and a page that tests ``== blank`` was
  written and checked against Jekyll's answer.

* ``{{ value }}`` prints with Ruby's ``to_s`` (``Array#join`` for an array): ``nil`` in an
  array is nothing rather than ``None``, a hash prints as ``{"a"=>1}``, a float as
  ``1.0e+20``.

* ``{% for x in document %}`` walks the document's keys: Jekyll's drops are
  ``Enumerable`` over their keys, where a hash gives ``[key, value]`` pairs.

The fixes are applied once, to python-liquid's classes, when this module is imported.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from liquid.builtin import output
from liquid.builtin.expressions import filtered, loop
from liquid.builtin.expressions.primitive import Blank, Empty
from liquid.builtin.tags import cycle_tag
from liquid.token import TOKEN_BLANK, TOKEN_EMPTY

from .filters._ruby import is_drop, join, to_s


def _is_empty(_literal: object, other: object) -> bool:
    """``other.empty?``: only strings, arrays and hashes answer it."""
    if isinstance(other, (str, list, tuple, dict)):
        return not other
    if isinstance(other, Mapping) and not isinstance(other, (Empty, Blank)):
        return len(other) == 0
    return False


def _is_blank(_literal: object, _other: object) -> bool:
    """``other.blank?``: no object of plain Ruby has the method, so never true."""
    return False


def ruby_output_string(value: object, autoescape: bool = False) -> str:
    """What Ruby Liquid writes for ``{{ value }}``: ``join`` for arrays, else ``to_s``."""
    if isinstance(value, str):
        return value
    if isinstance(value, range):
        return f"{value.start}..{value.stop - 1}"
    if autoescape or hasattr(value, "__html__"):
        return _python_output(value, autoescape)
    return join(value) if isinstance(value, (list, tuple)) else to_s(value)


_python_output = output.to_liquid_string


_python_loop_iter = loop.LoopExpression._to_iter


def _loop_iter(self: loop.LoopExpression, obj: object, context: Any) -> tuple[Iterator[Any], int]:
    if is_drop(obj):
        keys = list(obj)  # type: ignore[call-overload]
        return iter(keys), len(keys)
    return _python_loop_iter(self, obj, context)


def apply() -> None:
    """Patch python-liquid once: filter arguments and the two literals' comparisons."""
    filtered.FILTER_TOKENS.update((TOKEN_EMPTY, TOKEN_BLANK))
    output.to_liquid_string = ruby_output_string  # type: ignore[assignment]
    loop.LoopExpression._to_iter = _loop_iter  # type: ignore[method-assign]
    cycle_tag.to_liquid_string = ruby_output_string  # type: ignore[assignment]
    Empty.__eq__ = _is_empty  # type: ignore[method-assign,assignment]
    Blank.__eq__ = _is_blank  # type: ignore[method-assign,assignment]
    Empty.__hash__ = Blank.__hash__ = object.__hash__  # type: ignore[method-assign,assignment]


apply()
