"""Layouts: ``_layouts`` of the site, then of the theme (the site's win, as in Jekyll)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .entries import inside
from .frontmatter import read_text, split


@dataclass(frozen=True, slots=True)
class Layout:
    """One file of ``_layouts``: its front matter and its Liquid."""
    name: str
    path: Path
    display: str  # the path shown in error messages
    data: dict[str, Any]
    content: str
    body_line: int

    @property
    def parent(self) -> str | None:
        value = self.data.get("layout")
        return None if value in (None, "", "none") else str(value)


def read_layouts(folders: list[Path]) -> dict[str, Layout]:
    """Layouts by name (file name without extension, and with it for nested folders)."""
    layouts: dict[str, Layout] = {}
    for folder in reversed(folders):  # the theme first, so the site's replace its layouts
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.name.startswith(".") or not inside(folder, path):
                continue
            relative = path.relative_to(folder).as_posix()
            name = relative.rsplit(".", 1)[0] if "." in path.name else relative
            display = _display(path)
            text = split(read_text(path, display), display)
            layouts[name] = Layout(name, path, display, text.data or {}, text.body, text.body_line)
    return layouts


def _display(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
