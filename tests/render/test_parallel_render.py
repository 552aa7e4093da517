"""Rendering on several cores: what a user sees when a worker meets an error or dies, and
that a page reading other documents' contents renders as in one process."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

from broadsheet.build import BuildOptions, build, load_site
from broadsheet.config import load_config
from broadsheet.dates import RubyTime, site_zone
from broadsheet.errors import BroadsheetError, IncludeError
from broadsheet.render import parallel
from broadsheet.render.renderer import Renderer
from broadsheet.write.output import OutputFolder
from tests.conftest import BASIC_LAYOUTS, write_tree


def _site(root: Path, posts: int = 200, body: str = "Story {n}.") -> Path:
    files: dict[str, str | bytes] = {**BASIC_LAYOUTS, "_config.yml": "timezone: UTC\n"}
    for n in range(posts):
        files[f"_posts/2025-03-{n % 28 + 1:02d}-story-{n}.md"] = (
            f"---\nlayout: post\ntitle: Story {n}\n---\n{body.format(n=n)}\n")
    return write_tree(root, files)


def _old_site(destination: Path) -> Path:
    destination.mkdir()
    (destination / "index.html").write_text("yesterday's edition")
    return destination


def _split_roles(monkeypatch: pytest.MonkeyPatch, in_parent: Any, in_worker: Any) -> None:
    """Render with ``in_parent`` in this process and ``in_worker`` in the forked one."""
    parent = os.getpid()
    real = parallel.render_one

    def render_one(*args: Any) -> None:
        (in_parent if os.getpid() == parent else in_worker)(real, *args)

    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(parallel, "render_one", render_one)


def test_an_error_met_by_a_worker_fails_the_build_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _site(tmp_path / "site", body="{{% include missing-{n}.html %}}")
    failed = multiprocessing.get_context("fork").Event()

    def in_worker(real: Any, *args: Any) -> None:
        try:
            real(*args)
        finally:
            failed.set()

    def in_parent(real: Any, *args: Any) -> None:
        assert failed.wait(10)  # and render nothing: the error must come from the worker

    _split_roles(monkeypatch, in_parent, in_worker)
    destination = _old_site(tmp_path / "out")
    with pytest.raises(IncludeError) as caught:
        build(BuildOptions(source=source, destination=destination, jobs=2))
    assert "could not locate the included file 'missing-" in str(caught.value)
    assert caught.value.path is not None and caught.value.path.startswith("_posts/")
    assert sorted(p.name for p in destination.iterdir()) == ["index.html"]
    assert (destination / "index.html").read_text() == "yesterday's edition"


def test_a_worker_that_dies_fails_the_build_instead_of_hanging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _site(tmp_path / "site")
    dying = multiprocessing.get_context("fork").Event()

    def in_worker(real: Any, *args: Any) -> None:
        dying.set()
        os._exit(9)  # as if killed for want of memory

    def in_parent(real: Any, *args: Any) -> None:
        assert dying.wait(10)
        real(*args)

    _split_roles(monkeypatch, in_parent, in_worker)
    destination = _old_site(tmp_path / "out")
    with pytest.raises(BroadsheetError, match=r"a render worker stopped \(exit code 9\)"):
        build(BuildOptions(source=source, destination=destination, jobs=2))
    assert (destination / "index.html").read_text() == "yesterday's edition"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_page_showing_another_documents_content_keeps_its_own_relative_includes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """Rendering a post's content for another page made the post the current document, so
    the page's next ``include_relative`` looked in ``_posts/``."""
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 1)
    source = _site(tmp_path / "site", posts=20,
                   body="Body {n} of {{{{ page.title }}}} with *emphasis*.")
    write_tree(source, {
        "front.html": """
            ---
            layout: default
            ---
            {% for post in site.posts limit: 3 %}{{ post.content }}{{ post.excerpt }}{% endfor %}
            {% include_relative box.html %}
            """,
        "box.html": "<div class=\"box\">boxed</div>",
    })
    out = tmp_path / "out"
    build(BuildOptions(source=source, destination=out, jobs=jobs))
    front = (out / "front.html").read_text()
    assert '<div class="box">boxed</div>' in front
    assert front.count("<em>emphasis</em>") == 6  # three contents and their excerpts


def test_a_post_content_is_kept_only_while_another_page_may_show_it(tmp_path: Path) -> None:
    """At 100,000 posts, keeping every rendered content made each render worker hundreds of
    megabytes larger: a post's content is let go once its page is written, unless a page
    (a feed, a front page) has shown it."""
    source = _site(tmp_path / "site", posts=30)
    write_tree(source, {"front.html": "---\n---\n{{ site.posts.first.content }}"})
    site = load_site(load_config(source, tmp_path / "out", None, {}), jobs=1)
    renderer = Renderer(site)
    documents = [doc for doc in site.documents() if doc.write and doc.output_path]
    output = OutputFolder(site.config.destination, [])
    try:
        parallel.render_all(renderer, documents, output, 1, None)
    finally:
        output.abandon()
    kept = [doc.relative_path for doc in documents if id(doc) in renderer._content]
    assert kept == [site.posts[-1].relative_path]  # the newest, site.posts.first


def test_sitemap_feed_and_stylesheet_made_in_parallel_are_those_one_process_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _site(tmp_path / "site", posts=60)
    (source / "_config.yml").write_text(
        "timezone: UTC\nurl: https://example.org\nplugins: [jekyll-sitemap, jekyll-feed]\n")
    write_tree(source, {"assets/site.scss": "---\n---\n$ink: #123;\nbody { color: $ink; }\n"})
    site = load_site(load_config(source, tmp_path / "unused", None, {}))
    sitemap = next(page for page in site.pages if page.url == "/sitemap.xml")
    assert sitemap._make is not None  # indexing left it to the renderer

    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 1)
    now = RubyTime(2026, 1, 2, 3, 4, 5, tzinfo=site_zone("UTC"))
    monkeypatch.setattr("broadsheet.read.reader.now_in", lambda zone: now)  # feed <updated>
    one, two = tmp_path / "one", tmp_path / "two"
    build(BuildOptions(source=source, destination=one, jobs=1))
    build(BuildOptions(source=source, destination=two, jobs=2))
    made = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert made == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert {Path("sitemap.xml"), Path("feed.xml"), Path("assets/site.css")} <= set(made)
    for relative in made:
        assert (one / relative).read_bytes() == (two / relative).read_bytes(), relative
    assert "<loc>https://example.org/2025/03/01/story-0.html</loc>" in (
        two / "sitemap.xml").read_text()
    assert "color: #123" in (two / "assets/site.css").read_text()


def test_the_progress_counts_what_every_process_rendered() -> None:
    """Each process counts in its own slot of memory they share; the bar shows the sum."""
    counts = parallel._Progress(3)
    child = os.fork()
    if child == 0:
        counts.add(1, 40)
        counts.add(1, 24)
        os._exit(0)
    os.waitpid(child, 0)
    assert counts.add(0, 10) == 74
    assert counts.add(2, 6) == 80


def test_progress_is_reported_as_runs_end_in_parallel_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 1)
    source = _site(tmp_path / "site", posts=120)
    seen: list[tuple[int, int]] = []
    build(BuildOptions(source=source, destination=tmp_path / "out", jobs=2),
          progress=lambda done, total: seen.append((done, total)))
    assert seen and all(total == seen[0][1] for _, total in seen)
    dones = [done for done, _ in seen]
    assert dones == sorted(dones) and 0 < dones[-1] <= seen[0][1]


@pytest.mark.parametrize("jobs", [2, 8, 64])
def test_runs_cover_every_document_in_order_and_their_numbers_fit_any_pipe(jobs: int) -> None:
    from broadsheet.forked import MOST_RUNS

    for total in (0, 1, 149, 1000, 10_000, 110_000, 1_000_000):
        runs = parallel._chunks(total, jobs)
        assert [n for run in runs for n in run] == list(range(total))
        assert len(runs) <= MOST_RUNS
    assert len(parallel._chunks(1000, 2)) == 36  # small sites keep their short runs
