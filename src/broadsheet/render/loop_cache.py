"""Loop bodies that depend only on the loop's post, rendered once per post.

An archive page lists its posts with a few values of each — ``{{ post.date | date: ... }}``,
``{{ post.url | relative_url }}``, ``{{ post.title | escape }}`` — and every post is on
its year's page, its categories' and each of its tags': the same list item, rendered
five times or more. When a ``for`` loop's body is only text and outputs of the loop
variable's values through filters that depend on nothing but their input and literal
arguments, its output for a post cannot differ from one page to the next, and is kept:
for each loop of each template, by the post's drop (one per document and process, so
its identity is the post's).

Nothing else qualifies: a body with a tag (``if``, ``assign``, ``include``), with a read
of anything but the loop variable (``forloop``, ``page``, an assigned name), or with a
filter a plugin added or replaced, renders as before; so does a value that is not a
document (a data file's entries, strings). ``output`` is left out too, being nil until
the post has rendered. Loops render as before while an incremental build notes what
each page reads, or while the include cache records an include, which must see every
read. A body that raises is not kept.

No library does this: python-liquid renders every iteration of every loop.
"""

from __future__ import annotations

from io import StringIO
from typing import TYPE_CHECKING, Any, TextIO

from liquid.builtin.content import ContentNode
from liquid.builtin.expressions.arguments import KeywordArgument, PositionalArgument
from liquid.builtin.expressions.filtered import FilteredExpression
from liquid.builtin.expressions.path import Path
from liquid.builtin.expressions.primitive import Literal
from liquid.builtin.output import OutputNode
from liquid.builtin.tags.for_tag import ForLoop, ForNode

from .drops import DocumentDrop

if TYPE_CHECKING:
    from liquid import Environment, RenderContext

# Filters whose output depends only on their input, their arguments and the site's
# configuration, which is the same for the whole build.
PURE_FILTERS = frozenset((
    "abs", "absolute_url", "append", "at_least", "at_most", "capitalize", "ceil",
    "cgi_escape", "date", "date_to_long_string", "date_to_rfc822", "date_to_string",
    "date_to_xmlschema", "default", "divided_by", "downcase", "escape", "escape_once",
    "first", "floor", "join", "last", "lstrip", "minus", "modulo", "newline_to_br",
    "number_of_words", "plus", "prepend", "relative_url", "remove", "remove_first",
    "replace", "replace_first", "round", "rstrip", "size", "slugify", "strip",
    "strip_html", "strip_newlines", "times", "truncate", "truncatewords", "upcase",
    "uri_escape", "url_decode", "url_encode", "xml_escape",
))
MOST_KEPT = 200_000  # outputs a process keeps before starting over

_python_render = ForNode.render_to_output


class LoopOutputs:
    """An environment's kept loop outputs, and which of its loops may keep them."""

    def __init__(self, env: Environment):
        # the functions registered under those names now (held, not their ids, which a
        # plugin's later replacement could be given once one of them is freed)
        self.pure = {env.filters[name] for name in PURE_FILTERS if name in env.filters}
        self.env = env
        self.loops: dict[int, tuple[ForNode, dict[int, tuple[Any, str]] | None]] = {}
        self.kept = 0

    def outputs_of(self, node: ForNode) -> dict[int, tuple[Any, str]] | None:
        """The outputs kept for ``node``'s body, by drop; None if it may not keep any.
        Each entry holds its node and drops, so that their ids are not reused."""
        found = self.loops.get(id(node))
        if found is None:
            outputs = {} if self._pure(node) else None
            found = self.loops[id(node)] = (node, outputs)
        return found[1]

    def note(self, outputs: dict[int, tuple[Any, str]], drop: Any, text: str) -> None:
        if self.kept >= MOST_KEPT:
            for _, kept in self.loops.values():
                if kept is not None:
                    kept.clear()
            self.kept = 0
        outputs[id(drop)] = (drop, text)
        self.kept += 1

    def _pure(self, node: ForNode) -> bool:
        name = node.expression.identifier
        for child in node.block.nodes:
            if type(child) is ContentNode:
                continue
            if type(child) is not OutputNode or not self._pure_expression(child.expression,
                                                                           name):
                return False
        return True

    def _pure_expression(self, expression: Any, name: str) -> bool:
        kind = type(expression)
        if kind is Path:
            path = expression.path
            return (bool(path) and path[0] == name
                    and all(isinstance(part, (str, int)) for part in path)
                    and "output" not in path[1:])
        if kind is FilteredExpression:
            if not self._pure_expression(expression.left, name):
                return False
            for item in expression.filters:
                function = self.env.filters.get(item.name)
                if function is None or function not in self.pure:
                    return False
                for argument in item.args:
                    if type(argument) not in (KeywordArgument, PositionalArgument):
                        return False
                    if not isinstance(argument.value, Literal):
                        return False
            return True
        return False


def _render(self: ForNode, context: RenderContext, buffer: TextIO) -> int:
    """``ForNode.render_to_output``, with the bodies LoopOutputs allows kept."""
    env = context.env
    cache: LoopOutputs | None = getattr(env, "loop_outputs", None)
    # (``recorders``: the include cache's, which must see every read; only our own
    # SiteContext has them, and only our own environment has a cache)
    if (cache is None or getattr(context, "recorders", True)
            or env.log.current is not None):  # type: ignore[attr-defined]
        return _python_render(self, context, buffer)
    outputs = cache.outputs_of(self)
    if outputs is None:
        return _python_render(self, context, buffer)
    it, length = self.expression.evaluate(context)
    if not length:
        return self.default.render(context, buffer) if self.default else 0
    name = self.expression.identifier
    forloop = ForLoop(name=f"{name}-{self.expression.iterable}", it=it, length=length,
                      parentloop=context.parentloop())
    namespace: dict[str, object] = {"forloop": forloop, name: None}
    count = 0
    with context.loop(namespace, forloop):
        for item in forloop:
            if type(item) is not DocumentDrop:
                namespace[name] = item
                count += self.block.render(context, buffer)
                continue
            found = outputs.get(id(item))
            if found is None:
                namespace[name] = item
                part = StringIO()
                self.block.render(context, part)
                text = part.getvalue()
                cache.note(outputs, item, text)
            else:
                text = found[1]
            count += buffer.write(text)
    return count


def apply() -> None:
    ForNode.render_to_output = _render  # type: ignore[method-assign]


apply()
