"""Two of python-liquid's per-read steps, done without the allocation they make.

A page of the bundled news theme reads about two hundred variables. python-liquid's
``Path.evaluate`` builds a new list of the path's segments for every read (to resolve any
segment that is itself a path, as in ``site.data[page.author]``); a path without such a
segment can hand over its own list, which ``RenderContext.get`` only reads. A block of
nodes sums their results through a generator; a loop does the same. A filter without
arguments (``| escape``, ``| relative_url``) need not build an empty list and dict of them.

Names in a template (path segments, loop and assign targets) are python-liquid
``Identifier`` strings, whose ``__eq__`` and ``__hash__`` are written in Python only to
call ``str``'s own: every dictionary lookup by such a name ran two Python calls. Without
them the class inherits ``str``'s, which do exactly the same in C. Every comparison and
truth test asks whether a value is undefined, an ``isinstance`` against an abstract class
(slow, in Python); a plain string, number or list is told apart by its type first.

These change how fast, not what: the compatibility suite renders every site through them.
The fixes are applied once, when this module is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from liquid.ast import BlockNode
from liquid.builtin.expressions import logical
from liquid.builtin.expressions.filtered import Filter
from liquid.builtin.expressions.path import Path
from liquid.builtin.expressions.primitive import Identifier
from liquid.exceptions import FilterArgumentError, LiquidTypeError

from .filters._ruby import is_undefined

if TYPE_CHECKING:
    from liquid import RenderContext

_python_path_evaluate = Path.evaluate
_python_block_render = BlockNode.render_to_output
_python_filter_evaluate = Filter.evaluate


def _path_evaluate(self: Path, context: RenderContext) -> object:
    segments = self.path
    for segment in segments:
        if type(segment) is Path:
            return _python_path_evaluate(self, context)
    return context.get(segments, token=self.token)


def _block_render(self: BlockNode, context: RenderContext, buffer: TextIO) -> int:
    if (context.env.suppress_blank_control_flow_blocks and self.blank) or context.disabled_tags:
        return _python_block_render(self, context, buffer)
    count = 0
    for node in self.nodes:
        count += node.render_to_output(context, buffer)
    return count


def _filter_evaluate(self: Filter, left: object, context: RenderContext) -> object:
    if self.args:
        return _python_filter_evaluate(self, left, context)
    func = context.filter(self.name, token=self.token)
    try:
        return func(left)
    except TypeError as err:
        raise LiquidTypeError(f"{self.name}: {err}", token=self.token) from err
    except (LiquidTypeError, FilterArgumentError) as err:
        err.token = self.token
        raise err


def apply() -> None:
    Path.evaluate = _path_evaluate  # type: ignore[method-assign]
    BlockNode.render_to_output = _block_render  # type: ignore[method-assign]
    Filter.evaluate = _filter_evaluate  # type: ignore[method-assign]
    logical.is_undefined = is_undefined  # every comparison and truth test asks
    for name in ("__eq__", "__hash__"):
        if name in vars(Identifier):
            delattr(Identifier, name)


apply()
