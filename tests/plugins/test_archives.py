"""jekyll-archives: the Dispatch site against real Jekyll, then the rules one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.build import load_site
from broadsheet.config import load_config
from broadsheet.errors import ConfigError
from broadsheet.plugins.archives import archive_url

from .conftest import output_files

LAYOUT = """---
---
{{ page.type }}|{{ page.title }}|{{ page.date }}|{{ page.name }}|{{ page.path }}|\
{% for post in page.posts %}{{ post.title }};{% endfor %}
"""
POSTS = {
    "_posts/2024-11-28-lights.md": "---\ntitle: Lights\ncategories: [Culture]\n"
                                   "tags: [Café life, 2025]\n---\nLanterns.\n",
    "_posts/2025-01-15-budget.md": "---\ntitle: Budget\ncategories: [City Hall]\n"
                                   "tags: [council]\n---\nVote.\n",
    "_posts/2025-02-02-storm.md": "---\ntitle: Storm\ncategory: Weather\n---\nWind.\n",
}


def _site(make_site, archives: str, layouts: dict[str, str] | None = None) -> Path:
    files = {
        "_config.yml": f"timezone: UTC\nplugins: [jekyll-archives]\n{archives}",
        "_layouts/archive.html": LAYOUT,
        **POSTS,
    }
    return make_site({**files, **(layouts or {})})


def _pages(out: Path) -> list[str]:
    return sorted(path.relative_to(out).as_posix() for path in out.rglob("index.html"))


# -- the whole site, byte for byte ----------------------------------------------------------
def test_dispatch_site_is_identical_to_jekyll(dispatch_broadsheet: Path,
                                              dispatch_jekyll: Path) -> None:
    ours, theirs = output_files(dispatch_broadsheet), output_files(dispatch_jekyll)
    assert sorted(ours) == sorted(theirs)
    assert [name for name in theirs if ours[name] != theirs[name]] == []


def test_dispatch_archives_are_pages_in_the_gems_order(dispatch_broadsheet: Path) -> None:
    lines = (dispatch_broadsheet / "site-pages.html").read_text().splitlines()
    kinds = [line.split("|")[3] for line in lines if line.count("|") == 4]
    archives = [kind for kind in kinds if kind]
    # tags, then categories, then each year with its months newest first
    assert archives == ["tag"] * 10 + ["category"] * 5 + ["year", "month", "month"] * 2
    urls = [line.split("|")[0] for line in lines if "|year|" in line or "|month|" in line]
    assert urls == ["/2024/", "/2024/12/", "/2024/11/", "/2025/", "/2025/02/", "/2025/01/"]


def test_dispatch_sitemap_lists_archives_before_pagination(dispatch_broadsheet: Path) -> None:
    text = (dispatch_broadsheet / "sitemap.xml").read_text()
    base = "https://dispatch.example.org/news"
    assert text.index(f"{base}/section/culture/") < text.index(f"{base}/page2/")
    assert f"{base}/topics/" not in text  # front-matter defaults: sitemap: false
    assert f"{base}/2025/01/" in text


def test_dispatch_archive_values(dispatch_broadsheet: Path) -> None:
    tag = (dispatch_broadsheet / "topics/caf\u00e9-culture/index.html").read_text()
    assert "type=tag title=&quot;Café culture&quot; date=nil" in tag
    assert "url=/topics/caf%C3%A9-culture/ permalink=nil" in tag
    assert "content=nil dir=nil excerpt=nil" in tag
    month = (dispatch_broadsheet / "2025/01/index.html").read_text()
    assert "<h1>Stories of January 2025</h1>" in month
    assert "date=2025-01-01 xml=2025-01-01T00:00:00+00:00" in month


# -- configuration ------------------------------------------------------------------------
def test_nothing_is_made_unless_enabled(make_site, build_site) -> None:
    out = build_site(_site(make_site, ""))
    assert _pages(out) == []


@pytest.mark.parametrize("enabled", ["true", "all"])
def test_enabled_true_or_all_makes_every_kind(make_site, build_site, enabled: str) -> None:
    out = build_site(_site(make_site, f"jekyll-archives:\n  enabled: {enabled}\n"))
    assert _pages(out) == [
        "2024/11/28/index.html", "2024/11/index.html", "2024/index.html",
        "2025/01/15/index.html", "2025/01/index.html", "2025/02/02/index.html",
        "2025/02/index.html", "2025/index.html",
        "category/city-hall/index.html", "category/culture/index.html",
        "category/weather/index.html",
        "tag/café-life/index.html", "tag/council/index.html", "tag/index.html",
    ]


def test_disabled_types_are_left_out(make_site, build_site) -> None:
    # the gem names tags and categories in the plural: "tag" enables nothing
    out = build_site(_site(make_site, "jekyll-archives:\n  enabled: [tag, year]\n"))
    assert _pages(out) == ["2024/index.html", "2025/index.html"]


def test_layouts_and_permalinks_per_type(make_site, build_site) -> None:
    config = """jekyll-archives:
      enabled: [categories, month]
      layouts: {month: by-month}
      permalinks:
        category: /sections/:type/:name.html
        month: /archive/:year-:month/
    """
    by_month = {"_layouts/by-month.html": "---\n---\nmonth {{ page.date }}\n"}
    out = build_site(_site(make_site, config.replace("\n    ", "\n"), by_month))
    assert (out / "archive/2025-02/index.html").read_text() == "month 2025-02-01\n"
    page = (out / "sections/category/city-hall.html").read_text()
    assert page == "category|City Hall||city-hall|sections/category/city-hall.html|Budget;\n"


def test_slug_mode_is_not_in_this_version_of_the_gem(make_site, build_site) -> None:
    config = "jekyll-archives:\n  enabled: [tags]\n  slug_mode: latin\n"
    out = build_site(_site(make_site, config))
    assert (out / "tag/café-life/index.html").is_file()
    assert not (out / "tag/cafe-life").exists()


def test_a_tag_that_is_not_text_has_no_slug_or_title(make_site, build_site) -> None:
    out = build_site(_site(make_site, "jekyll-archives:\n  enabled: [tags]\n"))
    assert (out / "tag/index.html").read_text() == "tag|||index|tag/index.html|Lights;\n"


def test_date_archive_values(make_site, build_site) -> None:
    out = build_site(_site(make_site, "jekyll-archives:\n  enabled: [year, day]\n"))
    assert (out / "2025/index.html").read_text() == (
        "year||2025-01-01|index|2025/index.html|Storm;Budget;\n")
    assert (out / "2024/11/28/index.html").read_text() == (
        "day||2024-11-28|index|2024/11/28/index.html|Lights;\n")


def test_a_missing_permalink_template_fails_the_build(make_site, build_site) -> None:
    config = "jekyll-archives:\n  enabled: [year]\n  permalinks: {year: ''}\n"
    with pytest.raises(ConfigError, match="Template"):
        build_site(_site(make_site, config))


# -- the URL rules ----------------------------------------------------------------------------
@pytest.mark.parametrize(("template", "kind", "title", "url"), [
    ("/tag/:name/", "tag", "Harbour Front", "/tag/harbour-front/"),
    ("/tag/:name/", "tag", 2025, "/tag/"),
    ("/:type/:name.html", "category", "Food & Drink", "/category/food-drink.html"),
    ("/:year/:month/:day/", "day", {"year": "2025", "month": "01", "day": "05"}, "/2025/01/05/"),
    ("/:year/../:month/", "month", {"year": "2025", "month": "01"}, "/2025/01/"),
    ("/tag/:name/", "tag", "Café", "/tag/caf%C3%A9/"),
])
def test_archive_url(template: str, kind: str, title: object, url: str) -> None:
    assert archive_url(template, kind, title) == url


def test_bundled_theme_archives_give_way_to_the_plugin(make_site, tmp_path: Path) -> None:
    site = load_site(load_config(make_site({
        "_config.yml": "timezone: UTC\nplugins: [jekyll-archives]\n"
                       "jekyll-archives: {enabled: [tags, year]}\n",
        "_posts/2025-02-02-storm.md": "---\ntitle: Storm\ncategories: [Weather]\n"
                                      "tags: [wind]\nauthor: ann\n---\nWind.\n",
    }), tmp_path / "out"))
    assert site.uses_bundled_theme
    made = {page.url: "plugin" if "type" in page.extra else "theme"
            for page in site.pages if page.source_path is None}
    assert made == {
        "/tag/wind/": "plugin",
        "/2025/": "plugin",
        "/category/weather/": "theme",  # categories are not enabled here
        "/author/ann/": "theme",  # the gem has no author pages
    }
