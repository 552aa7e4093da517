"""Watching the source: one rebuild per burst, and the build's own output ignored."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from watchfiles import Change

from broadsheet.serve.watcher import SiteFilter, start_watching
from tests.conftest import write_tree


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "site", {"_posts/2025-01-01-a.md": "a", "_site/index.html": "x",
                                          ".jekyll-cache/x": "y", "index.md": "z"})


@pytest.fixture
def batches(site: Path) -> Iterator[queue.SimpleQueue[list[str]]]:
    """Batches reported by a watcher that is surely watching when the test starts."""
    found: queue.SimpleQueue[list[str]] = queue.SimpleQueue()
    stop = threading.Event()
    watch_filter = SiteFilter([site / "_site", site / ".jekyll-cache"], site / "_site")
    thread = start_watching(site, watch_filter, found.put, stop, site / ".jekyll-cache")
    assert watch_filter.watching.is_set()
    yield found
    stop.set()
    thread.join(10)
    assert not thread.is_alive()


def test_a_burst_of_changes_is_one_batch(site: Path, batches: queue.SimpleQueue[list[str]]
                                         ) -> None:
    written = [f"_posts/2025-02-{day:02d}-story.md" for day in range(1, 29)]
    for name in written:  # like a git checkout: many files, no pause between them
        (site / name).write_text(name)
    first = batches.get(timeout=10)
    assert set(written) <= set(first)
    assert list((site / ".jekyll-cache").iterdir()) == [site / ".jekyll-cache/x"]  # no probe


def test_the_builds_own_folders_are_ignored(site: Path, batches: queue.SimpleQueue[list[str]]
                                            ) -> None:
    write_tree(site, {"_site/news/index.html": "new", ".jekyll-cache/more": "z",
                      "._site.tmp-abc123/index.html": "tmp", "_posts/.a.md.swp": "swap"})
    (site / "index.md").write_text("changed")
    assert batches.get(timeout=10) == ["index.md"]


def test_filter_rules(tmp_path: Path) -> None:
    keep = SiteFilter([tmp_path / "_site", tmp_path / ".jekyll-cache"], tmp_path / "_site")
    assert keep(Change.modified, str(tmp_path / "_posts/a.md"))
    assert keep(Change.added, str(tmp_path / "_site_notes.md"))  # a prefix is not a folder
    for ignored in ("_site", "_site/a.html", ".jekyll-cache/x", "._site.old-x1/a/b.html",
                    ".git/index", "_posts/a.md~", ".jekyll-metadata"):
        assert not keep(Change.modified, str(tmp_path / ignored)), ignored
