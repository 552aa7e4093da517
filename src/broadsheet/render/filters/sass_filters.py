"""``sassify`` and ``scssify``: a string of Sass or SCSS compiled as the site's converter would.

Jekyll hands the text to its Sass converter with the site's ``sass:`` settings (style,
``sass_dir``, ``load_paths``), so an ``@import`` inside works as it does in a ``.scss``
page. No source map is written for a filter's output.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from liquid.exceptions import FilterArgumentError

from ._ruby import to_s

_STYLES = ("nested", "expanded", "compact", "compressed")


def _options(config: Mapping[str, Any]) -> tuple[str, list[str]]:
    options = config.get("sass") or {}
    style = str(options.get("style", "compact")).lstrip(":")
    source = Path(str(config.get("source") or "."))
    folders = [*(options.get("load_paths") or []), options.get("sass_dir") or "_sass"]
    paths = [str(source / str(folder)) for folder in folders]
    return (style if style in _STYLES else "compact"), [p for p in paths if Path(p).is_dir()]


def make_sass_filters(config: Mapping[str, Any]) -> dict[str, Callable[..., Any]]:
    def compile_text(value: object, indented: bool) -> str:
        import sass  # libsass: loaded by the builds that compile Sass, not by every build

        style, paths = _options(config)
        try:
            return sass.compile(string=to_s(value), include_paths=paths, output_style=style,
                                indented=indented)
        except sass.CompileError as err:
            raise FilterArgumentError(f"Sass error: {err}", token=None) from err

    return {
        "sassify": lambda value: compile_text(value, True),
        "scssify": lambda value: compile_text(value, False),
    }
