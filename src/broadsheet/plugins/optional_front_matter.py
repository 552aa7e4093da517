"""jekyll-optional-front-matter 0.3.2: Markdown files without front matter become pages.

Jekyll reads such files as static files; the gem's generator (priority ``:normal``, so
before every ``:lowest`` generator) then makes a page of each one and appends it to
``site.pages``. We do the same as soon as reading ends (``post_read``), which is
equivalent, because nothing between Jekyll's reading and that generator looks at pages.

What the gem does, and so what we do:

* only static files whose extension is one of ``markdown_ext`` are considered — the site's
  own files, those of collections that are written, and the theme's assets alike;
* files named README, LICENSE, LICENCE, COPYING, CODE_OF_CONDUCT, CONTRIBUTING,
  ISSUE_TEMPLATE or PULL_REQUEST_TEMPLATE (any case, any Markdown extension) stay static
  files — unless the site's ``include:`` names them;
* the original ``.md`` files are still copied to the output as static files, next to the
  new pages, unless ``optional_front_matter: {remove_originals: true}``; that option
  never removes the README-like files, which stay static;
* ``optional_front_matter: {enabled: false}`` (or ``optional_front_matter: false``) and
  ``require_front_matter: true`` turn the plugin off entirely.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..read.entries import EntryFilter
from .gem_options import option

if TYPE_CHECKING:
    from ..read.documents import StaticFile
    from ..read.reader import SiteContent, SiteReader

NAME = "jekyll-optional-front-matter"
CONFIG_KEY = "optional_front_matter"

# The gem's FILENAME_BLACKLIST, compared with the upper-cased basename.
KEPT_STATIC = frozenset({
    "README", "LICENSE", "LICENCE", "COPYING", "CODE_OF_CONDUCT", "CONTRIBUTING",
    "ISSUE_TEMPLATE", "PULL_REQUEST_TEMPLATE",
})


def post_read(content: SiteContent, reader: SiteReader) -> None:
    config = content.config
    if option(config, CONFIG_KEY, "enabled") is False or config.get("require_front_matter"):
        return
    exts = config.markdown_exts
    entries = EntryFilter(config)
    candidates = [item for item in content.static_files
                  if item.extname.lower() in exts and not _kept_static(item, entries)]
    for item in candidates:
        page = reader.make_page(item.relative_path, item.source_path)
        if page is not None:
            content.pages.append(page)
    if option(config, CONFIG_KEY, "remove_originals") is True:
        removed = {id(item) for item in candidates}
        content.static_files = [item for item in content.static_files
                                if id(item) not in removed]


def _kept_static(item: StaticFile, entries: EntryFilter) -> bool:
    """The gem's ``blacklisted?``: README-like names, unless ``include:`` lists them."""
    if entries.included(item.relative_path):
        return False
    name = item.name
    ext = item.extname
    basename = name[: len(name) - len(ext)].rstrip(".") if ext else name
    return basename.upper() in KEPT_STATIC
