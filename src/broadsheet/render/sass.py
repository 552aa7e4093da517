"""Sass and SCSS pages (``assets/main.scss`` with front matter) compiled with libsass.

libsass is what Jekyll's own converter (sassc) wraps, so minima compiles to the same CSS
Jekyll writes. The load path is the site's ``_sass`` (or ``sass: sass_dir``), the
``sass: load_paths`` entries, then the theme's ``_sass``; the style is ``sass: style``,
``compact`` by default as jekyll-sass-converter 2 does with sassc.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MarkupError

if TYPE_CHECKING:
    from ..index.site import Site
    from ..read.documents import Document

_STYLES = ("nested", "expanded", "compact", "compressed")


def wants_source_map(site: Site) -> bool:
    """jekyll-sass-converter's ``sourcemap`` option: ``always`` (default), ``never`` or
    ``development`` (only when ``JEKYLL_ENV`` is development)."""
    options = site.config.get("sass") or {}
    choice = str(options.get("sourcemap", "always")).lstrip(":")
    if choice == "never":
        return False
    return choice != "development" or os.environ.get("JEKYLL_ENV", "development") == "development"


def compile_sass(text: str, doc: Document, site: Site) -> tuple[str, str | None]:
    """The CSS of a Sass page, and its source map (``None`` when the site wants none).

    libsass only writes maps when compiling a file, so the page body (front matter
    removed) is compiled from a scratch file that bears the page's name.
    """
    options = site.config.get("sass") or {}
    style = str(options.get("style", "compact")).lstrip(":")
    if style not in _STYLES:
        style = "compact"
    extra = [str(site.config.source / p) for p in options.get("load_paths") or []]
    paths = extra + [str(p) for p in site.sass_dirs if p.is_dir()]
    name = doc.basename
    css_name = doc.output_path.rsplit("/", 1)[-1]
    import sass  # libsass: loaded by the builds that compile Sass, not by every build

    try:
        if not wants_source_map(site):
            css = sass.compile(string=text, include_paths=paths, output_style=style,
                               indented=doc.ext.lower() == ".sass")
            return css, None
        with tempfile.TemporaryDirectory(prefix="broadsheet-sass-") as scratch:
            source = Path(scratch) / name
            source.write_text(text, encoding="utf-8")
            css, source_map = sass.compile(
                filename=str(source), include_paths=paths, output_style=style,
                source_map_filename=str(Path(scratch) / (css_name + ".map")),
                output_filename_hint=str(Path(scratch) / css_name),
                source_map_contents=True,
            )
        return css, source_map
    except sass.CompileError as err:
        message = str(err)
        line_match = re.search(r"on line (\d+)", message)
        line = int(line_match.group(1)) + doc.body_line - 1 if line_match else None
        first = message.strip().splitlines()[0] if message.strip() else "Sass error"
        raise MarkupError(f"Sass error: {first}", doc.relative_path, line) from err
