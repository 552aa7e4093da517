"""jekyll-sitemap: ``sitemap.xml`` and ``robots.txt``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://gazette.example.org/news/"


def _urls(path: Path) -> list[tuple[str, str | None]]:
    root = ET.parse(path).getroot()
    return [(u.findtext(f"{SM}loc") or "", u.findtext(f"{SM}lastmod"))
            for u in root.findall(f"{SM}url")]


def test_sitemap_lists_documents_pages_and_pdfs(gazette_broadsheet: Path) -> None:
    urls = _urls(gazette_broadsheet / "sitemap.xml")
    assert urls == [
        (BASE + "desk/corrections-policy/", "2025-02-01T08:00:00+00:00"),
        (BASE + "weather/2025/03/02/storm-closes-ferry.html", "2025-03-02T00:00:00+00:00"),
        # last_modified_at wins over the date
        (BASE + "council/2025/03/05/council-budget.html", "2025-03-06T09:30:00+00:00"),
        (BASE + "town/life/2025/03/09/market-returns.html", "2025-03-09T00:00:00+00:00"),
        (BASE + "weather/schools/2025/03/12/heat-pumps.html", "2025-03-12T00:00:00+00:00"),
        (BASE + "weather/2025/03/15/lifeboat-rescue.html", "2025-03-15T00:00:00+00:00"),
        (BASE + "council/2025/03/18/council-housing.html", "2025-03-18T00:00:00+00:00"),
        (BASE + "about.html", "2025-06-01T10:00:00+00:00"),
        (BASE + "contact.html", None),
        (BASE, None),  # index.html becomes the folder
        (BASE + "docs/annual-report.pdf", "2000-01-01T00:00:00+00:00"),  # its mtime
    ]


def test_sitemap_leaves_out_404_hidden_pages_and_feeds(gazette_broadsheet: Path) -> None:
    text = (gazette_broadsheet / "sitemap.xml").read_text()
    for absent in ("404.html", "hidden.html", "style-guide", "feed.xml", "robots.txt"):
        assert absent not in text


def test_robots_txt_points_at_the_sitemap(gazette_broadsheet: Path) -> None:
    assert (gazette_broadsheet / "robots.txt").read_text() == f"Sitemap: {BASE}sitemap.xml\n"


def test_own_robots_txt_is_kept_and_collections_without_output_skipped(
        make_site, build_site) -> None:
    site = make_site({
        "_config.yml": """
            url: http://example.com
            gems: [jekyll-sitemap]
            collections:
              staff: {output: false}
            """,
        "robots.txt": "User-agent: *\n",
        "_staff/ann.md": "---\ntitle: Ann\n---\nAnn.\n",
        "a b/page.html": "---\ntitle: Spaced & odd\n---\nx\n",
    })
    out = build_site(site)
    assert (out / "robots.txt").read_text() == "User-agent: *\n"
    text = (out / "sitemap.xml").read_text()
    assert "ann" not in text
    assert "<loc>http://example.com/a%20b/page.html</loc>" in text
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset ')
    assert text.endswith("</url>\n</urlset>\n")


def test_sitemap_and_robots_match_jekyll(gazette_broadsheet: Path, gazette_jekyll: Path) -> None:
    for name in ("sitemap.xml", "robots.txt"):
        assert (gazette_broadsheet / name).read_bytes() == (gazette_jekyll / name).read_bytes()


def test_a_plain_location_is_what_the_filters_give() -> None:
    """A location of plain characters under a plain site URL is written without the
    filters; for every kind of url, baseurl and path it must be what they would give."""
    from broadsheet.plugins.sitemap import _Filters
    from broadsheet.render.filters.text import xml_escape
    from broadsheet.render.filters.urls import make_url_filters

    sites = ["https://example.org", "http://a-b.example", "https://Example.org",
             "https://example.org/", "https://example.org:8080", "", None, 42]
    bases = [None, "", "/", "/news", "/news/", "news", "news/", "//news", "/a b", "/n.x",
             "/news//", "/über", False]
    paths = ["/", "/2025/08/22/talks.html", "/about/index.html", "/tag/x y/", "//evil",
             "/a/../b/", "/café/", "/a.b.c/", "/x?y=1", "/news/index.html", "relative/"]
    for site in sites:
        for base in bases:
            config = {"url": site, "baseurl": base}
            filters = _Filters(config)
            general = make_url_filters(config)["absolute_url"]
            for path in paths:
                want = xml_escape(general(path.replace("/index.html", "/")))
                assert filters.loc(path) == want, (site, base, path)
