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

An include is not cached when it changed state the cache cannot replay (``increment``
counters, ``cycle``), used ``include_relative`` (which depends on the current file), or
stopped with an error. An include that keeps missing is no longer recorded, so pages that
render a different card for every post pay almost nothing.

No library does this: python-liquid has no notion of a dependency-keyed partial cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from io import StringIO
from typing import TYPE_CHECKING, Any, TextIO

from liquid import RenderContext
from liquid.undefined import Undefined

from .tracking import fingerprint

if TYPE_CHECKING:
    from liquid.template import BoundTemplate

    from .tracking import Fact, ReadLog

_MISSING = object()
_EXACT = (str, int, float, bool, type(None), datetime, date)
ENTRIES_PER_INCLUDE = 12
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
            self.reads[key] = _MISSING if isinstance(value, Undefined) else value


class SiteContext(RenderContext):
    """python-liquid's render context, telling active recorders what it resolves."""

    __slots__ = ("recorders",)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.recorders: list[Recorder] = []

    def get(self, path: list[object], *, token: Any, default: object = _MISSING) -> object:
        if default is _MISSING:
            value = super().get(path, token=token)
        else:
            value = super().get(path, token=token, default=default)
        if self.recorders:
            for recorder in self.recorders:
                recorder.saw(path, value)
        return value

    def resolve(self, name: str, *, token: Any = None, default: object = _MISSING) -> Any:
        if default is _MISSING:
            value = super().resolve(name, token=token)
        else:
            value = super().resolve(name, token=token, default=default)
        if self.recorders:
            for recorder in self.recorders:
                recorder.saw((name,), value)
        return value

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
    reads: dict[tuple[Any, ...], Any]
    output: str
    assigns: dict[str, Any]
    facts: set[Fact] | None

    def valid(self, context: SiteContext) -> bool:
        for path, seen in self.reads.items():
            now = context.get(list(path), token=None, default=_MISSING)
            if isinstance(now, Undefined):
                now = _MISSING
            if now is not seen and not _same(now, seen):
                return False
        return True


def _same(now: Any, seen: Any) -> bool:
    """Equal as far as any template can tell: plain values by equality, lists of them item
    by item (``page.categories`` is a new list on every page), anything else by identity."""
    if type(now) is not type(seen):
        return False
    if isinstance(now, _EXACT):
        return bool(now == seen)
    if isinstance(now, list):
        return len(now) == len(seen) and all(
            a is b or (type(a) is type(b) and isinstance(a, _EXACT) and a == b)
            for a, b in zip(now, seen, strict=True))
    return False


@dataclass
class _Stats:
    hits: int = 0
    misses: int = 0
    entries: list[_Entry] = field(default_factory=list)

    @property
    def hopeless(self) -> bool:
        return self.misses >= GIVE_UP_AFTER and self.hits * 4 < self.misses


class IncludeCache:
    def __init__(self, log: ReadLog):
        self.log = log
        self._stats: dict[int, _Stats] = {}
        self.groups: dict[str, set[Fact]] = {}  # not yet handed to the build cache
        self._known_groups: set[str] = set()

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
        for entry in stats.entries:
            if entry.valid(context):
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
        stats.entries.insert(0, _Entry(recorder.reads, output, assigns, facts))
        del stats.entries[ENTRIES_PER_INCLUDE:]
