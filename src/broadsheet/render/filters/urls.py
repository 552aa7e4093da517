"""``relative_url``, ``absolute_url``, ``strip_index`` and ``uri_escape``, via an Addressable port.

Jekyll builds these URLs by gluing strings and then running them through Ruby's
Addressable gem (``URI.parse(...).normalize``), which percent-encodes spaces and non-ASCII,
decodes needless escapes (``%7E`` becomes ``~``), upper-cases the rest, NFKC-normalises
text, lower-cases scheme and host, drops default ports and removes ``.``/``..`` segments.
Python's ``urllib`` does none of this the same way, so the parts of Addressable that those
filters reach are ported here rule for rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from liquid.exceptions import FilterArgumentError

from ._ruby import is_nil, to_s

_ALPHA_DIGIT = "a-zA-Z0-9"
_UNRESERVED = _ALPHA_DIGIT + r"\-\.\_\~"
_SUB_DELIMS = r"\!\$\&\'\(\)\*\+\,\;\="
_GEN_DELIMS = r"\:\/\?\#\[\]\@"
_PCHAR = _UNRESERVED + _SUB_DELIMS + r"\:\@"
_RESERVED_AND_UNRESERVED = re.compile(f"[^{_GEN_DELIMS}{_SUB_DELIMS}{_UNRESERVED}]".encode())
_NORMALIZE_SCHEME = re.compile(f"[^{_ALPHA_DIGIT}\\-\\+\\.]".encode())
_NORMALIZE_HOST = re.compile(f"[^{_UNRESERVED}{_SUB_DELIMS}\\[\\:\\]]".encode())
_NORMALIZE_USER = re.compile(f"[^{_UNRESERVED}]".encode())
_NORMALIZE_PCHAR = re.compile(f"[^{_PCHAR}]".encode())
_NORMALIZE_FRAGMENT = re.compile(f"[^{_PCHAR}\\/\\?]".encode())
_NORMALIZE_QUERY = re.compile(rb"[^a-zA-Z0-9\-\.\_\~\!\$\'\(\)\*\+\,\=\:\@\/\?%]|%(?!2B|2b)")
_URI_PARTS = re.compile(r"^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$", re.MULTILINE)
_SCHEME_FORMAT = re.compile(r"[a-z][a-z0-9.+\-]*", re.IGNORECASE)
_NORMPATH = re.compile(r"^(?!/)[^/:]*:.*$", re.MULTILINE)
_PERCENT = re.compile(rb"%[0-9a-fA-F]{2}")
_PORTS = {
    "http": 80, "https": 443, "ftp": 21, "tftp": 69, "sftp": 22, "ssh": 22, "svn+ssh": 22,
    "telnet": 23, "nntp": 119, "gopher": 70, "wais": 210, "ldap": 389, "prospero": 1525,
}


def _unencode(component: bytes, leave_encoded: str = "") -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        char = bytes([int(match.group()[1:], 16)])
        return match.group() if char.decode("latin-1") in leave_encoded else char

    return _PERCENT.sub(replace, component)


def _encode(component: bytes, pattern: re.Pattern[bytes], upcase_encoded: str = "") -> bytes:
    encoded = pattern.sub(lambda m: b"".join(b"%%%02X" % byte for byte in m.group()), component)
    if upcase_encoded:
        codes = "|".join(f"{ord(char):02X}" for char in upcase_encoded)
        encoded = re.sub(f"%({codes})".encode(), lambda m: m.group().upper(), encoded,
                         flags=re.IGNORECASE)
    return encoded


def normalize_component(text: str, pattern: re.Pattern[bytes] = _RESERVED_AND_UNRESERVED,
                        leave_encoded: str = "") -> str:
    """``Addressable::URI.normalize_component``: decode, NFKC, re-encode outside the class."""
    unencoded = _unencode(text.encode("utf-8", "surrogateescape"), leave_encoded)
    try:
        decoded = unencoded.decode("utf-8")
    except UnicodeDecodeError:
        encoded = _encode(unencoded, _RESERVED_AND_UNRESERVED)
    else:
        normal = unicodedata.normalize("NFKC", decoded).encode("utf-8")
        encoded = _encode(normal, pattern, leave_encoded)
    return encoded.decode("utf-8", "surrogateescape")


class _URI:
    """The parsed parts of a URI, as ``Addressable::URI.parse`` splits them."""

    def __init__(self, text: str):
        match = _URI_PARTS.search(text)
        assert match is not None
        self.scheme: str | None = match.group(2)
        authority = match.group(4)
        self.path = match.group(5) or ""
        self.query: str | None = match.group(7)
        self.fragment: str | None = match.group(9)
        self.user: str | None = None
        self.password: str | None = None
        self.host: str | None = None
        self.port: str | None = None
        if authority is not None:
            userinfo = re.match(r"^([^\[\]]*)@", authority)
            if userinfo:
                info = userinfo.group(1).strip()
                self.user = re.match(r"^([^:]*):?", info).group(1)  # type: ignore[union-attr]
                password = re.search(r":(.*)$", info)
                self.password = password.group(1) if password else None
            host = re.sub(r"^([^\[\]]*)@", "", authority, count=1)
            self.host = re.sub(r":([^:@\[\]]*?)$", "", host, count=1)
            port = re.search(r":([^:@\[\]]*?)$", authority)
            self.port = port.group(1) if port and port.group(1) else None
        if self.scheme is not None and not _SCHEME_FORMAT.fullmatch(self.scheme):
            raise FilterArgumentError(f"Invalid scheme format: '{self.scheme}'", token=None)
        if self.port is not None and not self.port.isdigit():
            raise FilterArgumentError(f"Invalid port number: {self.port!r}", token=None)

    @property
    def absolute(self) -> bool:
        return self.scheme is not None

    def normalized(self) -> str:
        scheme = None
        if self.scheme is not None:
            scheme = normalize_component(self.scheme.strip().lower(), _NORMALIZE_SCHEME)
        authority = self._normalized_authority(scheme)
        path = self._normalized_path(scheme)
        if path and not path.startswith("/") and authority is not None:
            path = "/" + path
        query = None
        if self.query is not None:
            pairs = self.query.split("&")
            query = "&".join(normalize_component(p, _NORMALIZE_QUERY, "+") for p in pairs)
            query = query or None
        fragment = None
        if self.fragment is not None:
            fragment = normalize_component(self.fragment, _NORMALIZE_FRAGMENT) or None
        if scheme is None and path and _NORMPATH.search(path):
            raise FilterArgumentError(
                f"Cannot assemble URI string with ambiguous path: '{path}'", token=None
            )
        out = f"{scheme}:" if scheme is not None else ""
        out += f"//{authority}" if authority is not None else ""
        out += path
        out += f"?{query}" if query is not None else ""
        out += f"#{fragment}" if fragment is not None else ""
        return out

    def _normalized_authority(self, scheme: str | None) -> str | None:
        if self.host is None:
            return None
        out = ""
        user = self.user
        if user is not None and scheme and re.search("https?", scheme) and not user.strip() \
                and not (self.password or "").strip():
            user = None
        user = normalize_component(user.strip(), _NORMALIZE_USER) if user is not None else None
        password = None
        if self.password is not None:
            password = normalize_component(self.password.strip(), _NORMALIZE_USER)
        if user is not None and password is not None:
            out += f"{user}:{password}@"
        elif user is not None:
            out += f"{user}@"
        out += _normalized_host(self.host)
        if self.port is not None and _PORTS.get(scheme or "") != int(self.port):
            out += f":{self.port}"
        return out

    def _normalized_path(self, scheme: str | None) -> str:
        path = self.path
        if self.scheme is None and _NORMPATH.search(path):
            path = path.replace(":", "%2F", 1)
        segments = path.strip().split("/")
        result = "/".join(normalize_component(seg, _NORMALIZE_PCHAR) for seg in segments)
        result = remove_dot_segments(result)
        if not result and scheme in ("http", "https", "ftp", "tftp"):
            result = "/"
        return result


def _normalized_host(host: str) -> str:
    host = host.strip()
    if not host:
        return ""
    decoded = _unencode(host.lower().encode("utf-8")).decode("utf-8", "replace")
    try:
        result = decoded.encode("idna").decode("ascii") if not decoded.isascii() else decoded
    except UnicodeError:
        result = decoded
    if re.search(r"[^.]\.$", result):
        result = result[:-1]
    return normalize_component(result, _NORMALIZE_HOST)


_RULE_2A = re.compile(r"/\./|/\.$", re.MULTILINE)
_RULE_2B_2C = re.compile(r"/([^/]*)/\.\./|/([^/]*)/\.\.$", re.MULTILINE)
_RULE_2D = re.compile(r"^\.\.?/?", re.MULTILINE)
_RULE_PREFIXED_PARENT = re.compile(r"^/\.\.?/|^(/\.\.?)+/?$", re.MULTILINE)


def remove_dot_segments(path: str) -> str:
    """``Addressable::URI.normalize_path``: one rewrite per round until nothing changes."""
    while True:
        new, count = _RULE_2A.subn("/", path)
        if not count:
            pair = _RULE_2B_2C.search(path)
            if pair and ((pair.group(1) or "") not in (".", "..")
                         or (pair.group(2) or "") not in (".", "..")):
                parent, current = re.escape(pair.group(1) or ""), re.escape(pair.group(2) or "")
                pattern = re.compile(f"/{parent}/\\.\\./|(/{current}/\\.\\.$)", re.MULTILINE)
                new, count = pattern.subn("/", path)
        if not count:
            new, count = _RULE_2D.subn("", path)
        if not count:
            new, count = _RULE_PREFIXED_PARENT.subn("/", path)
        if not count:
            return path
        path = new


def _url_of(value: Any) -> Any:
    """Jekyll asks drops that answer ``url`` for it; plain hashes have no such method."""
    if type(value) is str:  # the usual: a path
        return value
    if isinstance(value, Mapping) and not isinstance(value, dict) and "url" in value:
        return value["url"]
    return value


def _leading_slash(text: str) -> str:
    return text if not text or text.startswith("/") else "/" + text


# Paths and site URLs that Addressable's normalisation leaves as they are: unreserved
# characters only, no "." or ".." segments, no empty segments, no port to drop. Sitemaps
# and feeds normalise one URL per page; this skips the full parse for the usual ones.
PLAIN_PATH = re.compile(r"(?:/[A-Za-z0-9_~-]+(?:\.[A-Za-z0-9_~-]+)*)*/?")
PLAIN_SITE = re.compile(r"https?://[a-z0-9-]+(?:\.[a-z0-9-]+)*")


def _is_absolute(text: str) -> bool:
    """``Addressable::URI.parse(text).absolute?``. Text without a colon is not parsed:
    only a scheme makes a URI absolute, and only a scheme or a port (both after a colon)
    can make the parse fail."""
    return ":" in text and _URI(text).absolute


def compute_relative_url(value: Any, baseurl: object) -> str:
    value = _url_of(value)
    text = to_s(value)
    base = "" if baseurl is None else to_s(baseurl)
    base = base[:-1] if base.endswith("/") else base
    joined = _leading_slash(base) + _leading_slash(text)
    if PLAIN_PATH.fullmatch(joined):
        return joined
    if _is_absolute(text):
        return value if isinstance(value, str) else text
    return _URI(joined).normalized()


def compute_absolute_url(value: Any, url: object, baseurl: object) -> str:
    value = _url_of(value)
    text = to_s(value)
    # a path ("/2025/story/", not "//host") has no scheme and nothing to reject: no parse
    if not (text[:1] == "/" and text[1:2] != "/") and _is_absolute(text):
        return value if isinstance(value, str) else text
    if url is None or url == "":
        return compute_relative_url(value, baseurl)
    site, path = to_s(url), compute_relative_url(value, baseurl)
    if path and PLAIN_SITE.fullmatch(site) and PLAIN_PATH.fullmatch(path):
        return site + path
    return _URI(site + path).normalized()


def make_url_filters(config: Mapping[str, Any]) -> dict[str, Any]:
    """The URL filters, reading the site's ``url`` and ``baseurl`` from ``config``."""
    cache: dict[tuple[str, str, object, object], str] = {}

    def cached(kind: str, value: str, compute: Callable[[], str]) -> str:
        key = (kind, value, config.get("url"), config.get("baseurl"))
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    def relative_url(value: object) -> str | None:
        if is_nil(value):
            return None
        baseurl = config.get("baseurl")
        if isinstance(value, str):
            return cached("relative", value, lambda: compute_relative_url(value, baseurl))
        return compute_relative_url(value, baseurl)

    def absolute_url(value: object) -> str | None:
        if is_nil(value):
            return None
        url, baseurl = config.get("url"), config.get("baseurl")
        if isinstance(value, str):
            return cached("absolute", value, lambda: compute_absolute_url(value, url, baseurl))
        return compute_absolute_url(value, url, baseurl)

    return {"relative_url": relative_url, "absolute_url": absolute_url}


def strip_index(value: object) -> object:
    """Jekyll's ``strip_index``: a trailing ``/index.html`` (or ``.htm``) becomes ``/``."""
    if is_nil(value) or to_s(value) == "":
        return None
    return re.sub(r"/index\.html?$", "/", to_s(value), count=1, flags=re.MULTILINE)


def uri_escape(value: object) -> object:
    """``Addressable::URI.normalize_component(input)`` with reserved+unreserved kept."""
    if is_nil(value):
        return None
    return normalize_component(to_s(value))
