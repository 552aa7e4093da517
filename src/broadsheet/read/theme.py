"""Finding a theme's folders: an installed Jekyll theme gem, or our bundled news theme.

Jekyll asks RubyGems where a theme gem lives. We look in the same places RubyGems does
on Debian and in a user's gem home (``GEM_HOME``, ``GEM_PATH``, ``~/.gem``, ``/var/lib/gems``,
``/usr/share/rubygems-integration``), so ``theme: minima`` works with Debian's
``jekyll-theme-minima`` installed and without Ruby being run.
"""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError

BUNDLED_THEMES = Path(__file__).resolve().parent.parent / "themes"
BUNDLED_NAME = "broadsheet-news"


@dataclass(frozen=True)
class Theme:
    """A gem-based theme's folder, whose layouts, includes and assets a site inherits."""
    name: str
    root: Path

    def folder(self, name: str) -> Path | None:
        path = self.root / name
        return path if path.is_dir() else None


def _gem_dirs() -> list[Path]:
    roots: list[str] = []
    for variable in ("GEM_HOME", "GEM_PATH"):
        roots += [item for item in os.environ.get(variable, "").split(":") if item]
    roots += glob.glob(os.path.expanduser("~/.gem/ruby/*"))
    roots += glob.glob("/var/lib/gems/*")
    roots += glob.glob("/usr/local/lib/ruby/gems/*")
    roots += glob.glob("/usr/lib/ruby/gems/*")
    roots += ["/usr/share/rubygems-integration/all", "/usr/share/rubygems-integration/3.1.0"]
    return [Path(root) / "gems" for root in roots if (Path(root) / "gems").is_dir()]


def _version_key(path: Path) -> tuple[int, ...]:
    version = path.name.rsplit("-", 1)[-1]
    return tuple(int(part) for part in re.findall(r"\d+", version))


def find_theme(name: str) -> Theme:
    """The theme called ``name``: ours when it names the bundled theme, else a gem."""
    clean = name.strip().lower()
    if clean in (BUNDLED_NAME, "news"):
        return Theme(BUNDLED_NAME, BUNDLED_THEMES / "news")
    candidates: list[Path] = []
    pattern = re.compile(re.escape(clean) + r"-\d[\w.]*$")
    for gems in _gem_dirs():
        candidates += [path for path in gems.iterdir() if pattern.match(path.name)]
    if not candidates:
        raise ConfigError(
            f"the theme '{name}' could not be found: install its gem "
            f"(on Debian: apt-get install jekyll-theme-{clean}) or remove 'theme:'"
        )
    best = max(candidates, key=_version_key)
    return Theme(clean, best.resolve())


def bundled_theme() -> Theme:
    return Theme(BUNDLED_NAME, BUNDLED_THEMES / "news")
