"""Which outputs an incremental build must render again, and what it remembers for the next.

The rule is simple to state: an output is rendered again when it is new, or when a fact
it read last time (render/tracking.py) has a different fingerprint now. Recomputing every
fingerprint would cost as much as rendering, so only the facts that *can* have moved are
recomputed:

* facts about documents whose source changed, and about generated pages (pagination,
  archives, feeds), which are made anew on every build;
* site-wide facts (``site.posts``, a category's list, ``site.data.x``, includes, layouts);
* ``next``/``previous`` of every document, but only when a collection's order changed.

A fact about an unchanged document's front matter cannot have moved, because everything it
is made of — the file, the configuration, the defaults — is in the cache's key or in the
file's stamp. A document's rendered ``content`` and ``excerpt`` are the exception: they
depend on what their own Liquid read, so they are re-rendered when their own scope of facts
changed, and compared by fingerprint; the change then spreads to the pages that show them,
until nothing new changes.

Anything that invalidates everything — the engine version, the configuration, the set of
layouts, the theme — is in the signature, and a different signature means a clean build.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..index.site import Site
from ..read.documents import Document
from ..render.renderer import Renderer
from ..render.tracking import (
    GROUP_SUBJECT,
    Fact,
    blake2b,
    bytes_fingerprint,
    doc_key,
    encode,
    fingerprint,
    text_fingerprint,
)
from .store import SCHEMA, Store

MISSING = "∅"


def engine() -> str:
    """The engine's own code: a new version, or an edited checkout, invalidates the cache
    (its pickled documents included, whose class may have changed)."""
    package = Path(__file__).resolve().parent.parent
    stamps = [(str(path.relative_to(package)), path.stat().st_size, path.stat().st_mtime_ns)
              for path in sorted(package.rglob("*.py"))]
    return fingerprint([__version__, SCHEMA, stamps])


def signature(site: Site, engine_id: str) -> str:
    """Everything that, when it changes, makes every cached fact suspect (the zone: the
    machine's, when the configuration names none, and every date is read in it)."""
    theme = site.theme
    return fingerprint([
        engine_id, site.config.data, os.environ.get("JEKYLL_ENV", "development"),
        str(site.time.tzinfo),
        sorted(site.layouts), str(theme.root) if theme else "",
        [str(folder) for folder in site.include_dirs], [str(f) for f in site.sass_dirs],
    ])


def collection_order(site: Site) -> str:
    return fingerprint([[doc_key(doc) for doc in docs]
                        for docs in site.all_collections().values()])


class FactValues:
    """Fingerprints of facts as they are in this build's site, computed on demand."""

    def __init__(self, site: Site, renderer: Renderer):
        self.site = site
        self.renderer = renderer
        self.docs: dict[str, Document] = {doc_key(doc): doc for doc in site.documents()}
        self.memo: dict[Fact, str] = {}
        self.stored: dict[Fact, str] = {}  # fingerprints the cache had, where looked up
        self._order: str | None = None

    def order(self) -> str:
        if self._order is None:
            self._order = collection_order(self.site)
        return self._order

    def __call__(self, fact: Fact) -> str:
        found = self.memo.get(fact)
        if found is None:
            found = self.memo[fact] = self._compute(fact)
        return found

    def compute(self, fact: Fact) -> str:
        """The fingerprint, without keeping it."""
        return self._compute(fact)

    def _compute(self, fact: Fact) -> str:  # noqa: PLR0911
        kind = fact[0]
        if kind == "d":
            doc = self.docs.get(fact[1])
            return MISSING if doc is None else self._document_value(doc, fact[2])
        if kind == "r":
            doc = self.docs.get(fact[1])
            if doc is None:
                return MISSING
            return fingerprint([doc.content, doc.data, doc.extra, doc.url, doc.output_path,
                                doc.date, doc.ext, doc.write])
        if kind == "s":
            return self._site_value(fact[1:])
        if kind == "i":
            return self._include_value(fact[1], fact[2])
        if kind == "l":
            layout = self.site.layouts.get(fact[1])
            if layout is None:
                return MISSING
            return fingerprint([layout.content, layout.data, layout.parent, str(layout.path)])
        if kind == "u":
            urls = self.renderer.env.site_urls
            return fingerprint([sorted(urls.by_path.items()), sorted(urls.posts.items())])
        if kind == "x":
            return self._sass_value()
        return MISSING

    def _document_value(self, doc: Document, attr: str) -> str:
        renderer = self.renderer
        if attr == "content":
            return text_fingerprint(renderer.content_for(doc))
        if attr == "excerpt":
            return fingerprint(renderer.excerpt_for(doc))
        drop = renderer.drop(doc)
        if attr == "*":
            return fingerprint(list(drop))
        try:
            return fingerprint(drop[attr])
        except KeyError:
            return MISSING

    def _site_value(self, path: tuple[str, ...]) -> str:
        value: Any = self.renderer.site_payload.raw()
        for part in path:
            if part == "*":
                break
            if not isinstance(value, dict) or part not in value:
                return MISSING
            value = value[part]
        return fingerprint(value)

    def _include_value(self, name: str, folder: str) -> str:
        source = self.site.config.source.resolve()
        folders = [Path(folder)] if folder else self.renderer.env.include_dirs
        for base in folders:
            candidate = (base / name).resolve()
            if folder and not candidate.is_relative_to(source):
                return MISSING
            if candidate.is_file():
                return fingerprint([str(candidate), bytes_fingerprint(candidate.read_bytes())])
        return MISSING

    def _sass_value(self) -> str:
        parts: list[str] = []
        for folder in self.site.sass_dirs:
            if folder.is_dir():
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        parts.append(f"{path}:{bytes_fingerprint(path.read_bytes())}")
        return fingerprint(parts)


@dataclass
class Learned:
    """What rendering learned for the cache, in a form cheap to send between processes:
    each fact once, and scopes as arrays of indexes into that list.

    The facts are the tuples the pages' reads made, not their text: the tuples share
    their strings (a document's key, read for its title, URL and date), so pickled a
    fact is a few bytes where its text was two hundred, and a worker sending what an
    archive page of 100,000 posts read no longer held megabytes of text and pickle."""

    facts: list[Fact] = field(default_factory=list)
    scopes: dict[str, array] = field(default_factory=dict)
    known: dict[int, str] = field(default_factory=dict)  # fact index → fingerprint
    _index: dict[Fact, int] = field(default_factory=dict)

    def _id(self, fact: Fact) -> int:
        found = self._index.get(fact)
        if found is None:
            found = self._index[fact] = len(self.facts)
            self.facts.append(fact)
        return found

    def add_scope(self, name: str, facts: Iterable[Fact]) -> None:
        self.scopes[name] = array("q", (self._id(fact) for fact in facts))

    def take(self, renderer: Renderer, outputs: dict[str, set[Fact]]) -> Learned:
        extra = renderer.generated_keys()
        for path, facts in outputs.items():
            self.add_scope("o:" + path, _without_own_front_matter(facts, extra))
        for key, facts in renderer.content_reads.items():
            self.add_scope("c:" + key, facts)
        for key, facts in renderer.excerpt_reads.items():
            self.add_scope("e:" + key, facts)
        cache = renderer.env.include_cache
        if cache is not None:
            for name, facts in cache.groups.items():
                self.add_scope("g:" + name, facts)
                self.known[self._id(("g", name))] = name
        for fact, value in renderer.known.items():
            self.known[self._id(fact)] = value
        return self

    def part(self, renderer: Renderer, outputs: dict[str, set[Fact]]) -> Learned:
        return Learned().take(renderer, outputs)

    def merge(self, other: Learned) -> None:
        remap = array("q", (self._id(fact) for fact in other.facts))
        for name, ids in other.scopes.items():
            self.scopes[name] = array("q", (remap[i] for i in ids))
        for index, value in other.known.items():
            self.known[remap[index]] = value

    def __getstate__(self) -> dict[str, Any]:
        return {"facts": self.facts, "scopes": self.scopes, "known": self.known}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.facts, self.scopes, self.known = state["facts"], state["scopes"], state["known"]
        self._index = {fact: i for i, fact in enumerate(self.facts)}


# what a drop answers from outside the document's own source and front matter
_NOT_OWN = frozenset(("content", "excerpt", "next", "previous", "output", "*"))


def _without_own_front_matter(facts: set[Fact], extra: Mapping[str, frozenset[str]]
                              ) -> set[Fact] | list[Fact]:
    """An output's facts, less what its own document's ``("r", key)`` fact already covers.

    A page reads a dozen values of its own document ({% seo %}: ``page.lang``,
    ``page.image``, ``page.seo``...), each of them from the front matter, URL or date
    that the ``("r", key)`` fact every output of a document reads is the fingerprint of:
    when one of them changes, so does that fact. At 100,000 posts those reads were two
    thirds of the two million facts a first build learned. Values generated into the
    document (``extra``: a pager, an archive's posts) and those computed from elsewhere
    (its content, neighbours) stay."""
    own = {fact[1] for fact in facts if fact[0] == "r"}
    if not own:
        return facts
    return [fact for fact in facts
            if not (fact[0] == "d" and len(fact) == 3 and fact[1] in own
                    and fact[2] not in _NOT_OWN and fact[2] not in extra.get(fact[1], ()))]


def remember(store: Store, learned: Learned, values: FactValues) -> None:
    """Store the facts and scopes an update learned (a clean build writes them as it goes:
    FreshFacts). Facts already stored and not recomputed this time keep their fingerprint:
    they cannot have changed. A scope that read the same facts as last time is left as it
    is: its facts are all stored, and looking up the ids of a feed's twenty thousand would
    cost more than rendering it."""
    facts, scopes = learned.facts, learned.scopes
    digests = _scope_digests(learned)
    old = store.scope_digests(scopes)
    moved = [name for name in scopes if old.get(name) != digests[name]]
    needed = {index: facts[index] for name in moved for index in scopes[name]}
    stored = store.fact_ids(needed.values())
    updates: dict[Fact, str] = {}
    for index, fact in needed.items():
        if index not in learned.known and fact not in stored:
            updates[fact] = values(fact)
    for index, value in learned.known.items():
        updates[facts[index]] = value
    # every recomputed fact whose fingerprint moved, read again this time or not
    updates.update({fact: value for fact, value in values.memo.items()
                    if values.stored.get(fact) != value})
    ids = {**stored, **store.put_facts(updates)}
    store.put_scopes((name, [ids[needed[i]] for i in scopes[name]], digests[name])
                     for name in moved)


def _fact_hashes(texts: Iterable[str]) -> array:
    """A stable 63-bit hash of each fact's name (Python's own ``hash`` changes per run),
    packed: a first build of 100,000 posts learns two million facts."""
    return array("q", (int.from_bytes(blake2b(text.encode(), digest_size=8).digest()) >> 1
                       for text in texts))


def _scope_digests(learned: Learned) -> dict[str, int]:
    """Each scope's digest: the sum of its facts' hashes (a set's, whatever the order the
    facts were read in), with the number of facts, folded into 63 bits."""
    hashes = _fact_hashes(map(encode, learned.facts))
    return {name: _digest((hashes[i] for i in indexes), len(indexes))
            for name, indexes in learned.scopes.items()}


def _digest(hashes: Iterable[int], count: int) -> int:
    return (sum(hashes) * 31 + count) & _MASK


_MASK = (1 << 63) - 1


class FreshFacts:
    """What a clean build's pages read, written into the emptied tables as it arrives.

    Gathering it all first into one Learned and writing it at the end held, at 100,000
    posts, three hundred megabytes in the parent process while the render workers were
    at their largest. Here each run's part is written as it comes: a fact new to the
    build gets the next id and its fingerprint, and the part's scopes are written with
    those ids. What is kept is each fact's id, and the hash of its name for the scopes'
    digests. Inside the caller's transaction, so a build that fails leaves the last
    cache.
    """

    def __init__(self, store: Store, values: FactValues):
        self.store = store
        self.values = values
        self._ids: dict[Fact, int] = {}
        self._hashes = array("q")  # by id - 1: _fact_hashes of each fact's name

    def take(self, renderer: Renderer, reads: dict[str, set[Fact]]) -> FreshFacts:
        self.merge(self.part(renderer, reads))
        return self

    def part(self, renderer: Renderer, reads: dict[str, set[Fact]]) -> Learned:
        return Learned().take(renderer, reads)

    def merge(self, part: Learned) -> None:
        """Write a part made by ``part``, here or in a worker: the fingerprint of a fact
        new to the build is the one its process noted (a content's), or computed here.
        (Computed by the process that sent it instead, the facts of a post's title and
        date, which its archive pages and pagers all read, were computed once for each
        of them: the first build of 100,000 posts took a quarter longer.)"""
        known, ids, memo, values = part.known, self._ids, self.values.memo, self.values
        local = array("q")  # the part's index → id
        rows: list[tuple[int, str, Fact, str]] = []
        for index, fact in enumerate(part.facts):
            fact_id = ids.get(fact)
            if fact_id is None:
                fact_id = ids[fact] = len(ids) + 1
                value = known.get(index)
                if value is None:  # not memoised: most facts are met only here
                    value = memo[fact] if fact in memo else values.compute(fact)
                rows.append((fact_id, encode(fact), fact, value))
            local.append(fact_id)
        self._hashes.extend(_fact_hashes(text for _, text, _, _ in rows))
        self.store.put_numbered_facts(rows)
        hashes = self._hashes
        self.store.put_packed_scopes(
            (name, packed, _digest((hashes[i - 1] for i in packed), len(packed)))
            for name, indexes in part.scopes.items()
            for packed in (array("q", sorted(local[i] for i in indexes)),))


@dataclass
class Plan:
    """What an incremental build renders and removes, and the scopes it forgets."""
    render: list[Document]
    removed_outputs: list[str]
    dead_scopes: list[str]


def plan(store: Store, site: Site, renderer: Renderer, values: FactValues,
         documents: list[Document], changed: set[str], generated: set[str], *,
         same_documents: bool = False) -> Plan:
    """The outputs to render again, given the documents whose source changed and the
    generated ones (pagination, archives, feeds), which are made anew on every build.
    ``same_documents``: the site is the last build's with new bodies (cache/warm.py), so
    no document is gone and none moved in its collection's order."""
    keys = set(values.docs)
    old_outputs = store.outputs()
    removed = set() if same_documents else store.subjects() - keys - {"", GROUP_SUBJECT}
    changed = changed | _regenerated(store, values, generated)
    moved_order = not same_documents and store.meta("order") != values.order()
    attrs = ("next", "previous") if moved_order else ()
    moved: set[int] = set()
    for fact_id, fact, old in store.facts_about(changed | removed, attrs):
        if fact[0] == "d" and fact[2] in ("content", "excerpt") and fact[1] in keys:
            continue  # decided below, by what the content itself read
        values.stored[fact] = old
        if values(fact) != old:
            moved.add(fact_id)
    scopes = store.scopes()
    _spread_through_contents(store, scopes, values, changed & keys, moved)
    render: list[Document] = []
    paths: set[str] = set()
    for doc in documents:
        path = doc.output_path
        paths.add(path)
        if old_outputs.get(path) != doc_key(doc):
            render.append(doc)
            continue
        ids = scopes.get("o:" + path)
        if ids is None or not moved.isdisjoint(ids):
            render.append(doc)
    removed_outputs = [path for path in old_outputs if path not in paths]
    dead = ["o:" + path for path in removed_outputs]
    dead += [prefix + key for key in removed for prefix in ("c:", "e:")]
    return Plan(render, removed_outputs, dead)


def _regenerated(store: Store, values: FactValues, generated: set[str]) -> set[str]:
    """The generated documents that differ from last time: everything a template can read
    of one (its data, values such as ``paginator``, content, URL) is in its ``("r", key)``
    fingerprint, so when that is the same, so is every fact about it."""
    facts = [("r", key) for key in generated]
    ids = store.fact_ids(facts)
    old = store.fingerprints(ids.values())
    for fact, fact_id in ids.items():
        if fact_id in old:
            values.stored[fact] = old[fact_id]  # so that an unmoved one is not written back
    return {fact[1] for fact in facts
            if fact not in ids or values(fact) != old.get(ids[fact])}


def _spread_through_contents(store: Store, scopes: dict[str, array], values: FactValues,
                             changed: set[str], moved: set[int]) -> None:
    """Re-render the contents and excerpts that may have changed, and add the ones that
    did to ``moved``, until nothing new moves."""
    def reached() -> set[str]:
        return {name for name, ids in scopes.items()
                if name[0] in "ceg" and name not in done and not moved.isdisjoint(ids)}

    done: set[str] = set()
    todo = {prefix + key for key in changed for prefix in ("c:", "e:")} | reached()
    while todo:
        grew = False
        groups = store.fact_ids([("g", name[2:]) for name in todo if name[0] == "g"])
        for fact_id in groups.values():  # a group moves when any of its facts does
            if fact_id not in moved:
                moved.add(fact_id)
                grew = True
        facts = []
        for name in todo:
            if name[0] == "g":
                continue
            key = name[2:]
            if key in values.docs:
                facts.append(("d", key, "content" if name[0] == "c" else "excerpt"))
        done |= todo
        known = store.fact_ids(facts)
        old = store.fingerprints(known.values())
        for fact, fact_id in known.items():
            if fact_id not in moved and values(fact) != old.get(fact_id):
                moved.add(fact_id)
                grew = True
        for fact in facts:  # not read by anyone yet: still render it, to learn its reads
            if fact not in known:
                values(fact)
        todo = reached() if grew else set()
