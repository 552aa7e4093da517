"""Liquid's ``date`` and Jekyll's ``date_to_*`` filters, on Ruby's ``strftime``/``Time.parse``.

Python's ``strftime`` is the C library's: no ``%N``/``%L``/``%:z``, different flags and
widths, ``%Z`` names for fixed offsets, ``%s`` in the machine's zone. Jekyll sites lean on
Ruby's, so it is reimplemented here. Text dates go through a port of the common shapes
``Time.parse`` (``Date._parse``) accepts, in the site's zone, which is the process zone
Jekyll runs Ruby in. ``date`` formats a time as it stands; the ``date_to_*`` filters first
move it into the site's zone (``to_time.localtime``), as Jekyll does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any

from liquid.exceptions import FilterArgumentError

from ...dates import RubyTime, now_in, site_zone
from ...lazy_pattern import LazyPattern
from ._ruby import as_ruby_time, inspect, to_s

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_FIXED_ZERO = timezone(timedelta(0), "+00:00")
"""Offset zero that is not UTC: Ruby prints ``%Z`` as empty for it, as for any fixed offset."""
_SPEC = re.compile(r"%([-_0^#]*)(\d*)(:{0,3})([a-zA-Z%+])")


class _DateValue(RubyTime):
    """A Ruby ``Date``: formats with offset ``+00:00`` and prints as ``YYYY-MM-DD``."""

    def __str__(self) -> str:
        return self.date().isoformat()


def _offset_text(moment: datetime, colons: int) -> str:
    offset = moment.utcoffset() or timedelta(0)
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    hours, minutes, secs = seconds // 3600, seconds // 60 % 60, seconds % 60
    if colons == 1:
        return f"{sign}{hours:02d}:{minutes:02d}"
    if colons == 2:
        return f"{sign}{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{sign}{hours:02d}{minutes:02d}"


def _zone_name(moment: datetime) -> str:
    if isinstance(moment, _DateValue):
        return "+00:00"
    zone = moment.tzinfo
    if zone is UTC:
        return "UTC"
    if isinstance(zone, timezone):
        return ""
    return moment.tzname() or ""


def _iso_week(moment: datetime) -> tuple[int, int]:
    year, week, _ = moment.isocalendar()
    return year, week


_NUMBERS: dict[str, Callable[[datetime], tuple[int, int, str]]] = {
    "Y": lambda t: (t.year, 4 if t.year >= 0 else 5, "0"),
    "C": lambda t: (t.year // 100, 2, "0"),
    "y": lambda t: (t.year % 100, 2, "0"),
    "m": lambda t: (t.month, 2, "0"),
    "d": lambda t: (t.day, 2, "0"),
    "e": lambda t: (t.day, 2, " "),
    "j": lambda t: (t.timetuple().tm_yday, 3, "0"),
    "H": lambda t: (t.hour, 2, "0"),
    "k": lambda t: (t.hour, 2, " "),
    "I": lambda t: ((t.hour % 12) or 12, 2, "0"),
    "l": lambda t: ((t.hour % 12) or 12, 2, " "),
    "M": lambda t: (t.minute, 2, "0"),
    "S": lambda t: (t.second, 2, "0"),
    "u": lambda t: (t.isoweekday(), 1, "0"),
    "w": lambda t: (t.isoweekday() % 7, 1, "0"),
    "U": lambda t: (int(t.strftime("%U")), 2, "0"),
    "W": lambda t: (int(t.strftime("%W")), 2, "0"),
    "G": lambda t: (_iso_week(t)[0], 4, "0"),
    "g": lambda t: (_iso_week(t)[0] % 100, 2, "0"),
    "V": lambda t: (_iso_week(t)[1], 2, "0"),
    "s": lambda t: (int(t.timestamp()), 1, "0"),
}


def _number(conv: str, moment: datetime) -> tuple[int, int, str] | None:
    """(value, default width, default pad) for numeric conversions."""
    compute = _NUMBERS.get(conv)
    return None if compute is None else compute(moment)


def _pad(text: str, width: int, pad: str, flags: str) -> str:
    if "-" in flags:
        return text
    if "_" in flags:
        pad = " "
    elif "0" in flags:
        pad = "0"
    if len(text) >= width:
        return text
    if pad == "0" and text.startswith("-"):
        return "-" + text[1:].rjust(width - 1, "0")
    return text.rjust(width, pad)


_COMPOSITE = {
    "c": "%a %b %e %H:%M:%S %Y", "D": "%m/%d/%y", "x": "%m/%d/%y", "F": "%Y-%m-%d",
    "T": "%H:%M:%S", "X": "%H:%M:%S", "R": "%H:%M", "r": "%I:%M:%S %p", "v": "%e-%^b-%4Y",
}


def _convert(match: re.Match[str], moment: datetime) -> str:
    flags, width_text, colons, conv = match.groups()
    width = int(width_text) if width_text else None
    upper = "^" in flags
    swap = "#" in flags
    if conv == "%":
        return _pad("%", width or 1, " ", flags)
    if conv in _COMPOSITE:
        text = strftime(moment, _COMPOSITE[conv])
        text = text.upper() if upper else text
        return _pad(text, width or 0, " ", flags)
    if colons and conv != "z":
        return match.group()
    if conv in "NL":
        digits = width or (9 if conv == "N" else 3)
        nanos = f"{moment.microsecond * 1000:09d}"
        return (nanos + "0" * digits)[:digits]
    if conv == "z":
        text = _offset_text(moment, len(colons))
        if width and len(text) < width and "-" not in flags:
            pad = " " if "_" in flags else "0"
            return text[0] + text[1:].rjust(width - 1, pad) if pad == "0" else text.rjust(width)
        return text
    numeric = _number(conv, moment)
    if numeric is not None:
        value, default_width, pad = numeric
        return _pad(str(value), width if width is not None else default_width, pad, flags)
    if conv in "aAbBhpPZ":
        if conv in "aA":
            text = _DAYS[moment.weekday()]
            text = text[:3] if conv == "a" else text
        elif conv in "bBh":
            text = _MONTHS[moment.month - 1]
            text = text if conv == "B" else text[:3]
        elif conv == "p":
            text = "AM" if moment.hour < 12 else "PM"
            text = text.lower() if swap else text
            swap = False
        elif conv == "P":
            text = "am" if moment.hour < 12 else "pm"
            swap = False
        else:
            text = _zone_name(moment)
            text = text.lower() if swap else text
            swap = False
        if upper or swap:
            text = text.upper()
        return _pad(text, width or 0, " ", flags)
    if conv == "n":
        return "\n"
    if conv == "t":
        return "\t"
    return match.group()


# Directives that themes use on every page, without flags or widths, written directly.
_PLAIN: dict[str, Callable[[datetime], str]] = {
    "Y": lambda t: f"{t.year:04d}",
    "m": lambda t: f"{t.month:02d}",
    "d": lambda t: f"{t.day:02d}",
    "-d": lambda t: str(t.day),
    "-m": lambda t: str(t.month),
    "e": lambda t: f"{t.day:2d}",
    "H": lambda t: f"{t.hour:02d}",
    "-H": lambda t: str(t.hour),
    "M": lambda t: f"{t.minute:02d}",
    "S": lambda t: f"{t.second:02d}",
    "a": lambda t: _DAYS[t.weekday()][:3],
    "A": lambda t: _DAYS[t.weekday()],
    "b": lambda t: _MONTHS[t.month - 1][:3],
    "B": lambda t: _MONTHS[t.month - 1],
    "z": lambda t: _offset_text(t, 0),
    ":z": lambda t: _offset_text(t, 1),
}

_Piece = str | re.Match[str] | Callable[[datetime], str]


# Directives the C library writes exactly as Ruby does, whatever the date and locale.
_NATIVE = frozenset(("m", "d", "H", "M", "S"))


@lru_cache(maxsize=512)
def _pieces(fmt: str) -> tuple[_Piece, ...]:
    """``fmt`` cut once into literal text and directives: themes format thousands of dates
    with the same few formats, and scanning the format is most of the work. A run of ASCII
    text and two-digit numeric directives (``-%m-%dT%H:%M:%S``) becomes one call of the C
    library's ``strftime``, which writes those exactly as Ruby does."""
    pieces: list[_Piece] = []
    native: list[str] = []  # the run in progress, as a C format
    at = 0

    def text(literal: str) -> None:
        if literal.isascii():
            native.append(literal.replace("%", "%%"))
        else:
            end_run()
            pieces.append(literal)

    def end_run() -> None:
        if native:
            pieces.append(_native("".join(native)))
            native.clear()

    for match in _SPEC.finditer(fmt):
        if match.start() > at:
            text(fmt[at:match.start()])
        at = match.end()
        flags, width, colons, conv = match.groups()
        if not (flags or width or colons) and conv in _NATIVE:
            native.append("%" + conv)
            continue
        if not (flags or width or colons) and conv == "%":
            native.append("%%")
            continue
        end_run()
        plain = None if width else _PLAIN.get(flags + colons + conv)
        if plain is not None and conv == "Y":  # years before 0 take Ruby's longer width
            pieces.append(match if flags else _full_year(match))
        else:
            pieces.append(plain if plain is not None else match)
    if at < len(fmt):
        text(fmt[at:])
    end_run()
    return tuple(pieces)


def _native(c_format: str) -> _Piece:
    if "%" not in c_format.replace("%%", ""):
        return c_format.replace("%%", "%")  # only text after all
    return lambda t: t.strftime(c_format)


def _full_year(match: re.Match[str]) -> Callable[[datetime], str]:
    return lambda t: f"{t.year:04d}" if t.year >= 0 else _convert(match, t)


def strftime(moment: datetime, fmt: str) -> str:
    """Ruby's ``Time#strftime`` (flags ``-_0^#``, widths, ``%N``, ``%:z``, ``%s``...)."""
    out = []
    for piece in _pieces(fmt):
        kind = type(piece)
        if kind is str:
            out.append(piece)
        elif kind is re.Match:
            out.append(_convert(piece, moment))  # type: ignore[arg-type]
        else:
            out.append(piece(moment))  # type: ignore[operator]
    return "".join(out)  # type: ignore[arg-type]


# --- reading text the way Time.parse does -------------------------------------------------

_MONTH_ABBR = {name[:3].lower(): index + 1 for index, name in enumerate(_MONTHS)}
_ZONES = {
    "utc": 0, "ut": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
    "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "bst": 1, "cet": 1, "cest": 2, "eet": 2,
    "eest": 3, "wet": 0, "west": 1, "jst": 9, "ist": 5.5, "akst": -9, "akdt": -8,
    "hst": -10, "msk": 3, "aest": 10, "aedt": 11,
}
_UTC_ZONES = LazyPattern(r"-00:00|-0000|-00|utc|z|ut", re.IGNORECASE)
_TIME = LazyPattern(
    r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"(?:\s*([ap])\.?m\.?\b)?"
    r"(?:\s*(z\b|[+-]\d{1,2}(?::?\d{2})?\b|(?:" + "|".join(sorted(_ZONES, key=len)[::-1])
    + r")\b))?",
    re.IGNORECASE,
)
_TIME_AMPM = LazyPattern(r"\b(\d{1,2})\s*([ap])\.?m\b\.?", re.IGNORECASE)
_ISO = LazyPattern(r"(?<!\d)([-+]?\d{2,})-(\d{1,2})-(\d{1,2})(?!\d)")
_COMPACT = LazyPattern(r"^\s*(\d{4})(\d{2})(\d{2})(?:t(\d{2})(\d{2})(\d{2})?)?\s*$",
                      re.IGNORECASE)
_MONTH_WORD = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_EU = LazyPattern(r"(?<![a-z\d])(\d{1,2})(?:st|nd|rd|th)?\b[^\d\s]*\s*" + _MONTH_WORD
                 + r"(?:[^\d]*?(\d{1,4})(?!\d|:))?", re.IGNORECASE)
_US = LazyPattern(_MONTH_WORD + r"[^\d]*?(\d{1,2})(?:st|nd|rd|th)?\b,?(?:[^\d:]*?(\d{3,4}|'\d{2})"
                 r"(?![\d:]))?", re.IGNORECASE)
_MONTH_YEAR = LazyPattern(_MONTH_WORD + r"\s+(\d{4})\b", re.IGNORECASE)
_SLASH = LazyPattern(r"(?<![\d/])(\d+)/(\d+)(?:/(\d+))?(?![\d/])")
_DOT = LazyPattern(r"(?<![\d.])(\d+)\.(\d+)\.(\d+)(?![\d.])")
_LONE_DAY = LazyPattern(r"^\s*(\d{1,2})\s*$")


def _zone_offset(text: str) -> timedelta:
    text = text.lower()
    if text in _ZONES:
        return timedelta(hours=_ZONES[text])
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    if len(digits) <= 2:
        hours, minutes = int(digits), 0
    else:
        hours, minutes = int(digits[:-2]), int(digits[-2:])
    return sign * timedelta(hours=hours, minutes=minutes)


def _year(text: str) -> int:
    if text.startswith("'"):
        return 2000 + int(text[1:]) if int(text[1:]) < 69 else 1900 + int(text[1:])
    number = int(text)
    if len(text.lstrip("+-")) <= 2:
        return number + (2000 if number < 69 else 1900)
    return number


def _parse_fields(text: str) -> dict[str, Any] | None:  # noqa: PLR0912
    """The fields ``Date._parse`` would find in ``text`` (a subset of its heuristics)."""
    fields: dict[str, Any] = {}
    compact = _COMPACT.match(text)
    if compact:
        year, month, day, hour, minute, sec = compact.groups()
        fields.update(year=int(year), mon=int(month), mday=int(day))
        if hour:
            fields.update(hour=int(hour), min=int(minute), sec=int(sec or 0))
        return fields
    rest = text
    time_match = _TIME.search(rest)
    if time_match:
        hour, minute, sec, frac, meridian, zone = time_match.groups()
        hour_value = int(hour)
        if meridian:
            hour_value = hour_value % 12 + (12 if meridian.lower() == "p" else 0)
        fields.update(hour=hour_value, min=int(minute))
        if sec is not None:
            fields["sec"] = int(sec)
        if frac:
            fields["usec"] = int(frac[:6].ljust(6, "0"))
        if zone:
            fields["zone"] = zone
        rest = rest[: time_match.start()] + " " + rest[time_match.end():]
    else:
        ampm = _TIME_AMPM.search(rest)
        if ampm:
            hour_value = int(ampm.group(1)) % 12 + (12 if ampm.group(2).lower() == "p" else 0)
            fields["hour"] = hour_value
            rest = rest[: ampm.start()] + " " + rest[ampm.end():]
    iso = _ISO.search(rest)
    eu = _EU.search(rest)
    us = _US.search(rest)
    slash = _SLASH.search(rest)
    dot = _DOT.search(rest)
    if iso:
        fields.update(year=_year(iso.group(1)), mon=int(iso.group(2)), mday=int(iso.group(3)))
    elif eu:
        fields.update(mday=int(eu.group(1)), mon=_MONTH_ABBR[eu.group(2).lower()])
        if eu.group(3):
            fields["year"] = _year(eu.group(3))
    elif us:
        fields.update(mon=_MONTH_ABBR[us.group(1).lower()], mday=int(us.group(2)))
        if us.group(3):
            fields["year"] = _year(us.group(3))
    elif _MONTH_YEAR.search(rest):
        month_year = _MONTH_YEAR.search(rest)
        assert month_year is not None
        fields.update(mon=_MONTH_ABBR[month_year.group(1).lower()],
                      year=int(month_year.group(2)))
    elif slash:
        first, second, third = slash.groups()
        if third is None:
            fields.update(mon=int(first), mday=int(second))
        elif len(first) >= 3:
            fields.update(year=int(first), mon=int(second), mday=int(third))
        else:
            fields.update(mday=int(first), mon=int(second), year=_year(third))
    elif dot:
        first, second, third = dot.groups()
        if len(first) >= 3:
            fields.update(year=int(first), mon=int(second), mday=int(third))
        else:
            fields.update(mday=int(first), mon=int(second), year=_year(third))
    elif _LONE_DAY.match(rest) and not fields:
        fields["mday"] = int(rest.strip())
    return fields or None


def ruby_time_parse(text: str, zone: tzinfo) -> RubyTime | None:
    """``Time.parse(text)`` in ``zone``; ``None`` where Ruby raises ``ArgumentError``."""
    fields = _parse_fields(text)
    if not fields:
        return None
    offset = _zone_offset(fields["zone"]) if "zone" in fields else None
    now = now_in(zone)
    if offset is not None:
        now = RubyTime.of(now.astimezone(timezone(offset) if offset else _FIXED_ZERO))
    values: dict[str, int] = {}
    filling = True
    for key, current in (("year", now.year), ("mon", now.month), ("mday", now.day),
                         ("hour", now.hour), ("min", now.minute), ("sec", now.second)):
        if key in fields:
            filling = False
            values[key] = fields[key]
        else:
            values[key] = current if filling else (1 if key in ("mon", "mday") else 0)
    usec = fields.get("usec", 0)
    if not (1 <= values["mon"] <= 12 and 1 <= values["mday"] <= 31 and 0 <= values["hour"] <= 24
            and 0 <= values["min"] <= 59 and 0 <= values["sec"] <= 60):
        return None
    try:
        day_one = datetime(values["year"], values["mon"], 1)
    except ValueError:
        return None
    naive = day_one + timedelta(days=values["mday"] - 1, hours=values["hour"],
                                minutes=values["min"], seconds=values["sec"], microseconds=usec)
    if offset is None:
        return RubyTime.of(_local(naive, zone))
    if _UTC_ZONES.fullmatch(fields["zone"]):
        return RubyTime.of(naive.replace(tzinfo=UTC))
    return RubyTime.of(naive.replace(tzinfo=timezone(offset) if offset else _FIXED_ZERO))


def _local(naive: datetime, zone: tzinfo) -> datetime:
    """Wall-clock time in ``zone``; a time in a spring-forward gap moves on, as in Ruby."""
    aware = naive.replace(tzinfo=zone)
    round_trip = aware.astimezone(UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != naive:
        return naive.replace(tzinfo=zone, fold=1).astimezone(UTC).astimezone(zone)
    return aware


def to_date(value: object, zone: tzinfo) -> datetime | None:
    """``Liquid::Utils.to_date``: times as they are, text and epoch seconds read in ``zone``."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return RubyTime.of(value.replace(tzinfo=UTC).astimezone(zone))
        return as_ruby_time(value)
    if isinstance(value, date):
        return _DateValue(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return _from_epoch(value, zone)
    if isinstance(value, str):
        if not value:
            return None
        lowered = value.lower()
        if lowered in ("now", "today"):
            return now_in(zone).replace(microsecond=datetime.now().microsecond)
        if lowered.isdigit() and lowered.isascii():
            return _from_epoch(int(lowered), zone)
        return ruby_time_parse(lowered, zone)
    return None


def _from_epoch(seconds: int, zone: tzinfo) -> RubyTime | None:
    try:
        return RubyTime.of(datetime.fromtimestamp(seconds, zone))
    except (OverflowError, OSError, ValueError):
        return None


def _local_time(value: object, zone: tzinfo) -> datetime:
    """Jekyll's ``time(input)``: ``to_date(input).to_time.localtime``, or an error."""
    moment = to_date(value, zone)
    if moment is None:
        raise FilterArgumentError(
            f"Invalid Date: '{inspect(value)}' is not a valid datetime.", token=None
        )
    if isinstance(moment, _DateValue):
        return RubyTime.of(_local(datetime(moment.year, moment.month, moment.day), zone))
    return RubyTime.of(moment.astimezone(zone))


def _xmlschema(moment: datetime) -> str:
    """``%Y-%m-%dT%H:%M:%S%:z``, which is what ``isoformat`` writes for a four-digit year,
    whole seconds and an offset in whole minutes, in a tenth of the time."""
    offset = moment.utcoffset()
    if (moment.microsecond == 0 and 1000 <= moment.year <= 9999 and offset is not None
            and not offset.microseconds and offset.seconds % 60 == 0):
        return moment.isoformat()
    return strftime(moment, "%Y-%m-%dT%H:%M:%S%:z")


def _blank(value: object) -> bool:
    """``input.to_s.empty?``, without spelling out a date to find it is not empty."""
    return not isinstance(value, date) and to_s(value) == ""


def _ordinal(day: int) -> str:
    if 11 <= day <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


FORMATTED_DATES = 20_000  # date texts kept per process before starting over


def make_date_filters(config: Mapping[str, Any]) -> dict[str, Callable[..., Any]]:
    """The date filters, reading text and epoch numbers in the site's ``timezone:``."""

    def zone() -> tzinfo:
        return site_zone(config.get("timezone"))

    # A post's date is formatted on its own page (the layout, {% seo %}) and on every
    # listing and feed that shows it: the text is kept per date object, which is
    # immutable and held here, so that its id cannot be reused while it is.
    formatted: dict[tuple[int, object], tuple[object, object]] = {}

    def remembered(value: object, fmt: object, text: object) -> object:
        if len(formatted) >= FORMATTED_DATES:
            formatted.clear()
        formatted[id(value), fmt] = (value, text)
        return text

    def date_filter(value: object, fmt: object = None) -> object:
        if type(value) is RubyTime and type(fmt) is str:
            hit = formatted.get((id(value), fmt))
            if hit is not None and hit[0] is value:
                return hit[1]
        if to_s(fmt) == "":
            return value
        moment = to_date(value, zone())
        if moment is None:
            return value
        text = strftime(moment, to_s(fmt))
        return remembered(value, fmt, text) if type(value) is RubyTime else text

    def stringify(value: object, month: str, kind: object, style: object) -> object:
        if _blank(value):
            return value
        moment = _local_time(value, zone())
        if kind == "ordinal":
            day = f"{moment.day}{_ordinal(moment.day)}"
            if style == "US":
                return strftime(moment, f"{month} {day}, %Y")
            return strftime(moment, f"{day} {month} %Y")
        return strftime(moment, f"%d {month} %Y")

    def date_to_string(value: object, kind: object = None, style: object = None) -> object:
        return stringify(value, "%b", kind, style)

    def date_to_long_string(value: object, kind: object = None, style: object = None) -> object:
        return stringify(value, "%B", kind, style)

    def date_to_xmlschema(value: object) -> object:
        if type(value) is RubyTime:
            hit = formatted.get((id(value), None))
            if hit is not None and hit[0] is value:
                return hit[1]
            return remembered(value, None, _xmlschema(_local_time(value, zone())))
        if _blank(value):
            return value
        return _xmlschema(_local_time(value, zone()))

    def date_to_rfc822(value: object) -> object:
        if _blank(value):
            return value
        return strftime(_local_time(value, zone()), "%a, %d %b %Y %H:%M:%S %z")

    return {
        "date": date_filter,
        "date_to_string": date_to_string,
        "date_to_long_string": date_to_long_string,
        "date_to_xmlschema": date_to_xmlschema,
        "date_to_rfc822": date_to_rfc822,
    }

