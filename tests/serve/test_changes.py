"""Which output files a rebuild changed, and what the hub tells open pages about it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from broadsheet.serve.changes import Snapshot, only_stylesheets, urls_for
from broadsheet.serve.livereload import MAX_LISTED_URLS, BuildProblem, Hub
from tests.conftest import write_tree


def rewrite(path: Path, text: str) -> None:
    """As a build does: a new file, with a new modification time."""
    path.write_text(text)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_only_files_with_new_contents_count_as_changed(tmp_path: Path) -> None:
    site = write_tree(tmp_path, {"index.html": "a", "post.html": "b", "css/main.css": "c",
                                 "old.html": "d"})
    before = Snapshot.take(site)
    rewrite(site / "index.html", "a")  # rewritten, same bytes
    rewrite(site / "post.html", "B")
    (site / "old.html").unlink()
    (site / "new.html").write_text("e")
    after = Snapshot.take(site, before)
    assert after.changed_since(before) == ["new.html", "old.html", "post.html"]
    assert Snapshot.take(site, after).changed_since(after) == []


def test_looking_only_at_the_files_a_build_touched_finds_the_same_changes(
    tmp_path: Path,
) -> None:
    site = write_tree(tmp_path, {"index.html": "a", "post.html": "b", "css/main.css": "c",
                                 "old.html": "d"})
    before = Snapshot.take(site)
    rewrite(site / "index.html", "a")
    rewrite(site / "post.html", "B")
    (site / "old.html").unlink()
    (site / "new.html").write_text("e")
    touched = ["index.html", "post.html", "old.html", "new.html"]
    after = before.updated(site, touched)
    assert after.changed_since(before) == ["new.html", "old.html", "post.html"]
    assert after.files == Snapshot.take(site).files
    assert after.files["css/main.css"] is before.files["css/main.css"]  # not looked at


def test_unchanged_size_and_mtime_reuse_the_old_hash(tmp_path: Path) -> None:
    site = write_tree(tmp_path, {"photo.jpg": "x" * 10})
    before = Snapshot.take(site)
    after = Snapshot.take(site, before)
    assert after.files["photo.jpg"] is before.files["photo.jpg"]


def test_urls_include_the_forms_a_browser_asks_for() -> None:
    assert urls_for(["index.html", "news/index.html", "about.html", "a/b.css"], "/paper") == [
        "/paper/index.html", "/paper/", "/paper/news/index.html", "/paper/news/",
        "/paper/about.html", "/paper/about", "/paper/a/b.css"]


def test_stylesheets_alone() -> None:
    assert only_stylesheets(["assets/main.css", "assets/main.css.map"])
    assert not only_stylesheets(["assets/main.css", "index.html"])
    assert not only_stylesheets([])


def messages(frames: list[str]) -> list[tuple[str, dict]]:
    parsed = []
    for text in frames:
        fields = dict(line.split(": ", 1) for line in text.strip().splitlines()
                      if line and not line.startswith(("retry", ":")))
        if fields:
            parsed.append((fields["event"], json.loads(fields["data"])))
    return parsed


def test_hub_announces_builds_and_failures_to_each_listener() -> None:
    hub = Hub()
    stream = hub.listen()
    first = [next(stream)]
    hub.failed(BuildProblem("_posts/a.md", 3, "invalid YAML"))
    hub.built(["index.html", "assets/main.css"], "")
    hub.close()
    assert messages(first + list(stream)) == [
        ("hello", {"build": 0, "error": None}),
        ("failed", {"file": "_posts/a.md", "line": 3, "message": "invalid YAML"}),
        ("change", {"build": 1, "urls": ["/index.html", "/", "/assets/main.css"],
                    "all": False, "css": False}),
    ]
    assert hub.listeners == 0


def test_a_page_that_connects_during_a_failure_hears_of_it_at_once() -> None:
    hub = Hub()
    hub.failed(BuildProblem("_layouts/post.html", None, "unknown tag"))
    hello = messages([next(hub.listen())])
    assert hello == [("hello", {"build": 0, "error": {
        "file": "_layouts/post.html", "line": None, "message": "unknown tag"}})]


def test_very_many_changes_are_sent_as_everything() -> None:
    hub = Hub()
    stream = hub.listen()
    next(stream)
    hub.built([f"p{n}.css" for n in range(MAX_LISTED_URLS + 1)], "")
    hub.close()
    (_, change), = messages(list(stream))
    assert change["all"] and change["css"] and change["urls"] == []
