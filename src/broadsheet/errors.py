"""Every error a site's author can cause, as one family of values.

Errors are values that carry the file and line they are about, until the CLI prints
them as one clean line (``path:line: message``). Nothing a user can cause should ever
surface as a Python traceback.

    BroadsheetError                 anything the user can fix in their site
    ├── ConfigError                 a bad ``_config.yml`` or command-line option
    ├── FrontMatterError            YAML front matter that does not parse
    ├── ContentError                a file that cannot be read as a document
    │                               (not UTF-8, a post name without a date, ...)
    ├── TemplateError               a Liquid syntax or render error, a missing layout
    │   └── IncludeError            a missing or forbidden include
    ├── MarkupError                 Sass or Markdown that cannot be converted
    └── UnsafePathError             a path that would leave the source or destination
"""

from __future__ import annotations

from pathlib import Path


class BroadsheetError(Exception):
    """A problem in the user's site, with the file and line it is about."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class ConfigError(BroadsheetError):
    """A configuration file or option that cannot be used."""


class FrontMatterError(BroadsheetError):
    """YAML front matter that does not parse, or is not a mapping."""


class ContentError(BroadsheetError):
    """A source file that cannot be read as a document."""


class TemplateError(BroadsheetError):
    """A Liquid template that does not parse or render, or a layout that does not exist."""


class IncludeError(TemplateError):
    """An include that does not exist or lies outside the allowed folders."""


class MarkupError(BroadsheetError):
    """Sass or Markdown that cannot be converted."""


class UnsafePathError(BroadsheetError):
    """A path from content or templates that would escape the source or destination."""
