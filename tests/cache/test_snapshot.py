"""The command line's shortcut for body edits (cache/snapshot.py) gives what a clean build
gives, takes the shortcut only when it may, and moves the build's time on as a reading
build does."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from broadsheet.build import BuildOptions, build
from broadsheet.cache import snapshot, sources, warm
from broadsheet.dates import RubyTime, site_zone

from .test_incremental import apply, make_site, posts, tree

EARLY = RubyTime(2026, 1, 2, 3, 4, 5).astimezone()
LATER = RubyTime(2026, 3, 4, 5, 6, 7).astimezone()


class Clock:
    def __init__(self) -> None:
        self.now = EARLY

    def __call__(self, zone: object) -> RubyTime:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr("broadsheet.read.reader.now_in", clock)
    monkeypatch.setattr(warm, "keep_warm", False)
    return clock


def incremental(source: Path) -> int:
    return build(BuildOptions(source=source, incremental=True, jobs=1)).pages_written


def assert_same_as_clean(source: Path, work: Path) -> None:
    clean = work / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build(BuildOptions(source=source, destination=clean, jobs=1))
    built, fresh = tree(source / "_site"), tree(clean)
    assert sorted(built) == sorted(fresh)
    for name, data in fresh.items():
        assert built[name] == data, f"{name} differs from a clean build"


def test_body_edits_from_the_command_line_do_not_read_the_site_again(
    tmp_path: Path, clock: Clock, reads: list[Path]
) -> None:
    source = tmp_path / "site"
    make_site(source)
    incremental(source)
    assert reads == [source]
    assert (source / ".jekyll-cache/broadsheet" / snapshot.FILE_NAME).is_file()
    apply(source, "body", 2)
    assert incremental(source) >= 1
    apply(source, "liquid_body", 4)
    apply(source, "body", 5)
    assert incremental(source) >= 2
    assert reads == [source], "body edits should not read the site again"
    assert_same_as_clean(source, tmp_path)
    for op in ("title", "excerpt", "add", "delete", "layout", "data", "static", "page"):
        apply(source, op, 7)
        incremental(source)
        assert len(reads) == 2, f"{op} needs the site read again"
        reads.clear()
        reads.append(source)
        assert_same_as_clean(source, tmp_path)
        apply(source, "body", 3)  # and the snapshot the reading build kept is the new site
        incremental(source)
        assert reads == [source], f"after {op}, a body edit should use the new snapshot"
        assert_same_as_clean(source, tmp_path)


def test_the_shortcut_moves_the_build_time_on(
    tmp_path: Path, clock: Clock, reads: list[Path]
) -> None:
    source = tmp_path / "site"
    make_site(source)
    incremental(source)
    assert "<updated>2026-01-02T03:04:05" in (source / "_site/feed.xml").read_text()
    clock.now = LATER
    apply(source, "body", 1)
    incremental(source)
    assert reads == [source]
    assert "<updated>2026-03-04T05:06:07" in (source / "_site/feed.xml").read_text()
    assert_same_as_clean(source, tmp_path)


def test_a_post_that_falls_due_is_published_by_the_next_build(
    tmp_path: Path, clock: Clock, reads: list[Path]
) -> None:
    source = tmp_path / "site"
    make_site(source)
    due = source / "_posts/2026-02-01-due-story.md"
    due.write_text("---\nlayout: post\ntitle: Due story\ncategories: [city]\n---\nSoon.\n")
    incremental(source)
    assert not list((source / "_site").rglob("due-story.html"))
    clock.now = LATER
    apply(source, "body", 1)
    incremental(source)
    assert len(reads) == 2, "a post fell due: the site must be read again"
    assert list((source / "_site").rglob("due-story.html"))
    assert_same_as_clean(source, tmp_path)


def test_an_undated_collection_item_keeps_the_site_from_being_kept(
    tmp_path: Path, clock: Clock, reads: list[Path]
) -> None:
    source = tmp_path / "site"
    make_site(source)
    apply(source, "desk", 1)  # undated: its date is the build's time
    incremental(source)
    clock.now = LATER
    apply(source, "body", 1)
    incremental(source)
    assert len(reads) == 2
    assert_same_as_clean(source, tmp_path)


def test_a_snapshot_the_cache_does_not_name_is_not_used(
    tmp_path: Path, clock: Clock, reads: list[Path]
) -> None:
    source = tmp_path / "site"
    make_site(source)
    incremental(source)
    kept = source / ".jekyll-cache/broadsheet" / snapshot.FILE_NAME
    older = kept.read_bytes()
    apply(source, "title", 2)
    incremental(source)
    kept.write_bytes(older)  # the site before the new title, under the old token
    apply(source, "body", 2)
    incremental(source)
    assert len(reads) == 3, "the old snapshot must not be used"
    assert_same_as_clean(source, tmp_path)
    kept.write_bytes(b"not a snapshot at all")
    apply(source, "body", 3)
    incremental(source)
    assert len(reads) == 4
    assert_same_as_clean(source, tmp_path)


@pytest.mark.parametrize("keep_warm", [False, True], ids=["snapshot", "warm-site"])
def test_a_body_edit_to_a_redirecting_post_reads_the_site_again(
    tmp_path: Path, clock: Clock, reads: list[Path], monkeypatch: pytest.MonkeyPatch,
    keep_warm: bool,
) -> None:
    """Neither shortcut updates a body the site holds in another form than it was read:
    jekyll-redirect-from empties a redirecting post's."""
    monkeypatch.setattr(warm, "keep_warm", keep_warm)
    monkeypatch.setattr(sources, "KEEP_LIVE", keep_warm)
    warm.forget()
    source = tmp_path / "site"
    make_site(source)
    config = source / "_config.yml"
    config.write_text(config.read_text().replace("jekyll-paginate]",
                                                 "jekyll-paginate, jekyll-redirect-from]"))
    moved = posts(source)[-1]
    moved.write_text(moved.read_text().replace(
        "tags: []\n", "tags: []\nredirect_to: https://elsewhere.example/story\n"))
    incremental(source)
    moved.write_text(moved.read_text().replace("More text follows.", "A new body."))
    incremental(source)
    assert len(reads) == 2, "jekyll-redirect-from empties the body the site holds"
    assert "A new body." not in (source / "_site/feed.xml").read_text()
    assert_same_as_clean(source, tmp_path)


def test_an_edit_that_keeps_the_files_size_and_time_is_seen(
    tmp_path: Path, clock: Clock, reads: list[Path]
) -> None:
    """Files written just before a build may change again within the same clock tick: the
    snapshot keeps their digests (git's "racily clean" files)."""
    source = tmp_path / "site"
    make_site(source)
    incremental(source)
    story = posts(source)[0]
    stat = story.stat()
    text = story.read_text()
    story.write_text(text.replace("More text follows.", "Less text follows."))
    assert story.stat().st_size == stat.st_size
    os.utime(story, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    incremental(source)
    assert reads == [source]
    assert "Less text follows." in next((source / "_site").rglob("story-1.html")).read_text()
    assert_same_as_clean(source, tmp_path)


def test_a_new_time_zone_is_a_new_site(
    tmp_path: Path, clock: Clock, reads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``timezone:`` in the configuration, dates are read in the machine's zone
    (``TZ``): another zone gives other dates, so nothing read in the old one may be kept."""
    monkeypatch.setenv("TZ", "UTC")
    site_zone.cache_clear()  # each command-line build is a new process
    source = tmp_path / "site"
    make_site(source)
    incremental(source)
    monkeypatch.setenv("TZ", "America/New_York")
    site_zone.cache_clear()
    apply(source, "body", 1)
    incremental(source)
    assert len(reads) == 2
    assert "-04:00" in (source / "_site/feed.xml").read_text()
    assert_same_as_clean(source, tmp_path)


def test_racily_clean_files_are_hashed_until_they_are_settled(
    tmp_path: Path, clock: Clock, reads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site copied just before its first build has every file racily clean. Once a
    body-edit build finds them unchanged and older than the clock's resolution, later
    builds trust their stamps instead of hashing them all again; while one of them had
    changed under its old stamp, they do not."""
    hashed: list[str] = []
    real = snapshot.file_digest
    monkeypatch.setattr(snapshot, "file_digest", lambda path: hashed.append(path) or real(path))
    source = tmp_path / "site"
    make_site(source)
    incremental(source)  # every file was written within RACY_NS of this build
    assert len(hashed) >= len(posts(source))
    story = posts(source)[0]  # changed in the same clock tick: same size and time
    stat = story.stat()
    story.write_text(story.read_text().replace("More text follows.", "Less text follows."))
    os.utime(story, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    monkeypatch.setattr(snapshot, "RACY_NS", 0)  # as if the builds below came later
    for number in (2, 3):
        hashed.clear()
        apply(source, "body", number)
        incremental(source)
        assert story.as_posix() in hashed, "a racily changed file keeps them all checked"
        assert len(hashed) >= len(posts(source)) - number
        assert "Less text follows." in next(
            (source / "_site").rglob("story-1.html")).read_text()
        assert_same_as_clean(source, tmp_path)
    monkeypatch.setattr(snapshot, "RACY_NS", sources.RACY_NS)
    apply(source, "title", 4)  # a reading build: a new snapshot, with the post just edited
    incremental(source)  # racily clean in it
    monkeypatch.setattr(snapshot, "RACY_NS", 0)
    for number, checked in ((5, True), (6, False), (1, False)):
        hashed.clear()
        apply(source, "body", number)
        incremental(source)
        assert bool(hashed) is checked  # checked once, then settled
        assert_same_as_clean(source, tmp_path)
    assert reads == [source, source]


def test_a_failed_reading_build_keeps_the_last_snapshot_and_leaves_no_partial_file(
    tmp_path: Path, clock: Clock
) -> None:
    from broadsheet.errors import BroadsheetError

    source = tmp_path / "site"
    make_site(source)
    incremental(source)
    folder = source / ".jekyll-cache/broadsheet"
    kept = (folder / snapshot.FILE_NAME).read_bytes()
    layout = source / "_layouts/post.html"
    good = layout.read_text()
    layout.write_text(good + "{% include missing.html %}")  # a reading build, then an error
    with pytest.raises(BroadsheetError):
        incremental(source)
    assert (folder / snapshot.FILE_NAME).read_bytes() == kept
    assert not list(folder.glob("*.partial"))
    layout.write_text(good)
    incremental(source)
    assert (folder / snapshot.FILE_NAME).read_bytes() != kept  # a new one, kept
    assert not list(folder.glob("*.partial"))
