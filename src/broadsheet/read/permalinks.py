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
_SLASHES = re.compile(r"/{2,}")
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
    return _SLASHES.sub("/", result) if "//" in result else result


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


class DocumentPlaceholders:
    """The values of ``:placeholders`` for a post or collection item (``UrlDrop``), each
    worked out when a template asks for it. (A dict of a closure per placeholder, made
    for every post read, cost more than filling the template.)"""

    __slots__ = ("collection", "basename", "path", "output_ext", "date", "slug", "categories")

    def __init__(self, *, collection: str, basename_without_ext: str,
                 cleaned_relative_path: str, output_ext: str, data: Mapping[str, Any]):
        self.collection = collection
        self.basename = basename_without_ext
        self.path = cleaned_relative_path
        self.output_ext = output_ext
        self.date = data.get("date")
        self.slug = data.get("slug")
        categories = data.get("categories") or []
        self.categories = categories if isinstance(categories, list) else [categories]

    def value(self, name: str) -> str:
        return _VALUES[name](self)

    def joined(self, transform: Callable[[str], str]) -> str:
        seen: list[str] = []
        for category in self.categories:
            item = transform(str(category))
            if item not in seen:
                seen.append(item)
        return "/".join(seen)


def _date_part(pattern: str) -> Callable[[DocumentPlaceholders], str]:
    number = _NUMBERS.get(pattern)

    def value(values: DocumentPlaceholders) -> str:
        date = values.date
        if date is None:
            raise ContentError(f"permalink uses a date but the document has none ({pattern})")
        if number is not None:
            name, width = number
            return f"{getattr(date, name):0{width}d}"
        return date.strftime(pattern)

    return value


def _title(values: DocumentPlaceholders) -> str:
    slug = values.slug
    return (slugify(str(slug), "pretty", True) if slug is not None
            else slugify(values.basename, "pretty", True)) or ""


def _slug(values: DocumentPlaceholders) -> str:
    slug = values.slug
    return (slugify(str(slug)) if slug is not None else slugify(values.basename)) or ""


_VALUES: dict[str, Callable[[DocumentPlaceholders], str]] = {
    "collection": lambda v: v.collection,
    "output_ext": lambda v: v.output_ext,
    "path": lambda v: v.path,
    "name": lambda v: slugify(v.basename) or "",
    "title": _title,
    "slug": _slug,
    "categories": lambda v: v.joined(str.lower),
    "slugified_categories": lambda v: v.joined(lambda c: slugify(c) or ""),
    **{name: _date_part(pattern) for name, pattern in (
        ("year", "%Y"), ("month", "%m"), ("day", "%d"), ("hour", "%H"), ("minute", "%M"),
        ("second", "%S"), ("i_day", "%-d"), ("i_month", "%-m"), ("short_month", "%b"),
        ("long_month", "%B"), ("short_year", "%y"), ("w_year", "%G"), ("week", "%V"),
        ("w_day", "%u"), ("short_day", "%a"), ("long_day", "%A"), ("y_day", "%j"))},
}


def document_placeholders(**fields: Any) -> DocumentPlaceholders:
    """``DocumentPlaceholders(**fields)``: the values a document's template may use."""
    return DocumentPlaceholders(**fields)


# A template's parts: text, then the placeholder that follows it (None at the end) and
# what is written after its value (the ``_`` of ``:title_`` when only ``title`` is known).
_Plan = tuple[tuple[str, str | None, str], ...]
_plans: dict[str, _Plan | ContentError] = {}


def _plan(template: str) -> _Plan:
    found = _plans.get(template)
    if found is None:
        parts: list[tuple[str, str | None, str]] = []
        at = 0
        try:
            for match in _PLACEHOLDER.finditer(template):
                name = match.group(1)
                pool = [name, name[:-1]] if name.endswith("_") else [name]
                key = next((key for key in pool if key in _VALUES), None)
                if key is None:
                    raise ContentError(f"the permalink template {template!r} uses ':{name}', "
                                       "which Jekyll does not know")
                parts.append((template[at:match.start()], key, "_" if key != name else ""))
                at = match.end()
            parts.append((template[at:], None, ""))
            found = tuple(parts)
        except ContentError as err:
            found = err
        if len(_plans) < 1024:  # a site has a few templates, unless posts set their own
            _plans[template] = found
    if isinstance(found, ContentError):
        raise ContentError(found.message)
    return found


def document_url(template: str, placeholders: DocumentPlaceholders) -> str:
    """Fill a document template (``generate_url_from_drop``) and sanitise it."""
    pieces: list[str] = []
    for text, key, suffix in _plan(template):
        pieces.append(text)
        if key is not None:
            pieces.append(escape_path(placeholders.value(key) or ""))
            pieces.append(suffix)
    return sanitize_url("".join(pieces))


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
