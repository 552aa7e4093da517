"""URLs and output paths, computed exactly as Jekyll's ``URL``, ``UrlDrop`` and ``Page`` do.

Two kinds of templates exist in Jekyll: documents (posts, collection items) fill every
``:placeholder`` from their date, slug and categories; pages only know ``:path``,
``:basename`` and ``:output_ext``. Both end in ``sanitize_url``, which also removes
``..``: a permalink can never point above the destination folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, unquote

from ..errors import ContentError
from ..slugify import slugify

_PLACEHOLDER = re.compile(r":([a-z_]+)")
_PLAIN = re.compile(r"^[a-zA-Z0-9./-]+$")
_URI_SAFE = "!$&'()*+,;=:@/?-._~[]%"
_STYLE_NAMES = ("date", "pretty", "ordinal", "weekdate", "none")


def escape_path(value: str) -> str:
    """Jekyll's ``URL.escape_path`` (Addressable's encode, then ``#`` → ``%23``)."""
    if not value or _PLAIN.match(value):
        return value
    return quote(value, safe=_URI_SAFE)


def unescape_path(url: str) -> str:
    return unquote(url) if "%" in url else url


def sanitize_url(url: str) -> str:
    """Jekyll's ``URL#sanitize_url``: a leading slash, no ``..``, no ``./``, no ``//``."""
    result = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", result)


def add_permalink_suffix(template: str, style: str) -> str:
    """Jekyll's ``Utils.add_permalink_suffix``: give ``template`` the style's ending."""
    name = style.lstrip(":")
    if name == "pretty":
        return template + "/"
    if name in ("date", "ordinal", "none"):
        return template + ":output_ext"
    if style.endswith("/"):
        template += "/"
    if style.endswith(":output_ext"):
        template += ":output_ext"
    return template


# The numeric parts of a date most permalinks use, written without ``strftime`` (a
# fifteenth of the time, for every post read). Ruby pads ``%Y`` to four digits too.
_NUMBERS = {"%Y": ("year", 4), "%m": ("month", 2), "%d": ("day", 2), "%H": ("hour", 2),
            "%M": ("minute", 2), "%S": ("second", 2)}


def document_placeholders(
    *,
    collection: str,
    basename_without_ext: str,
    cleaned_relative_path: str,
    output_ext: str,
    data: Mapping[str, Any],
) -> dict[str, Callable[[], str]]:
    """The values of ``:placeholders`` for a post or collection item (``UrlDrop``)."""
    date = data.get("date")

    def fmt(pattern: str) -> Callable[[], str]:
        def value() -> str:
            if date is None:
                raise ContentError(f"permalink uses a date but the document has none ({pattern})")
            number = _NUMBERS.get(pattern)
            if number is not None:
                name, width = number
                return f"{getattr(date, name):0{width}d}"
            return date.strftime(pattern)

        return value

    slug = data.get("slug")
    categories = data.get("categories") or []
    if not isinstance(categories, list):
        categories = [categories]

    def joined(transform: Callable[[str], str]) -> str:
        seen: list[str] = []
        for category in categories:
            item = transform(str(category))
            if item not in seen:
                seen.append(item)
        return "/".join(seen)

    return {
        "collection": lambda: collection,
        "output_ext": lambda: output_ext,
        "path": lambda: cleaned_relative_path,
        "name": lambda: slugify(basename_without_ext) or "",
        "title": lambda: (
            slugify(str(slug), "pretty", True) if slug is not None
            else slugify(basename_without_ext, "pretty", True)
        ) or "",
        "slug": lambda: (slugify(str(slug)) if slug is not None
                         else slugify(basename_without_ext)) or "",
        "categories": lambda: joined(str.lower),
        "slugified_categories": lambda: joined(lambda c: slugify(c) or ""),
        "year": fmt("%Y"), "month": fmt("%m"), "day": fmt("%d"), "hour": fmt("%H"),
        "minute": fmt("%M"), "second": fmt("%S"), "i_day": fmt("%-d"), "i_month": fmt("%-m"),
        "short_month": fmt("%b"), "long_month": fmt("%B"), "short_year": fmt("%y"),
        "w_year": fmt("%G"), "week": fmt("%V"), "w_day": fmt("%u"), "short_day": fmt("%a"),
        "long_day": fmt("%A"), "y_day": fmt("%j"),
    }


def document_url(template: str, placeholders: Mapping[str, Callable[[], str]]) -> str:
    """Fill a document template (``generate_url_from_drop``) and sanitise it."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        pool = [name, name[:-1]] if name.endswith("_") else [name]
        for key in pool:
            if key in placeholders:
                value = escape_path(placeholders[key]() or "")
                suffix = "_" if key != name else ""
                return value + suffix
        raise ContentError(
            f"the permalink template {template!r} uses ':{name}', which Jekyll does not know"
        )

    return sanitize_url(_PLACEHOLDER.sub(replace, template))


def page_url(template: str, path: str, basename: str, output_ext: str) -> str:
    """Fill a page template (``generate_url_from_hash``) and sanitise it."""
    result = template
    for key, value in (("path", path), ("basename", basename), ("output_ext", output_ext)):
        if ":" not in result:
            break
        result = result.replace(":" + key, escape_path(value))
    return sanitize_url(result)


def page_template(style: str, output_ext: str, basename: str) -> str:
    """Jekyll's ``Page#template``: how a page without a permalink gets its URL."""
    if output_ext not in (".html", ".xhtml", ".htm"):
        return "/:path/:basename:output_ext"
    if basename == "index":
        return "/:path/"
    return add_permalink_suffix("/:path/:basename", style)


def output_path(url: str, output_ext: str, *, is_page: bool) -> str:
    """Where a URL is written, relative to the destination (no leading slash)."""
    path = unescape_path(url)
    if url.endswith("/"):
        path += "index.html" if not is_page else "index" + output_ext
    elif not path.endswith(output_ext):
        path += output_ext
    return path.lstrip("/")


def is_style_name(style: str) -> bool:
    return style.lstrip(":") in _STYLE_NAMES
