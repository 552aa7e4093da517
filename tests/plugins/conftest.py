"""Builds shared by the plugin tests: each site under ``sites/``, by Broadsheet and by real
Jekyll.

Both engines build a staged copy whose files all carry one fixed mtime (jekyll-sitemap's
``<lastmod>`` for static files comes from it). The Jekyll build is made once per session
and only when ``jekyll`` is on PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from broadsheet.build import BuildOptions, build

GAZETTE = Path(__file__).resolve().parent / "sites" / "gazette"
FIXED_MTIME = 946_684_800  # 2000-01-01T00:00:00Z
_FEED_UPDATED = re.compile(r"<updated>[^<]*</updated>")


def stage(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    for path in [target, *target.rglob("*")]:
        os.utime(path, (FIXED_MTIME, FIXED_MTIME))
    return target


def normalise_feed(text: str) -> str:
    """Blank the feed's own ``<updated>`` (the build time); entries keep theirs."""
    return _FEED_UPDATED.sub("<updated/>", text, count=1)


def seo_block(html: str) -> str:
    start = html.index("<!-- Begin Jekyll SEO tag")
    end = html.index("<!-- End Jekyll SEO tag -->") + len("<!-- End Jekyll SEO tag -->\n")
    return html[start:end]


def build_site_with_broadsheet(name: str, factory: pytest.TempPathFactory) -> Path:
    """Stage ``sites/<name>`` and build it with Broadsheet; returns the output folder."""
    root = factory.mktemp(f"{name}-broadsheet")
    source = stage(GAZETTE.parent / name, root / "src")
    build(BuildOptions(source=source, destination=root / "out", jobs=1))
    return root / "out"


def build_site_with_jekyll(name: str, factory: pytest.TempPathFactory) -> Path:
    """Stage ``sites/<name>`` and build it with real Jekyll (skips when it is missing)."""
    jekyll = shutil.which("jekyll")
    if jekyll is None:
        pytest.skip("jekyll is not installed")
    root = factory.mktemp(f"{name}-jekyll")
    source = stage(GAZETTE.parent / name, root / "src")
    env = {**os.environ, "TZ": "UTC", "JEKYLL_ENV": "development"}
    result = subprocess.run(
        [jekyll, "build", "--quiet", "-s", str(source), "-d", str(root / "out")],
        cwd=source, env=env, capture_output=True, text=True, timeout=120,
    )
    if result.returncode != 0:
        pytest.fail(f"jekyll build of {name} failed:\n{result.stdout}\n{result.stderr}")
    return root / "out"


def output_files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _site_fixtures(name: str) -> tuple[object, object]:
    """The session fixtures ``<name>_broadsheet`` and ``<name>_jekyll`` for one site."""

    @pytest.fixture(scope="session", name=f"{name}_broadsheet")
    def with_broadsheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
        return build_site_with_broadsheet(name, tmp_path_factory)

    @pytest.fixture(scope="session", name=f"{name}_jekyll")
    def with_jekyll(tmp_path_factory: pytest.TempPathFactory) -> Path:
        return build_site_with_jekyll(name, tmp_path_factory)

    return with_broadsheet, with_jekyll


# gazette: feed, seo, sitemap; dispatch and courier: archives and redirect-from;
# lantern: paginate-v2; handbook and logbook: the GitHub Pages plugins
gazette_broadsheet, gazette_jekyll = _site_fixtures("gazette")
dispatch_broadsheet, dispatch_jekyll = _site_fixtures("dispatch")
courier_broadsheet, courier_jekyll = _site_fixtures("courier")
lantern_broadsheet, lantern_jekyll = _site_fixtures("lantern")
handbook_broadsheet, handbook_jekyll = _site_fixtures("handbook")
logbook_broadsheet, logbook_jekyll = _site_fixtures("logbook")
