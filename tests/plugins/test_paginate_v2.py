"""jekyll-paginate-v2: the Lantern site against real Jekyll, then the gem's rules one by one."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from broadsheet.errors import ConfigError
from broadsheet.plugins.paginate_v2 import extname, file_join, ruby_split

from .conftest import output_files

LAYOUT = (
    "{{ page.title }}|{{ page.url }}|{{ paginator.page }}/{{ paginator.total_pages }}|"
    "{% for p in paginator.posts %}{{ p.title }};{% endfor %}|"
    "prev={{ paginator.previous_page_path }}|next={{ paginator.next_page_path }}|"
    "first={{ paginator.first_page_path }}|last={{ paginator.last_page_path }}|"
    "trail={% for t in paginator.page_trail %}{{ t.num }}{% endfor %}\n"
)
POSTS = {
    f"_posts/2025-04-0{day}-p{day}.md": (
        f"---\ntitle: P{day}\ncategories: [{'World' if day % 2 else 'Sport'}]\n"
        f"tags: [{'red' if day <= 3 else 'blue'}, Mixed]\nlocale: {'en' if day != 5 else 'fr'}\n"
        f"---\nStory {day}.\n")
    for day in range(1, 8)
}


def _site(make_site, pagination: str = "", template: str = "", **files: str) -> Path:
    config = "title: Site\ntimezone: UTC\nplugins: [jekyll-paginate-v2]\n" + pagination
    front = "---\nlayout: list\ntitle: Home\npagination:\n  enabled: true\n" + template + "---\n"
    return make_site({"_config.yml": config, "_layouts/list.html": LAYOUT,
                      "index.html": front, **POSTS, **files})


def _line(out: Path, path: str) -> list[str]:
    return (out / path).read_text().strip().split("|")


# -- the whole site, byte for byte ----------------------------------------------------------
def test_lantern_site_is_identical_to_jekyll(lantern_broadsheet: Path,
                                             lantern_jekyll: Path) -> None:
    ours, theirs = output_files(lantern_broadsheet), output_files(lantern_jekyll)
    assert sorted(ours) == sorted(theirs)
    assert [name for name in theirs if ours[name] != theirs[name]] == []


def test_lantern_templates_are_replaced_by_their_pages(lantern_broadsheet: Path) -> None:
    listing = (lantern_broadsheet / "index.html").read_text()
    urls = [line.split(" | ")[0].removeprefix("  <li>") for line in listing.splitlines()
            if line.startswith("  <li>")]
    assert urls.count("/blog/index.html") == 1 and "/blog/" not in urls
    # the pages of a template go to the end of site.pages, page 1 included
    assert urls[:3] == ["/about/", "/", "/archive/index.html"]
    assert urls.index("/blog/p/5/index.html") < urls.index("/sections/world/index.html")
    assert urls[-3:] == ["/collection/desk/index.html", "/sitemap.xml", "/robots.txt"]


def test_lantern_blog_pages(lantern_broadsheet: Path) -> None:
    page2 = (lantern_broadsheet / "blog/p/2/index.html").read_text()
    assert "<title>Latest stories (page 2 of 5) | The Lantern</title>" in page2
    assert "url=/blog/p/2/index.html path=.html name=.html dir=/blog/p/2/" in page2
    assert "autogen=jekyll-paginate-v2" in page2
    assert "25 stories, 5 a page; here /blog/p/2/index.html" in page2  # the hidden one is out
    assert '<a rel="prev" href="/blog/">page 1</a>' in page2
    assert re.findall(r'<a href="([^"]*)"( class="here")?>(\d): ', page2) == [
        ("/blog/index.html", "", "1"), ("/blog/p/2/index.html", ' class="here"', "2"),
        ("/blog/p/3/index.html", "", "3"), ("/blog/p/4/index.html", "", "4"),
        ("/blog/p/5/index.html", "", "5")]


def test_lantern_category_page_filters_sorts_and_limits(lantern_broadsheet: Path) -> None:
    pages = sorted((lantern_broadsheet / "sections/world").rglob("index.html"))
    assert len(pages) == 2  # five World stories, two a page, but limit: 2
    first = pages[0].read_text()
    assert "<h1>The Lantern</h1>" in first  # no title: the site's
    titles = [line.split(">")[2].split("<")[0] for line in first.splitlines()
              if line.startswith("  <li>")]
    assert titles == ["Coastal summit ends without a deal", "Heatwave warning issued for the coast"]
    # Jekyll's Liquid cache: the blog's text, rendered first, stands in for this page's own
    assert "Every story, newest first. This is page 1." in first


def test_lantern_markdown_template_is_not_converted(lantern_broadsheet: Path) -> None:
    archive = (lantern_broadsheet / "archive/index.html").read_text()
    assert "## The archive\n\nStories *before* this month." in archive
    assert (lantern_broadsheet / "archive/older-2index.html").is_file()


def test_lantern_autopages(lantern_broadsheet: Path) -> None:
    section = (lantern_broadsheet / "section/local-news/index.html").read_text()
    assert "<h1>Section: local-news</h1>" in section
    assert "display=Local News layout=_layouts/autopage_section.html" in section
    assert '"per_page":3' in section and section.endswith("</html>\n")
    topic = (lantern_broadsheet / "topic/harbour/page/2/index.html").read_text()
    assert "<h1>Stories about harbour (page 2 of 2) (harbour)</h1>" in topic
    desk = (lantern_broadsheet / "collection/desk/index.html").read_text()
    assert "Contact the desk" in desk and "Corrections policy" in desk


def test_lantern_sitemap_leaves_out_pages_without_an_extension(
        lantern_broadsheet: Path) -> None:
    root = ET.parse(lantern_broadsheet / "sitemap.xml").getroot()
    sm = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [loc.text or "" for loc in root.iter(f"{sm}loc")]
    base = "https://lantern.example.org"
    assert f"{base}/archive/" in locs and f"{base}/section/world/page/2/" in locs
    assert not any("/blog/" in loc or "/sections/" in loc for loc in locs)


# -- the gem's rules ----------------------------------------------------------------------------
def test_per_page_larger_than_the_posts(make_site, build_site) -> None:
    out = build_site(_site(make_site, "pagination:\n  enabled: true\n  per_page: 50\n"))
    assert not (out / "page2").exists()
    line = _line(out, "index.html")
    assert line[:3] == ["Home", "/index.html", "1/1"]
    assert line[3] == "P1;P2;P3;P4;P5;P6;P7;"  # oldest first: sort_reverse is off by default
    assert line[5:8] == ["next=", "first=/", "last=/page1/"]  # the gem's last_page_path


def test_no_posts_still_gives_one_page(make_site, build_site) -> None:
    out = build_site(_site(make_site, "pagination: {enabled: true}\n", "  collection: desk\n"))
    assert _line(out, "index.html")[2:4] == ["1/1", ""]


def test_sort_reverse_offset_and_sort_field(make_site, build_site) -> None:
    site = _site(make_site, "pagination: {enabled: true, per_page: 3, sort_reverse: true}\n",
                 "  offset: 2\n")
    out = build_site(site)
    assert _line(out, "index.html")[3] == "P5;P4;P3;"  # offset dropped the newest two
    assert _line(out, "page2/index.html")[3] == "P2;P1;"
    assert _line(out, "page2/index.html")[0] == "Home - page 2"


def test_trail_keeps_its_length(make_site, build_site) -> None:
    config = "pagination:\n  enabled: true\n  per_page: 1\n  trail: {before: 1, after: 1}\n"
    out = build_site(_site(make_site, config))
    assert _line(out, "index.html")[-1] == "trail=123"
    assert _line(out, "page4/index.html")[-1] == "trail=345"
    assert _line(out, "page7/index.html")[-1] == "trail=567"


def test_filters_by_category_tag_and_locale(make_site, build_site) -> None:
    config = "pagination: {enabled: true}\n"
    out = build_site(_site(make_site, config, "  category: world\n  tag: BLUE, mixed\n"))
    assert _line(out, "index.html")[3] == "P5;P7;"
    out = build_site(_site(make_site, config, "  tag: blue\n  locale: fr\n"))
    assert _line(out, "index.html")[3] == "P5;"
    out = build_site(_site(make_site, config, "  category: nowhere\n"))
    assert _line(out, "index.html")[2:4] == ["1/1", ""]


def test_permalink_without_a_slash_and_custom_index_pages(make_site, build_site) -> None:
    config = "pagination: {enabled: true, per_page: 4, permalink: /page-:num}\n"
    out = build_site(_site(make_site, config))
    assert _line(out, "page-2index.html")[1:3] == ["/page-2index.html", "2/2"]
    config = ("pagination: {enabled: true, per_page: 4, permalink: /p:num/, indexpage: index,"
              " extension: htm}\n")
    out = build_site(_site(make_site, config))
    line = _line(out, "p2/index.htm")
    assert line[1] == "/p2/index.htm" and line[4:6] == ["prev=/index.htm", "next="]


def test_nothing_happens_unless_the_plugin_is_listed(make_site, build_site) -> None:
    site = _site(make_site, "pagination: {enabled: true}\n")
    config = site / "_config.yml"
    config.write_text(config.read_text().replace("plugins: [jekyll-paginate-v2]", "plugins: []"))
    out = build_site(site)
    assert _line(out, "index.html")[:3] == ["Home", "/", "/"]


def test_site_must_enable_pagination(make_site, build_site) -> None:
    out = build_site(_site(make_site))
    assert _line(out, "index.html")[:3] == ["Home", "/", "/"]
    assert not (out / "page2").exists()


@pytest.mark.parametrize(("extra", "message"), [
    ("paginate: 3\n", "compatibility mode has expired"),
    ("paginate: 3\npagination: {enabled: true}\n", "cannot both be configured"),
])
def test_jekyll_paginate_settings_fail_the_build(make_site, build_site, extra: str,
                                                 message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        build_site(_site(make_site, extra))


def test_autopage_without_pagination_is_its_layout(make_site, build_site) -> None:
    site = make_site({
        "_config.yml": "plugins: [jekyll-paginate-v2]\nautopages:\n  enabled: true\n"
                       "  categories: {enabled: false}\n  collections: {enabled: false}\n"
                       "  tags: {layouts: [tagpage.html], permalink: '/t/:tag'}\n",
        "_layouts/tagpage.html": "---\nlayout: base\nfoo: bar\n---\n"
                                 "T[{{ page.title }}|{{ page.foo }}|{{ content | strip }}]\n",
        "_layouts/base.html": "B<{{ content }}>\n",
        **POSTS,
    })
    out = build_site(site)
    assert (out / "t/mixed/index.html").read_text() == (
        "B<T[Posts tagged with mixed|bar|T[Posts tagged with mixed|bar|]]\n>\n")
    assert sorted(p.parent.name for p in (out / "t").glob("*/index.html")) == [
        "blue", "mixed", "red"]


def test_ruby_helpers() -> None:
    assert file_join("/blog/", "/page:num/") == "/blog/page:num/"
    assert file_join("/blog", "page:num") == "/blog/page:num"
    assert file_join("/", "") == "/"
    assert extname(".html") == "" and extname("/a/index.htm") == ".htm"
    assert ruby_split("a, b,,", r",") == ["a", " b"] and ruby_split("", ",") == []
