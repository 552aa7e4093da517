"""Dates the way Jekyll (Ruby) reads and prints them.

Jekyll runs every document date through ``Time.parse(value.to_s).localtime`` with the
process time zone set from ``timezone:`` in ``_config.yml``. So:

* an unquoted ``date: 2025-08-22T05:44:58`` is a YAML timestamp, which Ruby reads as UTC,
  and the page shows it converted into the site's zone;
* a quoted date, or one in the file name, is read as wall-clock time in the site's zone;
* an explicit offset (``+0300``, ``Z``) is honoured, then converted to the site's zone.

Templates print a time as Ruby's ``Time#to_s`` does (``2025-08-22 05:44:58 +0000``), which
is why dates handed to Liquid are ``RubyTime`` values rather than plain datetimes.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class RubyTime(datetime):
    """A timezone-aware datetime that prints like Ruby's ``Time#to_s``."""

    def __str__(self) -> str:
        return self.strftime("%Y-%m-%d %H:%M:%S %z")

    @classmethod
    def of(cls, value: datetime) -> RubyTime:
        return cls(
            value.year, value.month, value.day, value.hour, value.minute, value.second,
            value.microsecond, tzinfo=value.tzinfo, fold=value.fold,
        )


@lru_cache(maxsize=32)
def site_zone(name: str | None) -> tzinfo:
    """The zone named in ``timezone:``, else the machine's (as Ruby's ``localtime`` uses)."""
    candidates = [name] if name else [os.environ.get("TZ", "").lstrip(":"), _system_zone_name()]
    for candidate in candidates:
        if not candidate:
            continue
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    if name:
        from .errors import ConfigError

        raise ConfigError(f"unknown timezone {name!r} in the configuration")
    return UTC


def _system_zone_name() -> str | None:
    try:
        with open("/etc/timezone", encoding="utf-8") as handle:
            return handle.read().strip() or None
    except OSError:
        pass
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        return None
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else None


_TIME_TEXT = re.compile(
    r"""^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})
        (?:[Tt\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<f>\d+))?)?)?
        \s*(?P<z>Z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2})?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


def parse_time_text(text: str, zone: tzinfo) -> RubyTime | None:
    """Parse the date forms Jekyll sites write; ``None`` when ``text`` is not one of them.

    A time without an offset is wall-clock time in ``zone``.
    """
    match = _TIME_TEXT.match(text)
    if not match:
        return None
    parts = match.groupdict()
    fraction = (parts["f"] or "0")[:6].ljust(6, "0")
    try:
        naive = datetime(
            int(parts["y"]), int(parts["m"]), int(parts["d"]),
            int(parts["H"] or 0), int(parts["M"] or 0), int(parts["S"] or 0), int(fraction),
        )
    except ValueError:
        return None
    offset = parts["z"]
    if offset is None:
        return RubyTime.of(naive.replace(tzinfo=zone))
    return RubyTime.of(naive.replace(tzinfo=_offset_zone(offset)).astimezone(zone))


def _offset_zone(text: str) -> tzinfo:
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def to_site_time(value: object, zone: tzinfo) -> RubyTime | None:
    """Turn a front-matter date (YAML timestamp, date or text) into a time in ``zone``.

    PyYAML gives naive datetimes for unquoted timestamps without an offset; Ruby reads
    those as UTC, and so do we.
    """
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return RubyTime.of(aware.astimezone(zone))
    if isinstance(value, date):
        return RubyTime.of(datetime(value.year, value.month, value.day, tzinfo=zone))
    if isinstance(value, str):
        return parse_time_text(value, zone)
    return None


def now_in(zone: tzinfo) -> RubyTime:
    return RubyTime.of(datetime.now(zone).replace(microsecond=0))
