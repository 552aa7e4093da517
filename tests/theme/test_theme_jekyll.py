"""The bundled news theme, built with the scaffold under real Jekyll.

The theme must work under Jekyll itself (it is how the theme is previewed and how
sites that outgrow Broadsheet keep working), so these tests build the example site
with `jekyll build` and check what a reader would see: headlines, bylines, times,
pictures with alt text, archive listings and the page landmarks.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import jekyll_site  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not on PATH")

POSTS_DIR = jekyll_site.SCAFFOLD / "_posts"
AUTHORS = yaml.safe_load((jekyll_site.SCAFFOLD / "_data" / "authors.yml").read_text("utf-8"))
FILENAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)\.md$")


def load_posts() -> list[dict]:
    posts = []
    for path in sorted(POSTS_DIR.glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        data = yaml.safe_load(front)
        year, month, day, slug = FILENAME.match(path.name).groups()
        section = data["categories"][0]
        data["output"] = f"{section.lower()}/{year}/{month}/{day}/{slug}.html"
        data["body"] = body
        posts.append(data)
    posts.sort(key=lambda p: p["date"], reverse=True)
    return posts


POSTS = load_posts()


def text(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def attrs(tag: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in re.findall(r'([\w:-]+)="([^"]*)"', tag)}


def author_name(key: str) -> str:
    return (AUTHORS.get(key) or {}).get("name", key)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return jekyll_site.build(tmp_path_factory.mktemp("jekyll"))


def read(site: Path, rel: str) -> str:
    path = site / rel
    assert path.is_file(), f"{rel} was not built"
    return path.read_text(encoding="utf-8")


def test_scaffold_posts_have_the_expected_front_matter():
    keys = ["layout", "title", "date", "author", "categories", "tags", "excerpt", "image"]
    assert 12 <= len(POSTS) <= 16
    for path in POSTS_DIR.glob("*.md"):
        front = path.read_text(encoding="utf-8").split("---\n", 2)[1]
        assert [line.split(":", 1)[0] for line in front.splitlines()] == keys, path.name
        assert re.search(r"^image: assets/images/[0-9a-f]{32}\.jpg$", front, re.M), path.name
    for post in POSTS:
        image = jekyll_site.SCAFFOLD / post["image"]
        assert image.is_file() and image.stat().st_size < 60_000, post["image"]
    assert len({p["categories"][0] for p in POSTS}) >= 6


def test_front_page_leads_with_the_newest_story(site):
    page = read(site, "index.html")
    lead = re.search(r'<section class="front__lead".*?</section>', page, re.S)
    assert lead, "no lead story section"
    assert POSTS[0]["title"] in text(lead.group(0))
    assert POSTS[0]["excerpt"] in text(lead.group(0))
    assert author_name(POSTS[0]["author"]) in text(lead.group(0))
    # the latest-stories grid and the section blocks
    for post in POSTS[1:10]:
        assert post["title"] in text(page)
    for section in {p["categories"][0] for p in POSTS}:
        assert f'href="/category/{section.lower()}/"' in page
    assert '<h1 class="masthead__title">' in page


def test_front_page_is_paginated(site):
    page2 = read(site, "page/2/index.html")
    for post in POSTS[10:]:
        assert post["title"] in text(page2)
    assert 'rel="prev"' in page2 and 'href="/"' in page2
    assert 'href="/page/2/"' in read(site, "index.html")


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p["output"])
def test_story_page(site, post):
    page = read(site, post["output"])
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert h1 and text(h1.group(1)) == post["title"]
    byline = re.search(r'<p class="byline">.*?</p>', page, re.S).group(0)
    assert f"By {author_name(post['author'])}" in text(byline)
    stamp = post["date"].strftime("%Y-%m-%dT%H:%M:%S+00:00")
    assert f'<time datetime="{stamp}">' in byline
    hero = re.search(r'<figure class="article__hero">\s*(<img[^>]*>)', page)
    assert hero, "no hero image"
    img = attrs(hero.group(1))
    assert img["src"] == "/" + post["image"]
    assert img["alt"] == post["title"]
    for tag in post["tags"]:
        assert f'href="/tag/{jekyll_site.slugify(tag)}/"' in page
    # the body made it through (kramdown curls the quotes)
    first_words = " ".join(post["body"].split()[:6])
    assert first_words in text(page).replace("\u2019", "'").replace("\u2018", "'")


def test_story_pages_link_previous_and_next(site):
    middle = read(site, POSTS[5]["output"])
    nav = re.search(r'<nav class="story-nav".*?</nav>', middle, re.S).group(0)
    assert POSTS[6]["title"] in text(nav)  # previous = older
    assert POSTS[4]["title"] in text(nav)  # next = newer


def check_archives(site: Path):
    for section in {p["categories"][0] for p in POSTS}:
        page = read(site, f"category/{jekyll_site.slugify(section)}/index.html")
        assert text(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)) == section
        listed = text(re.search(r'<div class="story-list">.*?</div>\s*</div>', page, re.S).group(0))
        for post in POSTS:
            assert (post["title"] in listed) == (section in post["categories"]), (section, post)
    tags = {t for p in POSTS for t in p["tags"]}
    assert tags
    for tag in tags:
        page = read(site, f"tag/{jekyll_site.slugify(tag)}/index.html")
        for post in POSTS:
            assert (post["title"] in text(page)) == (tag in post["tags"]), (tag, post["title"])
    for key in {p["author"] for p in POSTS}:
        page = read(site, f"author/{jekyll_site.slugify(key)}/index.html")
        assert author_name(key) in text(re.search(r"<h1[^>]*>.*?</h1>", page, re.S).group(0))
        if AUTHORS.get(key, {}).get("bio"):
            assert AUTHORS[key]["bio"] in text(page)
        for post in POSTS:
            assert (post["title"] in text(page)) == (post["author"] == key), (key, post["title"])


def test_archive_pages_list_their_posts(site):
    check_archives(site)


def test_archive_pages_without_page_posts(tmp_path):
    """Hand-made archive pages (no page.posts) find their posts themselves."""
    check_archives(jekyll_site.build(tmp_path, archives_plugin=False))


def html_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if "assets" not in p.parts]


def test_every_page_has_landmarks_and_a_skip_link(site):
    pages = html_pages(site)
    assert len(pages) > len(POSTS)
    for path in pages:
        page = path.read_text(encoding="utf-8")
        where = path.relative_to(site)
        assert page.startswith("<!DOCTYPE html>"), where
        assert '<html lang="en">' in page, where
        assert '<a class="skip-link" href="#main">' in page, where
        assert '<header class="masthead">' in page, where
        assert '<nav class="sections" aria-label="Sections">' in page, where
        assert '<main id="main"' in page, where
        assert '<footer class="site-footer">' in page, where
        assert len(re.findall(r"<h1[\s>]", page)) == 1, where
        for img in re.findall(r"<img\b[^>]*>", page):
            assert attrs(img).get("alt"), (where, img)
        assert "Liquid error" not in page and "Liquid syntax error" not in page, where


def test_404_page_and_stylesheet(site):
    page = read(site, "404.html")
    assert "find that page" in text(page)
    css = read(site, "assets/css/main.css")
    assert "prefers-color-scheme: dark" in css
    assert ":focus-visible" in css
    assert "@import" not in css and "http" not in css  # compiled, nothing fetched
