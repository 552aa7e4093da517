"""jekyll-seo-tag 2.8.0: the ``{% seo %}`` tag.

The gem renders a Liquid template against a "drop" that works out titles, descriptions,
the author, the image and a JSON-LD object from the page and the site. Here the same
values are computed in Python (``SeoValues``), following the gem's rules one by one, and
the markup is written directly in the shape the gem's minified template produces: one
element per line, the JSON-LD on the line after ``<script>``.

``{% seo title=false %}`` leaves out the ``<title>`` element.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TextIO, TypeVar, overload

from liquid import Node, Tag
from liquid.exceptions import LiquidError

from ..render.drops import LOOKUP_TYPES
from ..render.filters._ruby import is_hash, is_nil, to_s
from ..render.filters.json_inspect import json_string, to_json
from ..render.filters.urls import _is_absolute
from ..render.include_cache import SiteContext
from ..render.markdown import plain_line
from ..render.tags import tag_markup
from ..render.tracking import ABSENT

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream
    from liquid.token import Token

    from ..render.liquid_env import SiteEnvironment

_T = TypeVar("_T")
NAME = "jekyll-seo-tag"
VERSION = "2.8.0"

SEPARATOR = " | "
_HOME_OR_ABOUT = re.compile(r"^/(about/)?(index.html?)?$", re.MULTILINE)
_NO_TITLE = re.compile(r"title=false", re.IGNORECASE)
_ENTITY_TYPES = ("BlogPosting", "CreativeWork")
_PLAIN_PARAGRAPH = re.compile(r"<p>([^<>]*)</p>\n?")
_AUTHOR_TYPES = ("Organization", "Person")
_VERIFICATIONS = (
    ("google", "google-site-verification"),
    ("bing", "msvalidate.01"),
    ("alexa", "alexaVerifyID"),
    ("yandex", "yandex-verification"),
    ("baidu", "baidu-site-verification"),
    ("facebook", "facebook-domain-verification"),
)
# the order of the JSON-LD members: the gem sorts its keys
_JSON_LD_KEYS = ("@context", "@type", "author", "dateModified", "datePublished",
                 "description", "headline", "image", "mainEntityOfPage", "name", "publisher",
                 "sameAs", "url")


# -- Ruby's notion of truth and of "or" -------------------------------------------------
_TRUE_KINDS = frozenset((str, dict, list, int, float))  # never nil, so true


def _truthy(value: Any) -> bool:
    """Ruby truth: anything but nil and false. Asked about forty times a page, so the
    common kinds are answered by their type first."""
    if value is None or value is False:
        return False
    return type(value) in _TRUE_KINDS or not is_nil(value)


def _first(*values: Any) -> Any:
    """Ruby's ``a || b || c``: the first value that is neither nil nor false."""
    for value in values:
        if _truthy(value):
            return value
    return values[-1] if values and not is_nil(values[-1]) else None


def _get(mapping: Any, key: str) -> Any:
    """``hash[key]`` the way Liquid reaches into a value: nil for anything not a hash."""
    if type(mapping) is dict:
        value = mapping.get(key)
        return None if value is None or is_nil(value) else value
    if not is_hash(mapping):
        return None
    try:
        value = mapping.get(key)
    except (KeyError, TypeError):
        return None
    return None if value is None or is_nil(value) else value


def _reader(mapping: Mapping[str, Any]) -> Callable[[str], Any]:
    """``_get`` bound to one mapping; for our drops, without a KeyError raised and caught
    for each of the dozen keys a page lacks."""
    if type(mapping) in LOOKUP_TYPES:
        lookup = mapping.lookup  # type: ignore[attr-defined]

        def read(key: str) -> Any:
            value = lookup(key)
            return None if value is ABSENT or value is None or is_nil(value) else value

        return read
    return lambda key: _get(mapping, key)


def _sub_hash(mapping: Any, key: str) -> Mapping[str, Any]:
    value = _get(mapping, key)
    return value if isinstance(value, Mapping) else {}


def _format_cache(env: SiteEnvironment) -> dict[str | None, str | None]:
    cache = getattr(env, "_seo_formatted", None)
    if cache is None:
        cache = {}
        env._seo_formatted = cache  # type: ignore[attr-defined]
    return cache


def _format(filters: Mapping[str, Callable[..., Any]], formatted: dict[str | None, str | None],
            value: Any) -> str | None:
    """markdownify → strip_html → normalize_whitespace → escape_once; None if empty.
    Texts, and nil (a site without a description asks on every page), are formatted
    once per build, in ``formatted``."""
    if type(value) is str and "  " not in value and plain_line(value):
        return value  # a plain line of words: each of the four steps gives it back
    cacheable = value is None or isinstance(value, str)
    if cacheable and value in formatted:
        return formatted[value]
    text = value
    steps = ("markdownify", "strip_html", "normalize_whitespace", "escape_once")
    paragraph = _PLAIN_PARAGRAPH.fullmatch(value) if isinstance(value, str) else None
    if paragraph is not None:
        # a post's excerpt: kramdown passes an HTML block through, strip_html takes
        # the tags off again, and what is left is the paragraph's text
        text, steps = paragraph.group(1), steps[2:]
    for name in steps:
        text = filters[name](text)
    result = to_s(text) or None
    if cacheable and len(formatted) < 10_000:
        formatted[value] = result
    return result


class _once(Generic[_T]):  # noqa: N801 - used as a decorator, like the property it stands for
    """``functools.cached_property`` without the lock Python 3.11's takes on every first
    read: one SeoValues lives for one page, so every read of it was a first, and the lock
    cost a tenth of the tag. A value is computed once and kept in the instance."""

    def __init__(self, func: Callable[[Any], _T]):
        self.func = func
        self.name = func.__name__

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> _once[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object, owner: type | None = None) -> _T | _once[_T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


class SeoValues:
    """What the gem's ``Jekyll::SeoTag::Drop`` answers, for one page. Each value is worked
    out once (``_once``): render_seo asks for most of them several times."""

    def __init__(self, env: SiteEnvironment, page: Any, site: Any, paginator: Any,
                 shared: SiteSeo | None = None):
        self.filters = env.filters
        # site titles and descriptions come up on every page: format each text once
        self._formatted: dict[str | None, str | None] = _format_cache(env)
        self.page = page if isinstance(page, Mapping) else {}
        self._read = _reader(self.page)
        self.site = site if isinstance(site, Mapping) else {}
        self.paginator = paginator
        self.shared = shared  # the values that depend on the site alone, if worked out
        self._cache: dict[str, Any] = {}

    # -- helpers ----------------------------------------------------------------------
    def _filter(self, name: str, value: Any) -> Any:
        func: Callable[..., Any] = self.filters[name]
        return func(value)

    def format_string(self, value: Any) -> str | None:
        return _format(self.filters, self._formatted, value)

    def absolute_url(self, value: Any) -> Any:
        return self._filter("absolute_url", value)

    def xmlschema(self, value: Any) -> Any:
        """The page's date is written three times (published, modified, the JSON-LD):
        formatted once."""
        found = self._cache.get("xmlschema")
        if found is not None and found[0] is value:
            return found[1]
        text = self._filter("date_to_xmlschema", value)
        self._cache["xmlschema"] = (value, text)
        return text

    @staticmethod
    def is_absolute(value: Any) -> bool | None:
        """``Addressable::URI.parse(value).absolute?``; None when it cannot be parsed."""
        if is_nil(value):
            return None
        try:
            return _is_absolute(to_s(value))  # which parses only text with a colon
        except (LiquidError, ValueError, AssertionError):
            return None

    @_once
    def page_seo(self) -> Mapping[str, Any]:
        value = self._read("seo")
        return value if isinstance(value, Mapping) else {}

    @_once
    def site_social(self) -> Mapping[str, Any]:
        if self.shared is not None:
            return self.shared.site_social
        return _sub_hash(self.site, "social")

    @_once
    def _home_or_about(self) -> bool:
        return bool(_HOME_OR_ABOUT.search(to_s(self._read("url"))))

    def homepage_or_about(self) -> bool:
        return self._home_or_about

    # -- titles -------------------------------------------------------------------------
    @_once
    def site_title(self) -> str | None:
        if self.shared is not None:
            return self.shared.site_title
        return self.format_string(_first(_get(self.site, "title"), _get(self.site, "name")))

    @_once
    def site_tagline(self) -> str | None:
        if self.shared is not None:
            return self.shared.site_tagline
        return self.format_string(_get(self.site, "tagline"))

    @_once
    def site_description(self) -> str | None:
        if self.shared is not None:
            return self.shared.site_description
        return self.format_string(_get(self.site, "description"))

    @_once
    def page_title(self) -> str | None:
        return _first(self.format_string(self._read("title")), self.site_title)

    @_once
    def _title(self) -> str | None:
        site_title, page_title = self.site_title, self.page_title
        if site_title and page_title != site_title:
            return f"{page_title}{SEPARATOR}{site_title}"
        if self.site_description and site_title:
            return f"{site_title}{SEPARATOR}{_first(self.site_tagline, self.site_description)}"
        return _first(page_title, site_title)

    @property
    def title(self) -> str | None:
        title = self._title
        number = self.page_number()
        return number + title if number is not None and title is not None else title

    def page_number(self) -> str | None:
        current = _get(self.paginator, "page")
        if not _truthy(current):
            return None
        total = _get(self.paginator, "total_pages")
        message = to_s(_get(self.site, "seo_paginator_message")
                       or "Page %<current>s of %<total>s for ")
        try:
            if not int(current) > 1:
                return None
        except (TypeError, ValueError):
            return None
        values = {"current": to_s(current), "total": to_s(total)}
        return re.sub(r"%<(\w+)>s|%%",
                      lambda m: "%" if m.group() == "%%" else values.get(m.group(1), ""),
                      message)

    @_once
    def name(self) -> str | None:
        seo_name = _get(self.page_seo, "name")
        if _truthy(seo_name):
            formatted = self.format_string(seo_name)
            if formatted:
                return formatted
        if not self._home_or_about:
            return None
        social_name = _get(self.site_social, "name")
        if _truthy(social_name):
            return self.format_string(social_name)
        return self.site_title

    @_once
    def description(self) -> str | None:
        read = self._read
        return _first(self.format_string(_first(read("description"), read("excerpt"))),
                      self.site_description)

    # -- author -----------------------------------------------------------------------
    @_once
    def author(self) -> Mapping[str, Any]:
        sources = [self._read("author")]
        authors = self._read("authors")
        if isinstance(authors, list):
            sources.append(authors[0] if authors else None)
        sources.append(self.shared.author if self.shared is not None
                       else _get(self.site, "author"))
        return _resolve_author(sources, self.site)

    @_once
    def author_name(self) -> Any:
        return _get(self.author, "name")

    @property
    def author_twitter(self) -> str | None:
        handle = _first(_get(self.author, "twitter"), _get(self.author, "name"))
        return re.sub(r"^@", "", handle, count=1) if isinstance(handle, str) else None

    # -- image ------------------------------------------------------------------------
    @_once
    def image_hash(self) -> dict[str, Any]:
        meta = self._read("image")
        if isinstance(meta, Mapping):
            return {"path": None, **meta}
        if isinstance(meta, str):
            return {"path": meta}
        return {"path": None}

    @_once
    def image_path(self) -> str | None:
        image = self.image_hash
        raw = _first(image.get("path"), image.get("facebook"), image.get("twitter"))
        if not _truthy(raw):
            return None
        url = raw
        if isinstance(raw, str) and self.is_absolute(raw) is False:
            url = self.absolute_url(raw)
        if not _truthy(url):
            return None
        return to_s(self._filter("uri_escape", url))

    def json_image(self) -> Any:
        path = self.image_path
        if path is None:
            return None
        keys = dict.fromkeys(["path", *self.image_hash])
        if len(keys) == 1:
            return path
        image = {key: path if key == "path" else self.image_hash.get(key) for key in keys}
        image["url"] = image.pop("path")
        image["@type"] = "imageObject"
        return image

    # -- dates, type, links, logo, locale, canonical ------------------------------------
    @_once
    def date(self) -> Any:
        return self._read("date")

    @property
    def date_modified(self) -> Any:
        date = _first(_get(self.page_seo, "date_modified"), self._read("last_modified_at"),
                      self.date)
        return self.xmlschema(date) if _truthy(date) else None

    @property
    def date_published(self) -> Any:
        date = self.date
        return self.xmlschema(date) if _truthy(date) else None

    @property
    def type(self) -> Any:
        if _truthy(_get(self.page_seo, "type")):
            return _get(self.page_seo, "type")
        if self._home_or_about:
            return "WebSite"
        if _truthy(self.date):
            return "BlogPosting"
        return "WebPage"

    @property
    def links(self) -> Any:
        if _truthy(_get(self.page_seo, "links")):
            return _get(self.page_seo, "links")
        if self._home_or_about and _truthy(_get(self.site_social, "links")):
            return _get(self.site_social, "links")
        return None

    @property
    def logo(self) -> Any:
        if self.shared is not None:
            return self.shared.logo
        logo = _get(self.site, "logo")
        if not _truthy(logo):
            return None
        if self.is_absolute(logo):
            return self._filter("uri_escape", logo)
        return self._filter("uri_escape", self.absolute_url(logo))

    @property
    def page_locale(self) -> str:
        shared = self.shared
        site_lang = shared.lang if shared is not None else _get(self.site, "lang")
        site_locale = shared.locale if shared is not None else _get(self.site, "locale")
        lang = _first(self._read("lang"), site_lang, "en_US")
        locale = _first(self._read("locale"), site_locale, lang)
        return to_s(locale).replace("-", "_")

    @_once
    def canonical_url(self) -> Any:
        given = self._read("canonical_url")
        if to_s(given) == "":
            url = to_s(self.absolute_url(self._read("url")))
            return re.sub(r"/index\.html$", "/", url, flags=re.MULTILINE)
        return given

    # -- JSON-LD ------------------------------------------------------------------------
    def json_author(self) -> dict[str, Any] | None:
        name = self.author_name
        if not _truthy(name):
            return None
        kind = _get(self.author, "type")
        if _truthy(kind) and kind not in _AUTHOR_TYPES:
            return None
        author: dict[str, Any] = {"@type": kind if _truthy(kind) else "Person", "name": name}
        url = _get(self.author, "url")
        if _truthy(url):
            author["url"] = url
        return author

    def json_ld(self) -> dict[str, Any]:
        logo = self.logo
        publisher = None
        if _truthy(logo):
            publisher = {"@type": "Organization", "logo": {"@type": "ImageObject", "url": logo}}
            if _truthy(self.author_name):
                publisher["name"] = self.author_name
        kind = self.type
        values = {
            "@context": "https://schema.org",
            "@type": kind,
            "author": self.json_author(),
            "dateModified": self.date_modified,
            "datePublished": self.date_published,
            "description": self.description,
            "headline": self.page_title,
            "image": self.json_image(),
            "mainEntityOfPage": ({"@type": "WebPage", "@id": self.canonical_url}
                                 if kind in _ENTITY_TYPES else None),
            "name": self.name,
            "publisher": publisher,
            "sameAs": self.links,
            "url": self.canonical_url,
        }
        return {key: values[key] for key in _JSON_LD_KEYS if not is_nil(values[key])}


def _json_ld_text(values: dict[str, Any], depth: int = 0) -> str:
    """``to_json`` of the JSON-LD object, with its text members and plain objects written
    directly: they are most of it, and the general writer asks each value what kind it is
    a dozen ways. Anything else, and anything nested deeply, is left to ``to_json``."""
    parts = []
    for key, value in values.items():
        kind = type(value)
        if kind is str:
            text = json_string(value)
        elif kind is dict and depth < 8 and all(type(k) is str for k in value):
            text = _json_ld_text(value, depth + 1)
        else:
            text = to_json(value, depth + 1)
        parts.append(json_string(key) + ":" + text)
    return "{" + ",".join(parts) + "}"


def _meta(kind: str, key: str, value: Any) -> str:
    return f'<meta {kind}="{key}" content="{value if type(value) is str else to_s(value)}" />'


class SiteSeo:
    """What ``{% seo %}`` works out from the site alone, once per build instead of once
    per page (it was a quarter of a minima page's rendering): the site's title, tagline,
    description, social profile, author, language and logo, and the lines that depend on
    nothing else. All of it comes from the configuration, which is in an incremental
    build's signature, so a page need not note reading it again."""

    def __init__(self, env: SiteEnvironment, site: Any, jekyll: Any):
        values = SeoValues(env, {}, site, None)
        self.site_title = values.site_title
        self.site_tagline = values.site_tagline
        self.site_description = values.site_description
        self.site_social = values.site_social
        self.logo = values.logo
        self.author = _get(values.site, "author")
        self.lang = _get(values.site, "lang")
        self.locale = _get(values.site, "locale")
        self.url = _get(values.site, "url")
        self.generator = _meta("name", "generator", f"Jekyll v{to_s(_get(jekyll, 'version'))}")
        self.twitter = _get(values.site, "twitter")
        self.twitter_card = _get(self.twitter, "card")
        self.twitter_site = _meta("name", "twitter:site", "@" + to_s(
            _get(self.twitter, "username")).replace("@", "")) if _truthy(self.twitter) else None
        self.closing = _closing_lines(values.site)


def _closing_lines(site: Any) -> list[str]:
    """Facebook's and the search engines' verification lines, which end the block."""
    lines: list[str] = []
    facebook = _get(site, "facebook")
    if _truthy(facebook):
        for key, kind, name in (("admins", "property", "fb:admins"),
                                ("publisher", "property", "article:publisher"),
                                ("app_id", "property", "fb:app_id")):
            if _truthy(_get(facebook, key)):
                lines.append(_meta(kind, name, _get(facebook, key)))
    verifications = _get(site, "webmaster_verifications")
    if _truthy(verifications):
        for key, name in _VERIFICATIONS:
            if _truthy(_get(verifications, key)):
                lines.append(_meta("name", name, _get(verifications, key)))
    elif _truthy(_get(site, "google_site_verification")):
        lines.append(_meta("name", "google-site-verification",
                           _get(site, "google_site_verification")))
    return lines


def _site_seo(env: SiteEnvironment, site: Any, jekyll: Any) -> SiteSeo:
    """The build's ``SiteSeo``, for the site payload every page shares."""
    raw = site.raw() if hasattr(site, "raw") else site
    found = getattr(env, "_seo_site", None)
    if found is None or found[0] is not raw or found[1] is not jekyll:
        found = (raw, jekyll, SiteSeo(env, site, jekyll))
        env._seo_site = found  # type: ignore[attr-defined]
    return found[2]


def render_seo(env: SiteEnvironment, page: Any, site: Any, paginator: Any, jekyll: Any,
               show_title: bool = True) -> str:
    """The whole block ``{% seo %}`` writes, for one page."""
    shared = _site_seo(env, site, jekyll)
    if paginator is None and type(page) in LOOKUP_TYPES:
        block = _plain_page_block(env, page, site, shared, show_title)
        if block is not None:
            return block
    return _block(env, page, site, paginator, shared, show_title)


# what a page may set that _plain_page_block leaves to the general rules
_NOT_PLAIN = frozenset(("seo", "authors", "canonical_url", "last_modified_at", "twitter"))
_PLAIN_READS = ("title", "description", "excerpt", "author", "image", "date", "url", "lang",
                "locale", *_NOT_PLAIN)
_INDEX_HTML = re.compile(r"/index\.html$", re.MULTILINE)


def _plain_page_block(env: SiteEnvironment, page: Any, site: Any, shared: SiteSeo,
                      show_title: bool) -> str | None:
    """``_block`` for a page that is not paginated, sets none of ``_NOT_PLAIN`` and has
    no image or a path of one: nearly every post and page of a news site. The gem's rules
    are the same; they are worked out in one pass over the page's values, without
    SeoValues' descriptors and helpers, which made up most of the tag's time (35 µs of a
    post's 190). None for any other page. ``tests/plugins/test_seo.py`` checks that the
    two agree on generated pages and sites."""
    lookup = page.lookup
    got: dict[str, Any] = {}
    for key in _PLAIN_READS:  # every key the rules may read, each noted once
        value = lookup(key)
        if value is not ABSENT and value is not None and (type(value) is str
                                                         or not is_nil(value)):
            got[key] = value
    image = got.get("image")
    if (not _NOT_PLAIN.isdisjoint(got) or not (image is None or type(image) is str)):
        return None
    formatted = _format_cache(env)
    filters = env.filters
    site_title = shared.site_title
    page_title = _format(filters, formatted, got.get("title")) or site_title
    if site_title and page_title != site_title:
        title = f"{page_title}{SEPARATOR}{site_title}"
    elif shared.site_description and site_title:
        title = f"{site_title}{SEPARATOR}{_first(shared.site_tagline, shared.site_description)}"
    else:
        title = page_title or site_title
    url = got.get("url")
    home_or_about = bool(_HOME_OR_ABOUT.search(to_s(url)))
    description = _first(_format(filters, formatted, _first(got.get("description"),
                                                            got.get("excerpt"))),
                         shared.site_description)
    author = _resolve_author((got.get("author"), shared.author), site)
    author_name = _get(author, "name")
    date = got.get("date")
    dated = _truthy(date)
    published = None
    if dated:
        published = filters["date_to_xmlschema"](date)
    canonical = _INDEX_HTML.sub("/", to_s(filters["absolute_url"](url)))
    image_path = None
    if image is not None:
        url_of_image = image
        if SeoValues.is_absolute(image) is False:
            url_of_image = filters["absolute_url"](image)
        if _truthy(url_of_image):
            image_path = to_s(filters["uri_escape"](url_of_image))
    lang = _first(got.get("lang"), shared.lang, "en_US")
    locale = to_s(_first(got.get("locale"), shared.locale, lang)).replace("-", "_")

    lines = [f"<title>{title}</title>\n" if show_title and _truthy(title) else "",
             shared.generator, "\n"]
    if _truthy(page_title):
        lines.append(f'<meta property="og:title" content="{page_title}" />\n')
    if _truthy(author_name):
        lines.append(_meta("name", "author", author_name) + "\n")
    lines.append(f'<meta property="og:locale" content="{locale}" />\n')
    if _truthy(description):
        text = description if type(description) is str else to_s(description)
        lines.append(f'<meta name="description" content="{text}" />\n'
                     f'<meta property="og:description" content="{text}" />\n')
    if _truthy(shared.url):
        lines.append(f'<link rel="canonical" href="{canonical}" />\n'
                     f'<meta property="og:url" content="{canonical}" />\n')
    if _truthy(site_title):
        lines.append(f'<meta property="og:site_name" content="{site_title}" />\n')
    if image_path is not None:
        lines.append(f'<meta property="og:image" content="{image_path}" />\n')
    if dated:
        lines.append('<meta property="og:type" content="article" />\n'
                     f'<meta property="article:published_time" content="{to_s(published)}" />\n')
    else:
        lines.append('<meta property="og:type" content="website" />\n')
    if image_path is not None:
        card = _first(None, shared.twitter_card, "summary_large_image")
        lines.append(_meta("name", "twitter:card", card) + "\n"
                     f'<meta property="twitter:image" content="{image_path}" />\n')
    else:
        lines.append('<meta name="twitter:card" content="summary" />\n')
    if _truthy(page_title):
        lines.append(f'<meta property="twitter:title" content="{page_title}" />\n')
    if shared.twitter_site is not None:
        lines.append(shared.twitter_site + "\n")
        handle = _first(_get(author, "twitter"), author_name)
        handle = re.sub(r"^@", "", handle, count=1) if isinstance(handle, str) else None
        if _truthy(handle):
            lines.append(_meta("name", "twitter:creator", "@" + to_s(handle).replace("@", ""))
                         + "\n")
    lines.extend(line + "\n" for line in shared.closing)

    # the JSON-LD, in the gem's key order, without its nil members
    if home_or_about:
        kind = "WebSite"
    elif dated:
        kind = "BlogPosting"
    else:
        kind = "WebPage"
    json = ['{"@context":"https://schema.org","@type":"', kind, '"']
    if _truthy(author_name):
        author_kind = _get(author, "type")
        if not _truthy(author_kind) or author_kind in _AUTHOR_TYPES:
            json_author = {"@type": author_kind if _truthy(author_kind) else "Person",
                           "name": author_name}
            author_url = _get(author, "url")
            if _truthy(author_url):
                json_author["url"] = author_url
            json.append(',"author":' + _json_ld_text(json_author, 1))
    if dated and not is_nil(published):
        text = _json_value(published)
        json.append(f',"dateModified":{text},"datePublished":{text}')
    if description is not None:
        json.append(',"description":' + _json_value(description))
    if page_title is not None:
        json.append(',"headline":' + _json_value(page_title))
    if image_path is not None:
        json.append(',"image":' + json_string(image_path))
    if kind == "BlogPosting":
        json.append(',"mainEntityOfPage":{"@type":"WebPage","@id":'
                    + json_string(canonical) + "}")
    if home_or_about:
        social_name = _get(shared.site_social, "name")
        name = _format(filters, formatted, social_name) if _truthy(social_name) else site_title
        if name is not None:
            json.append(',"name":' + _json_value(name))
    logo = shared.logo
    if _truthy(logo):
        publisher: dict[str, Any] = {"@type": "Organization",
                                     "logo": {"@type": "ImageObject", "url": logo}}
        if _truthy(author_name):
            publisher["name"] = author_name
        json.append(',"publisher":' + _json_ld_text(publisher, 1))
    if home_or_about:
        links = _get(shared.site_social, "links")
        if _truthy(links):
            json.append(',"sameAs":' + _json_value(links))
    json.append(',"url":' + json_string(canonical) + "}")
    return (f"<!-- Begin Jekyll SEO tag v{VERSION} -->\n{''.join(lines)}"
            f'<script type="application/ld+json">\n{"".join(json)}</script>\n'
            "<!-- End Jekyll SEO tag -->\n")


def _json_value(value: Any) -> str:
    """A member's value as ``_json_ld_text`` writes it."""
    kind = type(value)
    if kind is str:
        return json_string(value)
    if kind is dict and all(type(k) is str for k in value):
        return _json_ld_text(value, 1)
    return to_json(value, 1)


def _resolve_author(sources: Iterable[Any], site: Any) -> Mapping[str, Any]:
    """The author: the first of ``sources`` that is not empty text, as a hash, a name
    completed from ``site.data.authors``, or nothing."""
    resolved = next((s for s in sources if to_s(s) != ""), None)
    if isinstance(resolved, Mapping):
        return resolved
    if isinstance(resolved, str):
        found: dict[str, Any] = {"name": resolved}
        data_authors = _get(_get(site, "data"), "authors")
        if isinstance(data_authors, Mapping):
            extra = _get(data_authors, resolved)
            if isinstance(extra, Mapping):
                found.update(extra)
        return found
    return {}


def _block(env: SiteEnvironment, page: Any, site: Any, paginator: Any, shared: SiteSeo,
           show_title: bool) -> str:
    """The block by the gem's rules one by one, for any page."""
    seo = SeoValues(env, page, site, paginator, shared)
    lines: list[str] = []

    def meta(kind: str, key: str, value: Any) -> None:
        lines.append(_meta(kind, key, value))

    title = seo.title
    if show_title and _truthy(title):
        lines.append(f"<title>{title}</title>")
    lines.append(shared.generator)
    page_title = seo.page_title
    if _truthy(page_title):
        meta("property", "og:title", page_title)
    if _truthy(seo.author_name):
        meta("name", "author", seo.author_name)
    meta("property", "og:locale", seo.page_locale)
    description = seo.description
    if _truthy(description):
        meta("name", "description", description)
        meta("property", "og:description", description)
    if _truthy(shared.url):
        canonical = seo.canonical_url
        lines.append(f'<link rel="canonical" href="{to_s(canonical)}" />')
        meta("property", "og:url", canonical)
    if _truthy(seo.site_title):
        meta("property", "og:site_name", seo.site_title)
    image = seo.image_path
    if image is not None:
        meta("property", "og:image", image)
        for key in ("height", "width", "alt"):
            if _truthy(seo.image_hash.get(key)):
                meta("property", f"og:image:{key}", seo.image_hash[key])
    date = _get(page, "date")
    if _truthy(date):
        meta("property", "og:type", "article")
        meta("property", "article:published_time", seo.xmlschema(date))
    else:
        meta("property", "og:type", "website")
    for rel, number, path in (("prev", "previous_page", "previous_page_path"),
                              ("next", "next_page", "next_page_path")):
        if _truthy(_get(paginator, number)):
            href = to_s(seo.absolute_url(_get(paginator, path)))
            lines.append(f'<link rel="{rel}" href="{href}" />')
    if image is not None:
        card = _first(_get(_get(page, "twitter"), "card"), shared.twitter_card,
                      "summary_large_image")
        meta("name", "twitter:card", card)
        meta("property", "twitter:image", image)
    else:
        meta("name", "twitter:card", "summary")
    if image is not None and _truthy(seo.image_hash.get("alt")):
        meta("name", "twitter:image:alt", seo.image_hash["alt"])
    if _truthy(page_title):
        meta("property", "twitter:title", page_title)
    if shared.twitter_site is not None:
        lines.append(shared.twitter_site)
        if _truthy(seo.author_twitter):
            meta("name", "twitter:creator", "@" + to_s(seo.author_twitter).replace("@", ""))
    lines.extend(shared.closing)
    body = "".join(line + "\n" for line in lines)
    return (f"<!-- Begin Jekyll SEO tag v{VERSION} -->\n{body}"
            f'<script type="application/ld+json">\n{_json_ld_text(seo.json_ld())}</script>\n'
            "<!-- End Jekyll SEO tag -->\n")


class SeoNode(Node):
    __slots__ = ("markup",)
    tag = sys.intern("seo")

    def __init__(self, token: Token, markup: str):
        super().__init__(token)
        self.markup = markup
        self.blank = False

    def __str__(self) -> str:
        return f"{{% seo {self.markup} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env: SiteEnvironment = context.env  # type: ignore[assignment]
        if isinstance(context, SiteContext):  # noted, so that the include cache sees it
            page, site = context.read_global("page"), context.read_global("site")
            jekyll = context.read_global("jekyll")
        else:
            page, site = context.globals.get("page"), context.globals.get("site")
            jekyll = context.globals.get("jekyll")
        paginator = context.resolve("paginator")
        show_title = not _NO_TITLE.search(self.markup)
        buffer.write(render_seo(env, page, site, paginator, jekyll, show_title))
        return True


class SeoTag(Tag):
    name = "seo"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, markup = tag_markup(stream)
        return SeoNode(token, markup)


def register(env: SiteEnvironment) -> None:
    env.add_tag(SeoTag)
