"""Rendered includes, reused while everything they read from outside is the same.

Themes put their heaviest Liquid in includes that every page renders the same way: minima's
header walks ``site.pages`` once per page path (quadratic in the number of pages), a news
theme's section menu and "latest stories" box loop over ``site.posts``. Jekyll's answer,
``include_cached``, makes the author promise the output depends only on the parameters;
we find out instead. While an include renders, every variable path it resolves whose root
existed before it started (``site.pages``, ``page.url``, ``include.item.title``) is noted
with the value it had. The next call with the same template is served from the cache when
every noted path resolves to the same value again — the same object, or an equal string,
number or date — and the include's assigns (which leak into the page, as in Jekyll) are
replayed. Names the include binds itself (its loop variables, its assigns) are not noted.

The renders of one include are kept as a trie of their reads. A template is deterministic,
so while every value read so far is the same, the next outside path it reads is the same
too: a lookup reads one path per level and follows the branch for its value, and costs as
much as checking one entry however many posts' cards are cached. (A list of entries, each
checked in turn, spent more time rejecting entries than rendering.)

An include is not cached when it changed state the cache cannot replay (``increment``
counters, ``cycle``), used ``include_relative`` (which depends on the current file), or
stopped with an error. An include that keeps missing is no longer recorded, so pages that
render a different card for every post pay almost nothing.

No library does this: python-liquid has no notion of a dependency-keyed partial cache.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from io import StringIO
from typing import TYPE_CHECKING, Any, TextIO

from liquid import RenderContext
from liquid.exceptions import ContextDepthError
from liquid.undefined import Undefined
from liquid.utils.chain_map import ReadOnlyChainMap

from .drops import LOOKUP_TYPES, PostSiteView
from .filters._ruby import is_undefined
from .tracking import ABSENT, TrackedMapping, fingerprint

if TYPE_CHECKING:
    from liquid.template import BoundTemplate

    from .tracking import Fact, ReadLog

_MISSING = object()
_ABSENT = ABSENT  # looked up, and not there
_SPECIAL_KEYS = frozenset(("size", "first", "last"))
_EXACT_TYPES = frozenset((str, int, float, bool, type(None), datetime, date))
_LIST_BY_VALUE = 64
OUTPUT_BUDGET = 32_000_000  # characters of cached output a process keeps before starting over
GROUP_MINIMUM = 16  # an include that read this many facts is noted as one group
GIVE_UP_AFTER = 24  # misses without a quarter as many hits: stop recording this include


class Recorder:
    """The outside reads of one include render in progress."""

    __slots__ = ("outside", "assigned", "reads", "cacheable", "nested")

    def __init__(self, outside: set[str]):
        self.outside = outside  # names bound before the include started
        self.assigned: set[str] = set()  # names this render assigned (from then on, its own)
        self.reads: dict[tuple[Any, ...], Any] = {}
        self.cacheable = True
        self.nested = 0  # inside an include of its own, ``include`` is that one's parameters

    def saw(self, path: list[object] | tuple[object, ...], value: Any) -> None:
        if not path or path[0] not in self.outside or path[0] in self.assigned:
            return
        if self.nested and path[0] == "include":
            return
        key = tuple(path)
        if key not in self.reads:
            self.reads[key] = _MISSING if is_undefined(value) else value


def _getter(mapping: Mapping[str, Any]) -> Callable[[str, Any], Any]:
    """``mapping.get`` for a scope: a dict's own, else one that answers ``_MISSING`` the
    way ``_in_scope`` finds it."""
    if type(mapping) is dict:
        return mapping.get
    return lambda name, default: _in_scope((mapping,), name)


def _in_scope(maps: Iterable[Mapping[str, Any]], name: str) -> Any:
    for mapping in maps:
        kind = type(mapping)
        if kind is dict:
            value = mapping.get(name, _MISSING)
            if value is not _MISSING:
                return value
        elif kind is ReadOnlyChainMap:
            value = _in_scope(mapping._maps, name)  # type: ignore[attr-defined]
            if value is not _MISSING:
                return value
        else:
            try:
                return mapping[name]
            except KeyError:
                pass
    return _MISSING


class _Extended:
    """``RenderContext.extend``: the namespace on top of the scope while the block runs."""

    __slots__ = ("context", "template", "previous")

    def __init__(self, context: SiteContext, namespace: Mapping[str, object],
                 template: BoundTemplate | None):
        if context.scope.size() > context.env.context_depth_limit:
            raise ContextDepthError(
                "maximum context depth reached, possible recursive include", token=None)
        self.context = context
        self.template = template
        self.previous = context.template
        if template:
            context.template = template
        context.scope.push(namespace)
        context._gets.appendleft(_getter(namespace))

    def __enter__(self) -> RenderContext:
        return self.context

    def __exit__(self, *exc: object) -> None:
        if self.template:
            self.context.template = self.previous
        self.context.scope.pop()
        self.context._gets.popleft()


class _Looping(_Extended):
    """``RenderContext.loop``: ``extend``, with the loop on the context's stack of them."""

    __slots__ = ()

    def __init__(self, context: SiteContext, namespace: Mapping[str, object], forloop: Any):
        context.raise_for_loop_limit(forloop.length)
        context.loops.append(forloop)
        try:
            super().__init__(context, namespace, None)
        except BaseException:
            context.loops.pop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.context.loops.pop()
        super().__exit__(*exc)


def _flattened(globals_: Mapping[str, Any]) -> dict[str, Any] | None:
    """The render's globals as one dict, when they are a chain of plain dicts."""
    if type(globals_) is dict:
        return globals_
    if type(globals_) is not ReadOnlyChainMap:
        return None
    maps = list(globals_._maps)  # type: ignore[attr-defined]
    if any(type(mapping) is not dict for mapping in maps):
        return None
    flat: dict[str, Any] = {}
    for mapping in reversed(maps):
        flat.update(mapping)
    return flat


class SiteContext(RenderContext):
    """python-liquid's render context, telling active recorders what it resolves."""

    __slots__ = ("recorders", "_filters", "_plain_undefined", "_gets")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.recorders: list[Recorder] = []
        # ``site``, ``page``, ``content``... sit two chain maps deep; one dict of them, made
        # once per render, answers in one lookup (the chain's maps are read-only).
        flat = _flattened(self.globals)
        self._filters: dict[str, Any] = {}
        self._plain_undefined = self.env.undefined is Undefined
        # Each scope's ``get``, innermost first, kept in step with the chain by ``extend``
        # and ``loop`` (the only ways python-liquid pushes a scope): a variable read asks
        # them in turn, without telling dicts from chains on every step. A theme's card
        # inside a loop inside an include reads ``site`` eight scopes down.
        globals_ = self.globals
        self._gets: deque[Callable[[str, Any], Any]] = deque(
            flat.get if mapping is globals_ and flat is not None else _getter(mapping)
            for mapping in self.scope._maps)

    def get(self, path: list[object], *, token: Any, default: object = _MISSING) -> object:
        value = self._found(path)
        if value is not _ABSENT and value is not _MISSING:
            if self.recorders:
                for recorder in self.recorders:
                    recorder.saw(path, value)
            return value
        if value is _ABSENT and default is not _MISSING:
            value = default
        elif value is _ABSENT and self._plain_undefined:
            # what python-liquid would return, without first spelling out a hint that only
            # its debugging and strict kinds of undefined ever show
            value = self.env.undefined(path[0], token=token)  # type: ignore[arg-type]
        elif value is _MISSING or value is _ABSENT:  # python-liquid's route decides
            if default is _MISSING:
                value = super().get(path, token=token)
            else:
                value = super().get(path, token=token, default=default)
        if self.recorders:
            for recorder in self.recorders:
                recorder.saw(path, value)
        return value

    def lookup(self, path: tuple[Any, ...], root: Any = _MISSING) -> Any:
        """``get(path)`` for the include cache's lookups, which only ask whether a value is
        the same as before: ``_MISSING`` stands for any undefined value. ``root`` is what
        ``root_value(path[0])`` gave, if the caller already asked."""
        if root is _MISSING:
            value = self._found(path)
        elif root is _ABSENT:
            value = _ABSENT
        else:
            value = self._descend(root, path)
        if value is _ABSENT and self._plain_undefined:
            value = _MISSING
        elif value is _ABSENT or value is _MISSING:
            value = super().get(list(path), token=None)
        if self.recorders:
            for recorder in self.recorders:
                recorder.saw(path, value)
        return value

    def _found(self, path: list[object] | tuple[Any, ...]) -> Any:
        """``path``'s value by the common route (names and plain keys), without the
        exceptions python-liquid's chained lookup raises and catches on the way: a variable
        read is the most frequent thing a page does. ``_MISSING`` sends the read down
        python-liquid's own route, which knows ``size``, ``first``, ``last`` and errors;
        ``_ABSENT`` means that route would find nothing either."""
        root = path[0]
        if type(root) is not str:
            return _MISSING
        obj = self.root_value(root)
        if obj is _ABSENT:
            return _ABSENT
        return self._descend(obj, path)

    def root_value(self, name: str) -> Any:
        """The value the innermost scope binds ``name`` to, or ``_ABSENT``."""
        for get in self._gets:
            obj = get(name, _MISSING)
            if obj is not _MISSING:
                return obj
        return _ABSENT

    def _descend(self, obj: Any, path: list[object] | tuple[Any, ...]) -> Any:
        """The rest of ``_found``: from the root's value along the path's segments."""
        try:
            if len(path) == 2:  # the most common read by far: page.title, post.url
                segment = path[1]
                if type(segment) is str and segment not in _SPECIAL_KEYS:
                    kind = type(obj)
                    if kind is dict:
                        return obj.get(segment, _ABSENT)
                    if kind in LOOKUP_TYPES:
                        return obj.lookup(segment)
                    return obj[segment]
                return self.get_item(obj, segment)
            if len(path) == 1:
                return obj
            for segment in path[1:]:
                if type(segment) is not str or segment in _SPECIAL_KEYS:
                    obj = self.get_item(obj, segment)
                    continue
                kind = type(obj)
                if kind is dict:
                    obj = obj.get(segment, _ABSENT)
                elif kind in LOOKUP_TYPES:
                    obj = obj.lookup(segment)
                else:
                    obj = obj[segment]
                if obj is _ABSENT:
                    return _ABSENT
        except (KeyError, TypeError, IndexError):
            return _ABSENT
        return obj

    def filter(self, name: str, token: Any) -> Any:  # noqa: A003 - python-liquid's name
        """python-liquid's lookup, which looks at the function's flags on every call, done
        once per filter for each render."""
        found = self._filters.get(name)
        if found is None:
            found = self._filters[name] = super().filter(name, token)
        return found

    def resolve(self, name: str, *, token: Any = None, default: object = _MISSING) -> Any:
        value = self._found((name,))  # without the KeyError python-liquid's chain raises
        if value is _MISSING or value is _ABSENT:  # its route: undefined, default, errors
            if default is _MISSING:
                value = super().resolve(name, token=token)
            else:
                value = super().resolve(name, token=token, default=default)
        if self.recorders:
            for recorder in self.recorders:
                recorder.saw((name,), value)
        return value

    # python-liquid's ``extend`` and ``loop`` are generator context managers, entered for
    # every included template and every loop: as classes, they cost a third as much.
    def extend(self, namespace: Mapping[str, object],  # type: ignore[override]
               template: BoundTemplate | None = None) -> _Extended:
        return _Extended(self, namespace, template)

    def loop(self, namespace: Mapping[str, object],  # type: ignore[override]
             forloop: Any) -> _Looping:
        return _Looping(self, namespace, forloop)

    def enter_include(self) -> None:
        for recorder in self.recorders:
            recorder.nested += 1

    def leave_include(self) -> None:
        for recorder in self.recorders:
            recorder.nested -= 1

    def assign(self, key: str, val: Any) -> None:
        super().assign(key, val)
        for recorder in self.recorders:
            recorder.assigned.add(key)

    def read_global(self, name: str) -> Any:
        """``globals[name]`` for tags written in Python (``{% seo %}``), noted like a read."""
        value = self.globals.get(name)
        for recorder in self.recorders:
            recorder.saw((name,), value)
        return value

    def not_cacheable(self) -> None:
        for recorder in self.recorders:
            recorder.cacheable = False


@dataclass
class _Entry:
    """One render of an include: its output, its assigns, and the reads that decide."""
    reads: dict[tuple[Any, ...], Any]  # also keeps alive the objects keyed by identity
    output: str
    assigns: dict[str, Any]
    facts: set[Fact] | None


class _Branch:
    """A point in an include's trie: the path its renders read next, and where each value
    of it leads (to the next read, or to the render that read exactly these values).

    A path into ``site`` (``site.title``, ``site.data.menu``) has one value for the whole
    build: the payload does not change while pages render, and every page's ``site`` is a
    view of it. So the branch remembers which payload it last read the path from and
    where that led (``seen``, ``after``), and a page of the same payload goes there
    without reading again. A minima footer reads fifteen such paths."""

    __slots__ = ("path", "next", "seen", "after")

    def __init__(self, path: tuple[Any, ...]):
        self.path = path
        self.next: dict[Hashable, _Branch | _Entry] = {}
        self.seen: Any = None
        self.after: _Branch | _Entry | None = None


def _payload_of(value: Any, path: tuple[Any, ...]) -> Any:
    """The build's site payload, when ``value`` (the root of ``path``) is a view of it and
    the path reads something the view does not make per page; else None."""
    if type(value) is PostSiteView:
        return value.raw() if len(path) > 1 and path[1] != "related_posts" else None
    return value if type(value) is TrackedMapping and len(path) > 1 else None


def _key(value: Any) -> Hashable:
    """What decides whether a value read is the same as before, for any template: plain
    values by equality (with their type, so that ``1`` is not ``true``), short lists item
    by item (``page.categories`` is a new list on every page), anything else by identity
    (``site.posts`` is one list for the whole build, and 10,000 items long)."""
    kind = type(value)
    if kind in _EXACT_TYPES:
        return (kind, value)
    if kind is list and len(value) <= _LIST_BY_VALUE:
        return (list, tuple((type(item), item) if type(item) in _EXACT_TYPES else id(item)
                            for item in value))
    return id(value)  # safe: the entry keeps the value alive, so its id is not reused


@dataclass
class _Stats:
    """One include's trie of renders, and how often it was served from it."""
    hits: int = 0
    misses: int = 0
    entries: int = 0
    root: _Branch | _Entry | None = None

    def find(self, context: SiteContext, steady: bool) -> _Entry | None:
        """The render whose reads all give the same values now, if any. ``steady``: no
        reads are being noted (not an incremental build's, nor an outer include's), so a
        branch may skip reading a path into the payload it read it from before."""
        node = self.root
        lookup = context.lookup
        roots: dict[str, Any] = {}  # nothing renders while this looks: each name is
        while type(node) is _Branch:  # bound to the same value all along (site, page)
            path = node.path
            name = path[0]
            payload = None
            if type(name) is not str:
                now = lookup(path)
            else:
                root = roots.get(name, _MISSING)
                if root is _MISSING:
                    root = roots[name] = context.root_value(name)
                payload = _payload_of(root, path) if steady else None
                if payload is not None and node.seen is payload:
                    node = node.after
                    continue
                now = lookup(path, root)
            following = node.next.get(_MISSING if now is _MISSING or is_undefined(now)
                                      else _key(now))
            if payload is not None:
                node.seen, node.after = payload, following
            node = following
        return node  # type: ignore[return-value]

    def add(self, entry: _Entry) -> None:
        """File ``entry`` under its reads. A render whose reads disagree with the trie's
        (a template that is not deterministic) is not kept."""
        reads = [(path, _MISSING if seen is _MISSING else _key(seen))
                 for path, seen in entry.reads.items()]
        parent: _Branch | None = None
        value: Hashable = None
        node = self.root
        for depth, (path, value_key) in enumerate(reads):
            if node is None:
                reads = reads[depth:]
                break
            if type(node) is not _Branch or node.path != path:
                return
            parent, value, node = node, value_key, node.next.get(value_key)
        else:
            if node is not None:
                return
            reads = []
        tail: _Branch | _Entry = entry
        for path, value_key in reversed(reads):
            branch = _Branch(path)
            branch.next[value_key] = tail
            tail = branch
        if parent is None:
            self.root = tail
        else:
            parent.next[value] = tail
            parent.seen = parent.after = None  # it may have led nowhere for this value
        self.entries += 1

    @property
    def hopeless(self) -> bool:
        return self.misses >= GIVE_UP_AFTER and self.hits * 4 < self.misses


class IncludeCache:
    def __init__(self, log: ReadLog):
        self.log = log
        self._stats: dict[int, _Stats] = {}
        self.groups: dict[str, set[Fact]] = {}  # not yet handed to the build cache
        self._known_groups: set[str] = set()
        self._kept = 0  # characters of output held in all tries

    def _grouped(self, facts: set[Fact]) -> set[Fact]:
        """Many facts become one group fact, so that every page showing this include
        refers to them instead of holding a copy (tracking.py)."""
        if len(facts) < GROUP_MINIMUM:
            return facts
        name = fingerprint(sorted(facts))
        if name not in self._known_groups:
            self._known_groups.add(name)
            self.groups[name] = facts
        return {("g", name)}

    def render(self, template: BoundTemplate, context: RenderContext, buffer: TextIO) -> None:
        if not isinstance(context, SiteContext):
            template.render_with_context(context, buffer, partial=True)
            return
        stats = self._stats.get(id(template))
        if stats is None:
            stats = self._stats[id(template)] = _Stats()
        entry = stats.find(context, self.log.current is None and not context.recorders)
        if entry is not None:
            stats.hits += 1
            buffer.write(entry.output)
            context.locals.update(entry.assigns)
            if entry.facts and self.log.current is not None:
                self.log.current.update(entry.facts)
            return
        stats.misses += 1
        if stats.hopeless:
            template.render_with_context(context, buffer, partial=True)
            return
        self._record(template, context, buffer, stats)

    def _record(self, template: BoundTemplate, context: SiteContext, buffer: TextIO,
                stats: _Stats) -> None:
        recorder = Recorder(set(context.scope))
        before = dict(context.locals)
        counters = dict(context.counters)
        cycles = {key: value for key, value in context.tag_namespace["cycles"].items()}
        tracking = self.log.current is not None
        if tracking:
            self.log.push()
        context.recorders.append(recorder)
        scratch = StringIO()
        facts: set[Fact] | None = None
        try:
            template.render_with_context(context, scratch, partial=True)
        finally:
            context.recorders.pop()
            if tracking:
                facts = self._grouped(self.log.pop())
                if self.log.current is not None:
                    self.log.current.update(facts)
        output = scratch.getvalue()
        buffer.write(output)
        if (not recorder.cacheable or context.counters != counters
                or context.tag_namespace["cycles"] != cycles):
            return
        assigns = {name: value for name, value in context.locals.items()
                   if name not in before or before[name] is not value}
        self._kept += len(output)
        if self._kept > OUTPUT_BUDGET:  # start over rather than grow without bound
            for each in self._stats.values():
                each.root, each.entries = None, 0
            self._kept = len(output)
        stats.add(_Entry(recorder.reads, output, assigns, facts))
