"""jekyll-relative-links 0.7.0: Markdown links to source files become links to their URLs.

``[Setup](setup.md#install)`` in ``docs/guide.md`` becomes ``[Setup](/docs/setup.html#install)``
(with ``baseurl``), so a docs folder reads the same on GitHub and on the built site.

The gem is a ``:lowest`` generator that rewrites each Markdown page's raw ``content``
with regular expressions before anything is rendered — so links that Liquid produces
later are left alone, and links inside code are rewritten too. We do exactly that at
generate time, with the gem's patterns translated as they are (Ruby's ``^``/``$`` are
per line and its ``\\s`` is ASCII):

* inline links ``[text](path#frag "title")`` and reference definitions
  ``[ref]: path#frag "title"`` (the latter rewritten onto a line of its own);
* fragments-only links and links with a URI scheme stay as they are;
* the path is resolved against the document's folder (or the source, for ``/path``),
  percent- and ``+``-decoded, and looked up among the relative paths of pages, static
  files and written collection documents, in that order; unknown targets stay as they are;
* the target's URL goes through ``relative_url``; the fragment and title are kept;
* pages only, unless ``relative_links: {collections: true}`` (then posts and other
  written documents too); ``relative_links: {exclude: [globs]}`` skips documents;
  ``enabled: false`` turns it off.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_plus

from ..render.filters.urls import compute_relative_url
from .gem_options import option, pages_and_documents, written_documents

if TYPE_CHECKING:
    from ..index.site import Site
    from ..read.documents import Document

NAME = "jekyll-relative-links"
PRIORITY = 50  # Jekyll's :lowest: after the core and jekyll-feed, before jekyll-sitemap
CONFIG_KEY = "relative_links"

_TEXT = r"(.*?)"
_FRAGMENT = r"(#.+?|)?"
_TITLE = r"""(\s+"(?:\\"|[^"])*(?<!\\)"|\s+"(?:\\'|[^'])*(?<!\\)')?"""
_INLINE = rf"\[{_TEXT}\]\(([^)]+?){_FRAGMENT}{_TITLE}\)"
_REFERENCE = rf"^\s*?\[{_TEXT}\]: (.+?){_FRAGMENT}{_TITLE}\s*?$"
# Groups 2-5: inline text, path, fragment, title; 6-9: the same for a reference.
LINK = re.compile(rf"({_INLINE}|{_REFERENCE})", re.MULTILINE | re.ASCII)
_SCHEME = re.compile(r"([^:/?#]+):")
_VALID_SCHEME = re.compile(r"[a-z][a-z0-9.+\-]*", re.IGNORECASE)
_CWD = "/\0cwd"  # stands for Dir.pwd in the gem's File.expand_path


@dataclass
class Targets:
    """Source-relative path → URL of everything a link may point to."""

    urls: dict[str, str]
    baseurl: Any = None

    @classmethod
    def of(cls, site: Site) -> Targets:
        """Pages, then static files, then written documents; the first of a path wins."""
        urls: dict[str, str] = {}
        for doc in site.pages:
            urls.setdefault(doc.relative_path.removeprefix("/"), doc.url)
        for item in site.static_files:
            urls.setdefault(item.relative_path.removeprefix("/"), "/" + item.output_path)
        for doc in written_documents(site):
            urls.setdefault(doc.relative_path.removeprefix("/"), doc.url)
        return cls(urls, site.config.get("baseurl"))

    def url_for(self, path: str) -> str | None:
        url = self.urls.get(unquote_plus(path))
        return compute_relative_url(url, self.baseurl) if url else None


def generate(site: Site) -> None:
    config = site.config
    if option(config, CONFIG_KEY, "enabled") is False:
        return
    documents = pages_and_documents(site, CONFIG_KEY)
    exts = config.markdown_exts
    excluded = option(config, CONFIG_KEY, "exclude")
    targets = Targets.of(site)
    for doc in documents:
        if doc.ext.lower() not in exts or (excluded and _glob_include(excluded, doc)):
            continue
        doc.content = rewrite(doc.content, posixpath.dirname(doc.relative_path) or ".", targets)


def rewrite(content: str, folder: str, targets: Targets) -> str:
    """The gem's ``replace_relative_links!`` on one document's raw content."""

    def replace(match: re.Match[str]) -> str:
        inline = match.group(2) is not None
        text, path, fragment, title = match.group(2, 3, 4, 5) if inline else match.group(
            6, 7, 8, 9)
        if path.startswith("#") or _absolute_url(path):
            return match.group(0)
        url = targets.url_for(_path_from_root(path, folder))
        if url is None:
            return match.group(0)
        url += fragment or ""
        if inline:
            return f"[{text}]({url}{title or ''})"
        return f"\n[{text}]: {url}{title or ''}"

    return LINK.sub(replace, content)


def _absolute_url(path: str) -> bool:
    """``Addressable::URI.parse(path).absolute?``; a malformed scheme counts as relative."""
    match = _SCHEME.match(path)
    return match is not None and _VALID_SCHEME.fullmatch(match.group(1)) is not None


def _path_from_root(path: str, folder: str) -> str:
    """``File.expand_path`` against the document's folder, made relative to the source."""
    is_absolute = path.startswith("/")
    path = path[1:] if is_absolute else path
    base = _CWD if is_absolute else posixpath.join(_CWD, folder)
    expanded = posixpath.normpath(posixpath.join(base, path))
    return expanded.removeprefix(_CWD + "/")


def _glob_include(patterns: Any, doc: Document) -> bool:
    """Jekyll's ``EntryFilter#glob_include?`` of the document's relative path."""
    entry = doc.relative_path
    for pattern in patterns if isinstance(patterns, list) else [patterns]:
        text = str(pattern)
        if fnmatch.fnmatchcase(entry, text) or entry.startswith(text):
            return True
    return False
