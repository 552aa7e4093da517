"""End-to-end builds of small sites: what a user finds in the output folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from broadsheet.build import BuildOptions, build
from broadsheet.errors import (
    BroadsheetError,
    ContentError,
    FrontMatterError,
    IncludeError,
    TemplateError,
)
from tests.conftest import BASIC_LAYOUTS, write_tree

POST = """
---
layout: post
title: "Tram line approved"
date: 2025-08-22T05:44:58
author: "mlewis"
categories: [News]
tags: [transport]
excerpt: "The council voted late."
---
The council "finally" agreed.

{% include note.html text="Late edition" %}
"""


def _build(source: Path, destination: Path, **overrides: object) -> Path:
    build(BuildOptions(source=source, destination=destination, overrides=overrides, jobs=1))
    return destination


@pytest.fixture
def news_site(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "site", {
        **BASIC_LAYOUTS,
        "_config.yml": "title: The Test Gazette\ntimezone: UTC\nbaseurl: /gazette\n",
        "_includes/note.html": '<aside class="note">{{ include.text }}</aside>',
        "_posts/2025-08-22-tram-line.md": POST,
        "index.html": """
            ---
            layout: default
            ---
            {% for post in site.posts %}<a href="{{ post.url | relative_url }}">{{ post.title }}</a>
            <p>{{ post.excerpt }}</p>{% endfor %}
            """,
        "assets/logo.svg": "<svg/>",
    })


def test_a_news_site_builds_with_posts_pages_includes_and_static_files(
    news_site: Path, tmp_path: Path
) -> None:
    out = _build(news_site, tmp_path / "out")
    post = (out / "news/2025/08/22/tram-line.html").read_text()
    assert "<h1>Tram line approved</h1>" in post
    assert '<aside class="note">Late edition</aside>' in post
    assert "\u201cfinally\u201d" in post  # kramdown's typographic quotes
    index = (out / "index.html").read_text()
    assert 'href="/gazette/news/2025/08/22/tram-line.html"' in index
    assert "The council voted late." in index
    assert (out / "assets/logo.svg").read_text() == "<svg/>"


def test_parallel_and_serial_builds_write_the_same_bytes(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {**BASIC_LAYOUTS, "_config.yml": "timezone: UTC\n"}
    for day in range(1, 29):
        for hour in range(8):
            files[f"_posts/2025-02-{day:02d}-story-{hour}.md"] = (
                f"---\nlayout: post\ntitle: Story {day}-{hour}\n---\nText {day} {hour}.\n")
    files["index.html"] = "---\nlayout: default\n---\n{{ site.posts.size }}"
    source = write_tree(tmp_path / "site", files)
    serial = tmp_path / "serial"
    parallel = tmp_path / "parallel"
    build(BuildOptions(source=source, destination=serial, jobs=1))
    build(BuildOptions(source=source, destination=parallel, jobs=2))
    serial_files = sorted(p.relative_to(serial) for p in serial.rglob("*") if p.is_file())
    parallel_files = sorted(p.relative_to(parallel) for p in parallel.rglob("*") if p.is_file())
    assert serial_files == parallel_files and len(serial_files) == 225
    for relative in serial_files:
        assert (serial / relative).read_bytes() == (parallel / relative).read_bytes()


@pytest.mark.parametrize(
    ("files", "error", "where"),
    [
        ({"_posts/2025-01-01-a.md": "---\ntitle: [oops\n---\n"}, FrontMatterError,
         "_posts/2025-01-01-a.md:"),
        ({"about.md": "---\nlayout: nowhere\n---\nx"}, TemplateError, "about.md:2"),
        ({"about.md": "---\n---\nline\n{% if x %}\nno end\n"}, TemplateError, "about.md:"),
        ({"about.md": "---\n---\n\n{% include missing.html %}\n"}, IncludeError, "about.md:4"),
        ({"about.md": "---\n---\n{% include ../../etc/passwd %}\n"}, TemplateError, "about.md"),
        ({"_posts/undated.md": "---\ntitle: x\n---\n"}, ContentError, "_posts/undated.md"),
        ({"about.md": b"---\ntitle: x\n---\ncaf\xe9\n"}, ContentError, "about.md:4"),
    ],
    ids=["bad-yaml", "unknown-layout", "liquid-syntax", "missing-include", "include-escape",
         "post-without-date", "not-utf8"],
)
def test_bad_input_is_an_error_naming_the_file_and_leaves_the_old_site(
    tmp_path: Path, news_site: Path, files: dict[str, str | bytes], error: type, where: str
) -> None:
    out = _build(news_site, tmp_path / "out")
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    write_tree(news_site, files)
    with pytest.raises(error) as caught:
        _build(news_site, out)
    assert isinstance(caught.value, BroadsheetError)
    assert str(caught.value).startswith(where)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    leftovers = [p for p in out.parent.iterdir() if p.name.startswith(".out.")]
    assert leftovers == []


def test_keep_files_survive_a_rebuild(news_site: Path, tmp_path: Path) -> None:
    out = _build(news_site, tmp_path / "out")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (out / "stale.html").write_text("old")
    _build(news_site, out)
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert not (out / "stale.html").exists()


def test_a_symlink_out_of_the_site_is_not_published(news_site: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    os.symlink(secret, news_site / "leak.txt")
    out = _build(news_site, tmp_path / "out")
    assert not (out / "leak.txt").exists()


def test_pagination_splits_the_front_page(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        **BASIC_LAYOUTS,
        "_config.yml": "paginate: 2\nplugins: [jekyll-paginate]\ntimezone: UTC\n",
        "index.html": """
            ---
            layout: default
            ---
            {% for post in paginator.posts %}[{{ post.title }}]{% endfor %}
            page {{ paginator.page }}/{{ paginator.total_pages }}
            next={{ paginator.next_page_path }} prev={{ paginator.previous_page_path }}
            """,
    }
    for day in range(1, 6):
        files[f"_posts/2025-03-0{day}-p{day}.md"] = f"---\ntitle: P{day}\n---\n"
    out = _build(write_tree(tmp_path / "site", files), tmp_path / "out")
    first = (out / "index.html").read_text()
    assert "[P5][P4]" in first and "page 1/3" in first and "next=/page2 " in first
    second = (out / "page2/index.html").read_text()
    assert "[P3][P2]" in second and "prev=/\n" in second
    assert "[P1]" in (out / "page3/index.html").read_text()


def test_trimmed_include_keeps_the_included_files_last_newline(tmp_path: Path) -> None:
    """Ruby Liquid keeps it (minima's head.html ends ``</head>\\n``); so must we."""
    source = write_tree(tmp_path / "site", {
        "_includes/head.html": "{%- if true -%}{%- endif -%}\n<head></head>\n",
        "_layouts/default.html":
            "<html>\n  {%- include head.html -%}\n  <body>{{ content }}</body>\n",
        "index.html": "---\nlayout: default\n---\nhi",
    })
    out = _build(source, tmp_path / "out")
    assert (out / "index.html").read_text() == "<html><head></head>\n<body>hi</body>\n"


def test_jekyll_tags_link_post_url_include_relative_and_highlight(
    news_site: Path, tmp_path: Path
) -> None:
    write_tree(news_site, {
        "about.md": "---\ntitle: About\n---\nWe report.\n",
        "desk/box.html": "<b>{{ include.label }}</b>",
        "desk/index.html": """
            ---
            ---
            [{% link about.md %}] [{% post_url 2025-08-22-tram-line %}]
            {% include_relative box.html label="Newsroom" %}
            {% highlight ruby %}puts "hi"{% endhighlight %}
            """,
    })
    page = (_build(news_site, tmp_path / "out") / "desk/index.html").read_text()
    assert "[/gazette/about.html] [/gazette/news/2025/08/22/tram-line.html]" in page
    assert "<b>Newsroom</b>" in page
    assert '<figure class="highlight"><pre><code class="language-ruby" data-lang="ruby">' in page


def test_a_missing_post_url_target_is_an_error_naming_the_page(
    news_site: Path, tmp_path: Path
) -> None:
    write_tree(news_site, {"links.html": "---\n---\n\n{% post_url 2020-01-01-nowhere %}\n"})
    with pytest.raises(TemplateError) as caught:
        _build(news_site, tmp_path / "out")
    assert str(caught.value).startswith("links.html:4")


def test_loops_and_includes_nest_and_a_recursive_include_is_an_error(tmp_path: Path) -> None:
    """Every include and loop pushes a scope and pops it again (SiteContext.extend/loop):
    the loop variables of the right loop are seen inside an include, the outer loop's
    after the inner one ends, and an include that includes itself stops with an error
    naming the page."""
    source = write_tree(tmp_path / "site", {
        "_config.yml": "timezone: UTC\n",
        "_includes/pair.html": "[{{ a }}{{ b }}:{{ forloop.index }}{{ forloop.last }}]",
        "_includes/loop.html": "x{% include loop.html %}",
        "nested.html": ("---\n---\n{% for a in (1..2) %}{% for b in (1..2) %}"
                        "{% include pair.html %}{% endfor %}{{ forloop.index }}|{% endfor %}"
                        "{{ a }}{{ b }}."),
    })
    out = _build(source, tmp_path / "out")
    assert (out / "nested.html").read_text() == (
        "[11:1false][12:2true]1|[21:1false][22:2true]2|.")
    write_tree(source, {"recursive.html": "---\n---\n{% include loop.html %}"})
    with pytest.raises(TemplateError, match="possible recursive include") as caught:
        _build(source, tmp_path / "out")
    assert caught.value.path == "recursive.html"
