"""jekyll-titles-from-headings 0.5.3: a Markdown page's title from its first heading.

A ``:lowest`` generator in the gem, so it runs after front-matter defaults and after
jekyll-optional-front-matter has made its pages; it edits ``data["title"]`` and, with
``strip_title``, the raw content (before Liquid), which is what we do at generate time.

The gem's rules, kept as they are, oddities included:

* pages (and, with ``titles_from_headings: {collections: true}``, every written
  collection document, posts too) whose extension is a Markdown one;
* a page keeps a ``title`` it already has — from its front matter or from
  ``defaults:``; a collection document never does: its title counts as inferred from the
  file name, so its first heading replaces even a title set in front matter;
* the heading must open the content (after blank space): ``#`` to ``###`` ATX or a
  Setext heading; its text goes through ``markdownify``, ``strip_html`` and
  ``normalize_whitespace`` (so ``&`` becomes ``&amp;``), and footnote marks are removed;
  with no such heading the title stays as it was (``nil`` for a page);
* ``strip_title: true`` (site option, or the page's own ``strip_title`` which wins — for a
  page only from its front matter, not ``defaults:``) cuts the heading out of the content
  and strips the rest — even when no heading was found;
* ``enabled: false`` turns it off.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..read.frontmatter import read_text, split
from ..render import markdown
from ..render.filters.text import normalize_whitespace, ruby_strip, strip_html
from .gem_options import option, pages_and_documents

if TYPE_CHECKING:
    from ..config import Config
    from ..index.site import Site
    from ..read.documents import Document

NAME = "jekyll-titles-from-headings"
PRIORITY = 50  # Jekyll's :lowest: after the core and jekyll-feed, before jekyll-sitemap
CONFIG_KEY = "titles_from_headings"

# The gem's TITLE_REGEX; Ruby's ``$`` is always end-of-line and its ``\s`` is ASCII.
TITLE = re.compile(
    r"\A\s*(?:\#{1,3}\s+(.*)(?:\s+\#{1,3})?|(.*)\r?\n[-=]+\s*)$", re.MULTILINE | re.ASCII
)
FOOTNOTE_MARK = re.compile(r"\[\^[^\]]*\]")


def generate(site: Site) -> None:
    config = site.config
    if option(config, CONFIG_KEY, "enabled") is False:
        return
    documents = pages_and_documents(site, CONFIG_KEY)
    exts = config.markdown_exts
    kramdown = dict(config.get("kramdown") or {})
    for doc in documents:
        if doc.ext.lower() not in exts or _has_title(doc):
            continue
        doc.data["title"] = title_for(doc, kramdown)
        if _strip_title(doc, config):
            doc.content = ruby_strip(TITLE.sub("", doc.content))


def title_for(doc: Document, kramdown: dict[str, Any]) -> Any:
    """The first heading's text as plain text, or the title the document already has."""
    match = TITLE.search(doc.content)
    if match is None:
        return doc.data.get("title")
    heading = match.group(1) if match.group(1) is not None else match.group(2)
    html = markdown.convert(heading, kramdown)
    return FOOTNOTE_MARK.sub("", normalize_whitespace(strip_html(html)))


def _has_title(doc: Document) -> bool:
    """Only a page's title counts; a document's is taken as inferred from its file name."""
    return doc.is_page and doc.data.get("title") is not None


def _strip_title(doc: Document, config: Config) -> bool:
    """The document's own ``strip_title`` wins over the site's option.

    "Own" is what ``data.key?`` sees in Jekyll: for a collection document, front matter
    with the defaults merged in; for a page, its front matter only (defaults reach a
    page's ``data`` through a default proc, which ``key?`` does not consult).
    """
    own = doc.data
    if doc.is_page and "strip_title" in own and doc.source_path is not None:
        own = split(read_text(doc.source_path, doc.relative_path), doc.relative_path).data or {}
    if "strip_title" in own:
        return own["strip_title"] is True
    return option(config, CONFIG_KEY, "strip_title") is True
