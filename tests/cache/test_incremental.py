"""Incremental builds give exactly what a clean build gives, after any sequence of edits.

A small site that leans on everything an incremental build can get wrong — listings of
``site.posts`` in includes, excerpts of other posts, ``site.data`` in layouts and in post
content, previous/next links, categories, pagination, a collection, jekyll-feed and
jekyll-sitemap — goes through random sequences of edits, additions, deletions and renames
of posts, layouts, includes, data files, pages and static files. After each step the
incremental build's output folder must equal a clean build's, byte for byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet.build import BuildOptions, build
from broadsheet.cache import rebuild, sources, warm
from broadsheet.dates import RubyTime
from broadsheet.errors import BroadsheetError
from broadsheet.render import parallel as render_parallel

FIXED = RubyTime(2026, 1, 2, 3, 4, 5).astimezone()

SITE: dict[str, str] = {
    "_config.yml": (
        "title: The Test Gazette\nurl: https://gazette.example\npaginate: 3\n"
        "paginate_path: /page:num/\nplugins: [jekyll-feed, jekyll-sitemap, jekyll-paginate]\n"
        "collections:\n  desks:\n    output: true\n"
    ),
    "_layouts/default.html": (
        "<html><title>{{ page.title }} | {{ site.title }}</title><body>\n"
        "{% include header.html %}\n{{ content }}\n"
        "<footer>{{ site.title }} {{ site.data.extra.note }}</footer></body></html>\n"
    ),
    "_layouts/post.html": (
        "---\nlayout: default\n---\n<article><h1>{{ page.title }}</h1>{{ content }}</article>\n"
        "<p>{{ page.author }} {{ page.kicker | default: 'no kicker' }}</p>\n"
        "{% if page.previous %}<a href='{{ page.previous.url }}'>{{ page.previous.title }}</a>"
        "{% endif %}{% if page.next %}<a href='{{ page.next.url }}'>{{ page.next.title }}</a>"
        "{% endif %}\n{% assign desk = page.categories | first %}"
        "{% for other in site.categories[desk] limit: 3 %}"
        "{% include card.html item=other %}{% endfor %}\n"
    ),
    "_includes/header.html": (
        "<nav>{% for item in site.data.nav %}<a href='{{ item.url }}'>{{ item.name }}</a>"
        "{% endfor %}</nav>\n"
    ),
    "_includes/latest.html": (
        "<aside>{% for post in site.posts limit: 3 %}<b>{{ post.title }}</b>{% endfor %}</aside>\n"
    ),
    "_includes/card.html": "<div>{{ include.item.title }}: {{ include.item.excerpt }}</div>\n",
    "_data/nav.yml": "- name: Home\n  url: /\n- name: Sections\n  url: /sections/\n",
    "_data/settings.yml": "motto: News without fear\n",
    "index.html": (
        "---\nlayout: default\ntitle: Front page\n---\n"
        "{% for post in paginator.posts %}{% include card.html item=post %}{% endfor %}\n"
        "{% include latest.html %}\n"
        "<p>page {{ paginator.page }} of {{ paginator.total_pages }}</p>\n"
    ),
    "sections.html": (
        "---\nlayout: default\ntitle: Sections\n---\n{% for cat in site.categories %}"
        "<h2>{{ cat[0] }} ({{ cat[1].size }})</h2>{% endfor %}\n"
        "{% for p in site.pages %}{% if p.title %}[{{ p.title }}]{% endif %}{% endfor %}\n"
    ),
    "about.md": "---\nlayout: default\ntitle: About us\n---\nWe report on *Kettlebridge*.\n",
    "_desks/metro.md": (  # dated: an undated item would keep the snapshot from being kept
        "---\nlayout: default\ntitle: Metro desk\ndate: 2025-06-01\n---\n"
        "The metro desk has filed {{ site.posts.size }} stories. {{ site.data.settings.motto }}\n"
    ),
    "assets/notes.txt": "static notes\n",
}
CATEGORIES = ["city", "sport", "culture"]


def post_text(title: str, category: str, body: str) -> str:
    return (f"---\nlayout: post\ntitle: \"{title}\"\nauthor: \"reporter\"\n"
            f"categories: [{category}]\ntags: []\n---\n{body}\n\nMore text follows.\n")


def make_site(root: Path) -> None:
    for relative, text in SITE.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for day in range(1, 7):
        (root / "_posts" / f"2025-08-{day:02d}-story-{day}.md").parent.mkdir(exist_ok=True)
        (root / "_posts" / f"2025-08-{day:02d}-story-{day}.md").write_text(
            post_text(f"Story {day}", CATEGORIES[day % 3], f"Body of story {day}."
                      + (" Our motto: {{ site.data.settings.motto }}." if day % 3 == 0 else "")))


def posts(root: Path) -> list[Path]:
    return sorted((root / "_posts").glob("*.md"))


# -- the edits ------------------------------------------------------------------------------
def apply(root: Path, op: str, n: int) -> None:  # noqa: PLR0912
    existing = posts(root)
    target = existing[n % len(existing)] if existing else None
    if op == "body" and target:
        text = target.read_text().replace("More text follows.", f"Edited {n}. More text follows.")
        target.write_text(text)
    elif op == "title" and target:
        lines = target.read_text().split("\n")
        lines[2] = f'title: "Retitled {n}"'
        target.write_text("\n".join(lines))
    elif op == "add":
        day = 10 + n % 18
        path = root / "_posts" / f"2025-08-{day:02d}-added-{n}.md"
        path.write_text(post_text(f"Added {n}", CATEGORIES[n % 3], f"New story {n}."))
    elif op == "delete" and target and len(existing) > 1:
        target.unlink()
    elif op == "rename" and target:
        target.rename(target.with_name(target.name.replace(".md", f"-r{n}.md")))
    elif op == "redate" and target:
        target.rename(target.with_name(f"2025-07-{1 + n % 28:02d}" + target.name[10:]))
    elif op == "recategorize" and target:
        text = target.read_text()
        for name in CATEGORIES:
            text = text.replace(f"categories: [{name}]", f"categories: [{CATEGORIES[n % 3]}]")
        target.write_text(text)
    elif op == "excerpt" and target:  # listings show the excerpt, from the front matter now
        text = target.read_text()
        if "excerpt:" not in text:
            text = text.replace("tags: []\n", f'tags: []\nexcerpt: "Standfirst {n}"\n', 1)
        target.write_text(text)
    elif op == "kicker" and target:  # front matter that only the post's own page shows
        lines = [line for line in target.read_text().split("\n") if not line.startswith("kicker:")]
        if n % 4:
            lines.insert(2, f"kicker: Kicker {n}")
        target.write_text("\n".join(lines))
    elif op == "unpublish" and target and len(existing) > 1:
        text = target.read_text()
        if "published: false" in text:
            text = text.replace("published: false\n", "")
        else:
            text = text.replace("tags: []\n", "tags: []\npublished: false\n", 1)
        target.write_text(text)
    elif op == "liquid_body" and target:
        target.write_text(target.read_text() + "\nMotto: {{ site.data.settings.motto }}\n")
    elif op == "layout":
        path = root / "_layouts" / ("post.html" if n % 2 else "default.html")
        path.write_text(path.read_text().replace("</body>", f"<i>{n}</i></body>")
                        .replace("</article>", f"</article><i>{n}</i>"))
    elif op == "include":
        name = ["header.html", "latest.html", "card.html"][n % 3]
        path = root / "_includes" / name
        path.write_text(path.read_text().rstrip("\n") + f"<!-- {n} -->\n")
    elif op == "data":
        (root / "_data" / "settings.yml").write_text(f"motto: Motto number {n}\n")
    elif op == "extra_data":  # a data file pages read while it was not there
        extra = root / "_data" / "extra.yml"
        if extra.exists() and n % 2:
            extra.unlink()
        else:
            extra.write_text(f"note: Extra note {n}\n")
    elif op == "nav":
        nav = root / "_data" / "nav.yml"
        nav.write_text(nav.read_text() + f"- name: Extra {n}\n  url: /extra-{n}/\n")
    elif op == "page":
        (root / "about.md").write_text(f"---\nlayout: default\ntitle: About {n}\n---\nAbout.\n")
    elif op == "new_page":
        (root / f"page-{n}.md").write_text(f"---\nlayout: default\ntitle: Page {n}\n---\nHi.\n")
    elif op == "desk":  # undated when n is odd: its date is the build's time
        date = "" if n % 2 else f"date: 2025-06-{1 + n % 28:02d}\n"
        (root / "_desks" / f"desk-{n % 3}.md").write_text(
            f"---\nlayout: default\ntitle: Desk {n}\n{date}---\n"
            f"Desk {{{{ site.posts.first.title }}}}\n")
    elif op == "static":
        path = root / "assets" / f"file-{n % 3}.txt"
        if path.exists() and n % 2:
            path.unlink()
        else:
            path.write_text(f"static {n}\n")
    elif op == "config":  # permalinks and defaults: every parse must be made again
        config = root / "_config.yml"
        text = config.read_text()
        if "permalink:" in text:
            text = text[:text.index("permalink:")]
        else:
            text += ("permalink: /:categories/:year/:title/\ndefaults:\n"
                     f"  - scope: {{path: \"\"}}\n    values: {{author: \"Desk {n}\"}}\n")
        config.write_text(text)
    elif op == "touch" and target:
        target.write_text(target.read_text())


OPS = ["body", "title", "add", "delete", "rename", "redate", "recategorize", "excerpt",
       "kicker", "unpublish", "liquid_body",
       "layout", "include", "data", "extra_data", "nav", "page", "new_page", "desk", "static",
       "config", "touch"]


def tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture(autouse=True, params=[(16, False, False), (1, False, False),
                                      (16, True, False), (16, False, True)],
                ids=["groups-of-16", "every-include-a-group", "warm-site", "parallel"])
def fixed_time(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """A fixed build time; the include cache's grouping of facts at its real threshold,
    and at 1 so that every include on the test site is noted as a group; builds that
    keep the site warm between them, as the dev server's do (cache/warm.py); and builds,
    clean ones and updates, rendered by two processes however few pages they reach, each
    handing on what its pages read every few facts rather than once a run."""
    group_minimum, keep_warm, parallel = request.param
    if parallel:
        monkeypatch.setattr(rebuild, "_update_jobs", lambda jobs, pages: 2)
        monkeypatch.setattr(render_parallel, "PARALLEL_THRESHOLD", 1)
        monkeypatch.setattr(render_parallel, "MOST_READS", 5)
        clean = rebuild.render_clean
        monkeypatch.setattr(rebuild, "render_clean", lambda site, renderer, jobs, *rest:
                            clean(site, renderer, 2, *rest))
    monkeypatch.setattr("broadsheet.read.reader.now_in", lambda zone: FIXED)
    monkeypatch.setattr("broadsheet.render.include_cache.GROUP_MINIMUM", group_minimum)
    monkeypatch.setattr(warm, "keep_warm", keep_warm)
    monkeypatch.setattr(sources, "KEEP_LIVE", keep_warm)
    warm.forget()


def assert_same_as_clean(source: Path, work: Path) -> None:
    clean = work / "clean"
    build(BuildOptions(source=source, destination=clean, jobs=1))
    incremental, fresh = tree(source / "_site"), tree(clean)
    assert sorted(incremental) == sorted(fresh)
    for name, data in fresh.items():
        assert incremental[name] == data, f"{name} differs from a clean build"


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 50)), min_size=1,
                      max_size=8))
def test_incremental_equals_clean_after_any_edits(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int]]
) -> None:
    work = tmp_path_factory.mktemp("inc")
    source = work / "site"
    make_site(source)
    build(BuildOptions(source=source, incremental=True, jobs=1))
    for op, n in steps:
        apply(source, op, n)
        build(BuildOptions(source=source, incremental=True, jobs=1))
        assert_same_as_clean(source, work)
        shutil.rmtree(work / "clean")


def test_an_undated_item_put_back_as_it_was_two_builds_ago_is_rendered_again(
    tmp_path: Path,
) -> None:
    """Found by the property test: the undated version is never cached, so the cache
    still held the first version's parse, and the third build took the file, back to
    that text, for unchanged since the second."""
    source = tmp_path / "site"
    make_site(source)
    build(BuildOptions(source=source, incremental=True, jobs=1))
    for op, n in [("desk", 4), ("desk", 1), ("desk", 4)]:
        apply(source, op, n)
        build(BuildOptions(source=source, incremental=True, jobs=1))
        assert_same_as_clean(source, tmp_path)
        shutil.rmtree(tmp_path / "clean")
    assert "<title>Desk 4" in (source / "_site/desks/desk-1.html").read_text()


def test_editing_a_body_renders_only_the_pages_that_show_it(tmp_path: Path) -> None:
    source = tmp_path / "site"
    make_site(source)
    first = build(BuildOptions(source=source, incremental=True, jobs=1))
    again = build(BuildOptions(source=source, incremental=True, jobs=1))
    assert again.pages_written == 0
    oldest = posts(source)[0]
    oldest.write_text(oldest.read_text().replace("More text follows.", "A correction."))
    edited = build(BuildOptions(source=source, incremental=True, jobs=1))
    # the post itself, its neighbour's excerpt cards in the same category, the pages
    # that show its excerpt (front page copies listing it) and the feed — not the rest
    assert 1 <= edited.pages_written < first.pages_written / 2
    (page,) = (source / "_site").glob("*/2025/08/01/story-1.html")
    assert "A correction." in page.read_text()


def test_a_change_to_site_data_reaches_post_content_that_reads_it(tmp_path: Path) -> None:
    source = tmp_path / "site"
    make_site(source)
    build(BuildOptions(source=source, incremental=True, jobs=1))
    (source / "_data/settings.yml").write_text("motto: Facts first\n")
    build(BuildOptions(source=source, incremental=True, jobs=1))
    assert "Facts first" in (source / "_site/desks/metro.html").read_text()


def test_a_failed_incremental_build_changes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "site"
    make_site(source)
    build(BuildOptions(source=source, incremental=True, jobs=1))
    before = tree(source / "_site")
    broken = posts(source)[0]
    good = broken.read_text()
    broken.write_text(good.replace("title:", "title: [unclosed", 1))
    with pytest.raises(BroadsheetError):
        build(BuildOptions(source=source, incremental=True, jobs=1))
    assert tree(source / "_site") == before
    broken.write_text(good.replace("More text", "Fixed text"))
    build(BuildOptions(source=source, incremental=True, jobs=1))
    assert_same_as_clean(source, tmp_path)
    shutil.rmtree(tmp_path / "clean")
    before = tree(source / "_site")
    card = source / "_includes/card.html"
    card.write_text(card.read_text() + "{% include no-such-include.html %}\n")
    with pytest.raises(BroadsheetError):  # fails while rendering, maybe in a worker
        build(BuildOptions(source=source, incremental=True, jobs=1))
    assert tree(source / "_site") == before
    assert [path.name for path in source.iterdir() if ".staging-" in path.name] == []


def test_a_warm_site_takes_body_edits_without_reading_the_site_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[Path]
) -> None:
    monkeypatch.setattr(warm, "keep_warm", True)
    monkeypatch.setattr(sources, "KEEP_LIVE", True)
    source = tmp_path / "site"
    make_site(source)
    build(BuildOptions(source=source, incremental=True, jobs=1))
    assert len(reads) == 1
    apply(source, "body", 2)
    apply(source, "liquid_body", 4)
    edited = build(BuildOptions(source=source, incremental=True, jobs=1))
    assert len(reads) == 1, "two body edits should not read the site again"
    assert edited.pages_written >= 2
    assert_same_as_clean(source, tmp_path)
    shutil.rmtree(tmp_path / "clean")
    for op in ("title", "add", "layout", "data", "static", "page"):
        apply(source, op, 7)
        build(BuildOptions(source=source, incremental=True, jobs=1))
        assert reads[-1] == source and len(reads) == 2, f"{op} needs the site read again"
        reads.clear()
        reads.append(source)
        assert_same_as_clean(source, tmp_path)
        shutil.rmtree(tmp_path / "clean")


def test_a_cache_file_of_an_older_shape_is_started_again(tmp_path: Path) -> None:
    import sqlite3

    source = tmp_path / "site"
    make_site(source)
    cache = source / ".jekyll-cache" / "broadsheet" / "build.sqlite"
    cache.parent.mkdir(parents=True)
    old = sqlite3.connect(cache)
    old.executescript("CREATE TABLE scopes (name TEXT PRIMARY KEY, facts BLOB);"
                      "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
                      "INSERT INTO meta VALUES ('signature', 'from an older engine');")
    old.close()
    first = build(BuildOptions(source=source, incremental=True, jobs=1))
    again = build(BuildOptions(source=source, incremental=True, jobs=1))
    assert first.pages_written > 0 and again.pages_written == 0
    assert_same_as_clean(source, tmp_path)


def test_a_data_file_added_later_reaches_the_pages_that_asked_for_it(tmp_path: Path) -> None:
    source = tmp_path / "site"
    make_site(source)
    build(BuildOptions(source=source, incremental=True, jobs=1))
    (source / "_data/extra.yml").write_text("note: A late note\n")
    build(BuildOptions(source=source, incremental=True, jobs=1))
    assert "A late note" in (source / "_site/about.html").read_text()
    assert_same_as_clean(source, tmp_path)


def test_posts_parsed_by_a_build_that_failed_are_rendered_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big first build stores parsed posts as it goes, before it knows it will succeed;
    if it then fails, the next build must still treat those posts as changed."""
    monkeypatch.setattr(sources, "FLUSH_EVERY", 2)
    source = tmp_path / "site"
    make_site(source)
    build(BuildOptions(source=source, incremental=True, jobs=1))
    stories = posts(source)
    for number, story in enumerate(stories[:3]):
        story.write_text(story.read_text().replace("More text follows.", f"Update {number}."))
    broken = stories[3]
    good = broken.read_text()
    broken.write_text(good + "{% include no-such-include.html %}\n")
    with pytest.raises(BroadsheetError):
        build(BuildOptions(source=source, incremental=True, jobs=1))
    broken.write_text(good)
    build(BuildOptions(source=source, incremental=True, jobs=1))
    assert_same_as_clean(source, tmp_path)


def test_a_new_permalink_or_default_in_the_configuration_reaches_every_post(
    tmp_path: Path
) -> None:
    """Parsed posts are kept between builds; their URLs and defaults come from the
    configuration, so a new configuration must parse them again."""
    source = tmp_path / "site"
    make_site(source)
    build(BuildOptions(source=source, incremental=True, jobs=1))
    apply(source, "config", 3)
    build(BuildOptions(source=source, incremental=True, jobs=1))
    assert (source / "_site/city/2025/story-3/index.html").is_file()
    assert_same_as_clean(source, tmp_path)
