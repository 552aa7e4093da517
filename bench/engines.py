"""The three engines the benchmark builds the corpus with, and how each is driven.

Each engine gets its own copy of the corpus (engines write caches beside their source, and
the rebuild step edits a post), a way to clear every cache before a clean build, and the
commands for a clean build and for a rebuild after one post changed:

* Broadsheet: ``broadsheet build``; the rebuild is ``--incremental`` after an
  ``--incremental`` build, so it measures the incremental engine as soon as it lands;
* Jekyll: ``jekyll build``; the rebuild is ``--incremental`` after an ``--incremental``
  build (Jekyll's regenerator needs the ``.jekyll-metadata`` a first one writes);
* Hugo: ``hugo``; Hugo has no incremental mode on the command line, so the rebuild is a
  second full ``hugo`` run (its disk caches, e.g. compiled Sass, are kept). The corpus is
  turned into a Hugo site around a skeleton of layouts of the same weight as the corpus's
  theme: ``bench/hugo/`` mirrors minima with its plugins, ``bench/hugo-news/`` Broadsheet's
  bundled news theme. Posts go to ``content/posts`` (Hugo reads the Jekyll front matter as
  it is) and the about page to ``content/``; for minima, one section per year stands for
  the year archives that jekyll-archives writes.
"""

from __future__ import annotations

import compileall
import importlib.util
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

EDIT_MARKER = "Benchmark edit number"
HUGO_SKELETON = Path(__file__).resolve().parent / "hugo"  # minima and its plugins
HUGO_NEWS_SKELETON = Path(__file__).resolve().parent / "hugo-news"  # the news theme

# Folders and files an engine keeps between builds; removed before every clean build.
CACHES = {
    "broadsheet": (".jekyll-cache",),  # the build cache: .jekyll-cache/broadsheet
    "jekyll": (".jekyll-cache", ".jekyll-metadata", ".sass-cache"),
    "hugo": ("resources", ".hugo_build.lock"),
}


class Trash:
    """Where the benchmark puts what it clears, to be deleted after the last timed build.

    Deleting thousands of files made the builds after it slow. Without a journal (this
    machine's ext4 has none), ext4 will not reuse an inode freed in the last minutes, and
    every new file steps over each such inode first (``recently_deleted`` in the kernel's
    ``fs/ext4/ialloc.c``). Writing a build's 1,400 files took 0.07 s of the kernel's time
    on a quiet disk and 0.3 to 1.4 s after outputs had been deleted, growing with every
    repeat, so which engine paid depended on the order of the runs; it took six minutes
    to pass. A rename frees no inode, so timed builds create their files as on a quiet
    disk.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self._count = 0

    def discard(self, path: Path) -> None:
        if not path.exists() and not path.is_symlink():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self._count += 1
        path.rename(self.folder / f"{self._count}-{path.name}")

    def empty(self) -> None:
        """Delete everything discarded, and note when, for ``settle``."""
        if self.folder.exists():
            shutil.rmtree(self.folder)
            self._emptied().write_text(f"{time.time()}\n", encoding="utf-8")

    def settle(self, wait: float) -> float:
        """Before the first timed build: delete what an earlier run left, then wait until
        ``wait`` seconds have passed since anything was deleted here. Returns the wait."""
        self.empty()
        try:
            emptied = float(self._emptied().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return 0.0
        pause = max(0.0, emptied + wait - time.time())
        if pause:
            os.sync()
            time.sleep(pause)
        return pause

    def _emptied(self) -> Path:
        return self.folder.with_name(self.folder.name + "-emptied")


@dataclass
class Engine:
    """One engine's site copy, output folder and commands."""

    name: str
    site: Path  # the engine's own copy of the corpus
    out: Path
    trash: Trash
    jobs: int | None = None
    env: dict[str, str] = field(default_factory=dict)

    def clean_build(self) -> list[str]:
        return self._command(incremental=False)

    def prime_build(self) -> list[str] | None:
        """The untimed build a rebuild needs before it (None: the clean build will do)."""
        return None if self.name == "hugo" else self._command(incremental=True)

    def rebuild(self) -> list[str]:
        return self._command(incremental=self.name != "hugo")

    def clear(self) -> None:
        """Move the output and every cache aside, so the next build starts from nothing."""
        self.trash.discard(self.out)
        for name in CACHES[self.name]:
            self.trash.discard(self.site / name)

    def posts_dir(self) -> Path:
        return self.site / ("content/posts" if self.name == "hugo" else "_posts")

    def _command(self, *, incremental: bool) -> list[str]:
        site, out = str(self.site), str(self.out)
        if self.name == "broadsheet":
            argv = [sys.executable, "-m", "broadsheet", "build", "-s", site, "-d", out]
            argv += ["-j", str(self.jobs)] if self.jobs else []
        elif self.name == "jekyll":
            argv = ["jekyll", "build", "-s", site, "-d", out]
        else:
            argv = ["hugo", "--source", site, "--destination", out]
        return argv + (["--incremental"] if incremental else [])


def build_env(jobs: int | None) -> dict[str, str]:
    """UTC, UTF-8 and the development environment for all engines (as the compat suite);
    ``--jobs`` caps Hugo's threads too, so every engine gets the same cores."""
    env = dict(os.environ)
    env.update(TZ="UTC", LC_ALL="C.UTF-8", LANG="C.UTF-8")
    env.pop("JEKYLL_ENV", None)
    env.pop("HUGO_ENVIRONMENT", None)
    if jobs:
        env["GOMAXPROCS"] = str(jobs)
    return env


def compile_broadsheet(src: Path | None) -> None:
    """Write Broadsheet's bytecode before timing it, as ``pip install`` does for a user.

    Without it, a machine with ``PYTHONDONTWRITEBYTECODE`` set (this one, and most CI
    images) compiles every module from source on every build: about 40 ms that no
    installed copy pays. ``src`` is the folder holding the ``broadsheet`` package; None
    means the one Python would import.
    """
    if src is not None:
        package = src / "broadsheet"
    else:
        spec = importlib.util.find_spec("broadsheet")
        if spec is None or not spec.submodule_search_locations:
            return
        package = Path(next(iter(spec.submodule_search_locations)))
    compileall.compile_dir(package, quiet=1)


def prepare(name: str, corpus: Path, work: Path, jobs: int | None, trash: Trash) -> Engine:
    """Copy the corpus into ``work`` in the shape ``name`` reads."""
    site = work / f"{name}-site"
    trash.discard(site)
    if name == "hugo":
        hugo_site(corpus, site)
    else:
        shutil.copytree(corpus, site)
    return Engine(name, site, work / f"{name}-out", trash, jobs, build_env(jobs))


def hugo_site(corpus: Path, site: Path) -> None:
    """Turn the Jekyll corpus into a Hugo site around the skeleton of the corpus's theme."""
    config = (corpus / "_config.yml").read_text(encoding="utf-8")
    news = is_news_corpus(corpus, config)
    shutil.copytree(HUGO_NEWS_SKELETON if news else HUGO_SKELETON, site)
    title = _config_value(config, "title") or "Benchmark"
    paginate = _config_value(config, "paginate") or "10"
    settings = (site / "hugo.toml").read_text(encoding="utf-8")
    head = f'title = "{title}"\npaginate = {int(paginate)}\n'
    (site / "hugo.toml").write_text(head + settings, encoding="utf-8")
    posts = site / "content" / "posts"
    years = set()
    for post in sorted((corpus / "_posts").iterdir()):
        shutil.copyfile(post, posts / post.name)
        years.add(post.name[:4])
    for page in corpus.glob("*.md"):
        shutil.copyfile(page, site / "content" / page.name)
    if not news:
        _year_sections(site / "content" / "archive", years)


def is_news_corpus(corpus: Path, config: str) -> bool:
    """Whether the corpus is for Broadsheet's bundled news theme (``corpus.py --theme news``):
    no ``theme:`` of its own and a front page in the news theme's ``home`` layout."""
    if _config_value(config, "theme"):
        return False
    index = corpus / "index.html"
    front = index.read_text(encoding="utf-8") if index.exists() else ""
    return re.search(r"^layout:\s*home\s*$", front, re.MULTILINE) is not None


def _year_sections(archive: Path, years: set[str]) -> None:
    """A section per year under content/archive, for jekyll-archives' year archives."""
    archive.mkdir()
    (archive / "_index.md").write_text(
        "---\ntitle: Archive\n_build:\n  render: never\n  list: always\n---\n", encoding="utf-8"
    )
    for year in sorted(years):
        (archive / year).mkdir()
        (archive / year / "_index.md").write_text(
            f'---\ntitle: "{year}"\nyear: {int(year)}\n---\n', encoding="utf-8"
        )


def _config_value(config: str, key: str) -> str | None:
    """A top-level scalar of the corpus's ``_config.yml`` (which corpus.py writes plainly)."""
    match = re.search(rf"^{key}:\s*(.+?)\s*$", config, re.MULTILINE)
    return match.group(1).strip("\"'") if match else None


def edit_post(post: Path, number: int) -> str:
    """Add a paragraph to a post's body and move its mtime on; return the new text.

    The mtime moves at least two seconds, so an engine that compares whole seconds (or a
    coarse file system) still sees the change."""
    marker = f"{EDIT_MARKER} {number} {time.time_ns()}"
    before = post.stat().st_mtime
    with post.open("a", encoding="utf-8") as out:
        out.write(f"\n{marker}: the council confirmed the figures on Friday.\n")
    mtime = max(time.time(), before + 2)
    os.utime(post, (mtime, mtime))
    return marker
