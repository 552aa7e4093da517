"""Liquid's math filters with Ruby Liquid 5.4's number rules.

Ruby Liquid turns floats into ``BigDecimal`` before doing arithmetic, reads text by its
leading number (``"12abc"`` is 12), rounds halves away from zero (``2.5 | round`` is 3,
where Python's ``round`` gives 2) and takes the divisor's sign for ``modulo``.
python-liquid differs on each, so these replace its versions.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation
from typing import Any

from liquid.exceptions import FilterArgumentError

from ._ruby import from_number, to_number


def _operate(left: object, right: object, operation: Callable[[Any, Any], Any]) -> int | float:
    return from_number(operation(to_number(left), to_number(right)))


def plus(value: object, operand: object = 0) -> int | float:
    return _operate(value, operand, lambda a, b: a + b)


def minus(value: object, operand: object = 0) -> int | float:
    return _operate(value, operand, lambda a, b: a - b)


def times(value: object, operand: object = 0) -> int | float:
    return _operate(value, operand, lambda a, b: a * b)


def _divide(a: int | Decimal, b: int | Decimal) -> int | Decimal:
    if isinstance(a, int) and isinstance(b, int):
        return a // b
    return Decimal(a) / Decimal(b)


def _modulo(a: int | Decimal, b: int | Decimal) -> int | Decimal:
    if isinstance(a, int) and isinstance(b, int):
        return a % b
    remainder = Decimal(a) % Decimal(b)
    if remainder and (remainder < 0) != (b < 0):
        remainder += b
    return remainder


def divided_by(value: object, operand: object = 0) -> int | float:
    try:
        return _operate(value, operand, _divide)
    except (ZeroDivisionError, DivisionByZero, InvalidOperation) as err:
        raise FilterArgumentError("divided by 0", token=None) from err


def modulo(value: object, operand: object = 0) -> int | float:
    try:
        return _operate(value, operand, _modulo)
    except (ZeroDivisionError, DivisionByZero, InvalidOperation) as err:
        raise FilterArgumentError("divided by 0", token=None) from err


def round_(value: object, digits: object = 0) -> int | float:
    """Half away from zero; an integer result unless positive ``digits`` on a decimal."""
    number = to_number(value)
    places = to_number(digits)
    places = int(places)
    if isinstance(number, int) and places >= 0:
        return number
    rounded = Decimal(number).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if places <= 0:
        return int(rounded)
    return float(rounded)


def ceil(value: object) -> int:
    return math.ceil(to_number(value))


def floor(value: object) -> int:
    return math.floor(to_number(value))


def abs_(value: object) -> int | float:
    return from_number(abs(to_number(value)))


def at_least(value: object, minimum: object = 0) -> int | float:
    bound, number = to_number(minimum), to_number(value)
    return from_number(bound if bound > number else number)


def at_most(value: object, maximum: object = 0) -> int | float:
    bound, number = to_number(maximum), to_number(value)
    return from_number(bound if bound < number else number)


def make_number_filters() -> dict[str, Callable[..., Any]]:
    return {
        "plus": plus,
        "minus": minus,
        "times": times,
        "divided_by": divided_by,
        "modulo": modulo,
        "round": round_,
        "ceil": ceil,
        "floor": floor,
        "abs": abs_,
        "at_least": at_least,
        "at_most": at_most,
    }
