"""Two of python-liquid's per-read steps, done without the allocation they make.

A page of the bundled news theme reads about two hundred variables. python-liquid's
``Path.evaluate`` builds a new list of the path's segments for every read (to resolve any
segment that is itself a path, as in ``site.data[page.author]``); a path without such a
segment can hand over its own list, which ``RenderContext.get`` only reads. A block of
nodes sums their results through a generator; a loop does the same.

These change how fast, not what: the compatibility suite renders every site through them.
The fixes are applied once, when this module is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from liquid.ast import BlockNode
from liquid.builtin.expressions.path import Path

if TYPE_CHECKING:
    from liquid import RenderContext

_python_path_evaluate = Path.evaluate
_python_block_render = BlockNode.render_to_output


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


def apply() -> None:
    Path.evaluate = _path_evaluate  # type: ignore[method-assign]
    BlockNode.render_to_output = _block_render  # type: ignore[method-assign]


apply()
