"""What templates see: documents and the site as read-only mappings ("drops").

Jekyll hands Liquid drop objects whose values are computed on demand; so do we. A post's
``content`` or ``excerpt`` is rendered only when some template asks for it, which is what
lets each worker process render any page without first rendering every post.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..dates import RubyTime
from .tracking import ABSENT, LookupMapping, TrackedMapping, doc_key

if TYPE_CHECKING:
    from ..index.site import Site
    from ..read.documents import Document, StaticFile
    from .renderer import Renderer

# In the order Jekyll's DocumentDrop lists them (its methods, then ``draft``, then the
# front matter), which is the order ``jsonify``, ``inspect`` and ``for`` show.
_DOC_KEYS = ("name", "id", "relative_path", "excerpt", "title", "categories", "collection",
             "next", "tags", "previous", "content", "output", "path", "url", "date", "draft")
_PAGE_KEYS = ("content", "dir", "excerpt", "name", "path", "url")
# the keys ``lookup`` answers other than from the front matter, for some kind of document
_ANSWERED = frozenset(("content", "url", "excerpt", "path", "name", "dir", "relative_path",
                       "id", "collection", "date", "next", "previous", "output", "draft"))


class DocumentDrop(LookupMapping):
    """A post, page or collection item as templates see it."""

    __slots__ = ("doc", "renderer", "key", "_keys", "_log")

    def __init__(self, doc: Document, renderer: Renderer):
        self.doc = doc
        self.renderer = renderer
        self.key = doc_key(doc)  # its identity in the incremental cache
        self._keys: tuple[str, ...] | None = None
        self._log = renderer.log

    def lookup(self, key: str) -> Any:
        """``self[key]``, or ``ABSENT`` instead of raising KeyError."""
        doc = self.doc
        reads = self._log.current
        if reads is not None:
            reads.add(("d", self.key, key))
        if doc.extra and key in doc.extra:
            return self.renderer.materialize(doc.extra[key])
        if key not in _ANSWERED:  # front matter: most reads, past a dozen comparisons
            return doc.data.get(key, ABSENT)
        if key == "content":
            return self.renderer.content_for(doc)
        if key == "url":
            return doc.url
        if key == "excerpt":
            return self.renderer.excerpt_for(doc)
        if key == "path":
            return doc.data.get("path", doc.relative_path) if doc.is_page else doc.relative_path
        if doc.is_page:
            if key == "name":
                return doc.basename
            if key == "dir":
                return _page_dir(doc.url)
        else:
            if key == "relative_path":
                return doc.relative_path
            if key == "id":
                return doc.id
            if key == "collection":
                return doc.collection
            if key == "date":
                return doc.date
            if key == "next":
                return self.renderer.neighbour(doc, 1)
            if key == "previous":
                return self.renderer.neighbour(doc, -1)
            if key == "output":
                return self.renderer.output_of(doc)
            if key == "name":
                return doc.data.get("name", doc.basename)
            if key == "draft":  # Document#draft? stores false in every document's data
                return doc.data.get("draft", False)
        return doc.data.get(key, ABSENT)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self._log.add(("d", self.key, key))
        return isinstance(key, str) and (key in self.doc.data or key in self._fixed())

    def _fixed(self) -> tuple[str, ...]:
        return _PAGE_KEYS if self.doc.is_page else _DOC_KEYS

    def __iter__(self) -> Iterator[str]:
        self._log.add(("d", self.key, "*"))
        if self._keys is None:
            if self.doc.is_page:  # Page#to_liquid: front matter, then its attributes
                seen = dict.fromkeys(self.doc.data)
                seen.update(dict.fromkeys(self._fixed()))
            else:
                seen = dict.fromkeys(self._fixed())
                seen.update(dict.fromkeys(self.doc.data))
            seen.update(dict.fromkeys(self.doc.extra))
            self._keys = tuple(seen)
        return iter(self._keys)

    def __len__(self) -> int:
        return len(tuple(iter(self)))

    def __str__(self) -> str:
        self._log.add(("d", self.key, "content"))
        return str(self.renderer.content_for(self.doc))

    def __repr__(self) -> str:
        return f"<DocumentDrop {self.doc.relative_path}>"

    def __hash__(self) -> int:
        return id(self.doc)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocumentDrop) and other.doc is self.doc


def _page_dir(url: str) -> str:
    if url.endswith("/"):
        return url
    folder = url.rsplit("/", 1)[0]
    return folder + "/" if folder else "/"


def static_file_drop(item: StaticFile) -> dict[str, Any]:


    return {
        # Jekyll's relative_path: a collection's files have no leading slash
        "path": item.relative_path if item.collection else "/" + item.relative_path,
        "modified_time": RubyTime.of(datetime.fromtimestamp(item.modified_time, UTC)),
        "name": item.name,
        "basename": item.basename,
        "extname": item.extname,
        "collection": item.collection,
        **item.front_matter_defaults,
    }


def site_drop(site: Site, renderer: Renderer) -> TrackedMapping:
    """``site``: the configuration plus the site's documents, data and taxonomies."""
    drop = renderer.drop
    posts_newest_first = [drop(doc) for doc in reversed(site.posts)]
    pages = [drop(doc) for doc in site.pages]
    static_files = [static_file_drop(item) for item in site.static_files]
    payload: dict[str, Any] = dict(site.config.data)
    collections: list[dict[str, Any]] = []
    for label, docs in site.all_collections().items():
        meta = site.config.collections.get(label, {})
        doc_drops = posts_newest_first[::-1] if label == "posts" else [drop(d) for d in docs]
        collections.append({
            **meta, "label": label, "docs": doc_drops,
            "files": [s for s, f in zip(static_files, site.static_files, strict=True)
                      if f.collection == label],
            "relative_directory": f"_{label}", "directory": str(site.config.source / f"_{label}"),
            "output": bool(meta.get("output")),
        })
        if label != "posts":
            payload[label] = doc_drops
    payload.update({
        "time": site.time,
        "posts": posts_newest_first,
        "pages": pages,
        "static_files": static_files,
        "html_pages": [p for p in pages if p.doc.output_ext in (".html", ".htm", ".xhtml")],
        "html_files": [s for s in static_files if s["extname"] in (".html", ".htm")],
        # Jekyll's SiteDrop sorts collections by label; Site#documents keeps config order
        # and holds each collection's static files too.
        "collections": sorted(collections, key=lambda c: c["label"].encode()),
        "documents": [d for c in collections for d in (*c["docs"], *c["files"])],
        "categories": {name: [drop(d) for d in docs] for name, docs in site.categories.items()},
        "tags": {name: [drop(d) for d in docs] for name, docs in site.tags.items()},
        "data": site.data,
        "related_posts": None,  # per post: see PostSiteView
    })
    return TrackedMapping(payload, renderer.log, ("s",),
                          frozenset(("categories", "tags", "data")))


class PostSiteView(LookupMapping):
    """``site`` while a document renders: the shared payload, except ``related_posts``,
    which is the post's own (Jekyll's ``Document#related_posts``: the ten newest other
    posts, without LSI) and ``nil`` for pages and other documents."""

    __slots__ = ("_site", "_doc")

    def __init__(self, site: Mapping[str, Any], doc: Document):
        self._site = site
        self._doc = doc

    def lookup(self, key: str) -> Any:
        """``self[key]``, or ``ABSENT`` instead of raising KeyError."""
        if key != "related_posts":
            site = self._site
            if type(site) is TrackedMapping:
                return site.lookup(key)
            return site.get(key, ABSENT)
        if not self._doc.is_post:
            return None
        newest = self._site["posts"][:11]
        return [post for post in newest if post.doc is not self._doc][:10]

    def __contains__(self, key: object) -> bool:
        return key in self._site

    def __iter__(self) -> Iterator[str]:
        return iter(self._site)

    def __len__(self) -> int:
        return len(self._site)

    def raw(self) -> Mapping[str, Any]:
        return self._site


# the mappings with ``lookup``, by exact type: the hot paths test ``type(value) in`` this,
# which is faster than ``isinstance(value, LookupMapping)``
LOOKUP_TYPES = frozenset((DocumentDrop, PostSiteView, TrackedMapping))
