"""Build the scaffold with the bundled news theme under real Jekyll.

Used by test_theme_jekyll.py, and by hand for previews:

    python tests/theme/jekyll_site.py /tmp/preview      # writes /tmp/preview/_site

Jekyll only reads layouts, includes and Sass from inside the source folder, so the
theme folder is copied over a copy of the scaffold. When the jekyll-archives gem is
installed, category and tag archives come from it (it gives archive pages the same
`type`, `title` and `posts` variables our engine provides); otherwise, and for
author archives, which jekyll-archives lacks, they are plain pages with
`layout: archive`, `type: <kind>` and `title: <name>`, for which the archive
layout looks the posts up itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "src" / "broadsheet" / "themes" / "news"
SCAFFOLD = ROOT / "src" / "broadsheet" / "scaffold"

BASE_CONFIG = """\
liquid:
  error_mode: strict
  strict_filters: true
"""

ARCHIVES_CONFIG = """\
plugins:
  - jekyll-paginate
  - jekyll-archives
jekyll-archives:
  enabled: [categories, tags]
  layouts:
    category: archive
    tag: archive
  permalinks:
    category: "/category/:name/"
    tag: "/tag/:name/"
"""


def slugify(name: str) -> str:
    """Jekyll's default slugify, enough for author keys and names."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def front_matter_names(source: Path) -> dict[str, set[str]]:
    """Authors, categories and tags named by the posts (flow-style lists only)."""
    names: dict[str, set[str]] = {"author": set(), "category": set(), "tag": set()}
    for post in (source / "_posts").glob("*.md"):
        text = post.read_text(encoding="utf-8")
        match = re.search(r'^author:\s*"?([^"\n]+?)"?\s*$', text, re.M)
        if match:
            names["author"].add(match.group(1))
        for kind, key in (("category", "categories"), ("tag", "tags")):
            match = re.search(rf"^{key}:\s*\[([^\]]*)\]", text, re.M)
            if match:
                names[kind].update(n.strip() for n in match.group(1).split(",") if n.strip())
    return names


def has_archives_plugin() -> bool:
    try:
        found = subprocess.run(
            ["gem", "list", "--installed", "jekyll-archives"], capture_output=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return found.returncode == 0


def archive_page(source: Path, kind: str, name: str) -> None:
    slug = slugify(name)
    page = source / kind / slug / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(
        f'---\nlayout: archive\ntype: {kind}\ntitle: "{name}"\npermalink: /{kind}/{slug}/\n---\n',
        encoding="utf-8",
    )


def assemble(workdir: Path, archives_plugin: bool | None = None) -> Path:
    """Copy scaffold + theme into workdir/src; return the source folder."""
    if archives_plugin is None:
        archives_plugin = has_archives_plugin()
    source = workdir / "src"
    if source.exists():
        shutil.rmtree(source)
    shutil.copytree(SCAFFOLD, source)
    for name in ("_layouts", "_includes", "_sass", "assets"):
        shutil.copytree(THEME / name, source / name, dirs_exist_ok=True)
    shutil.copy2(THEME / "404.html", source / "404.html")
    config = BASE_CONFIG + (ARCHIVES_CONFIG if archives_plugin else "")
    (source / "_preview.yml").write_text(config, encoding="utf-8")
    names = front_matter_names(source)
    kinds = ["author"] if archives_plugin else ["author", "category", "tag"]
    for kind in kinds:
        for name in sorted(names[kind]):
            archive_page(source, kind, name)
    return source


def build(workdir: Path, archives_plugin: bool | None = None) -> Path:
    """Assemble and build; return the output folder."""
    source = assemble(workdir, archives_plugin)
    dest = workdir / "_site"
    subprocess.run(
        [
            "jekyll",
            "build",
            "--quiet",
            "--source",
            str(source),
            "--destination",
            str(dest),
            "--config",
            f"{source / '_config.yml'},{source / '_preview.yml'}",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=workdir,
    )
    return dest


if __name__ == "__main__":
    out = build(Path(sys.argv[1]).resolve())
    print(out)
