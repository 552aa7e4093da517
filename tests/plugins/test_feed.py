"""jekyll-feed: the Atom feeds and ``{% feed_meta %}``, as a reader of the feed sees them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from .conftest import normalise_feed

ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(path: Path) -> list[ET.Element]:
    return ET.parse(path).getroot().findall(f"{ATOM}entry")


def _titles(path: Path) -> list[str]:
    return [entry.findtext(f"{ATOM}title") or "" for entry in _entries(path)]


def test_feed_lists_newest_posts_first_up_to_the_limit(gazette_broadsheet: Path) -> None:
    titles = _titles(gazette_broadsheet / "feed.xml")
    assert titles == [
        "Council: 120 homes on the old depot site",
        "Lifeboat crew rescues two kayakers",
        "Hill school switches to heat pumps",
        "The Saturday market returns",
    ]  # posts_limit: 4 in the site's config


def test_feed_head_uses_absolute_urls_with_baseurl(gazette_broadsheet: Path) -> None:
    text = (gazette_broadsheet / "feed.xml").read_text()
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?><feed ')
    assert '<link href="https://gazette.example.org/news/feed.xml" rel="self"' in text
    assert '<link href="https://gazette.example.org/news/" rel="alternate" type="text/html" ' \
           'hreflang="en-GB" />' in text
    assert "<id>https://gazette.example.org/news/feed.xml</id>" in text
    assert "\n" not in text.split("<entry", 1)[0]  # the gem's feed is one line


def test_titles_with_ampersands_and_tags_are_escaped(gazette_broadsheet: Path) -> None:
    text = (gazette_broadsheet / "feed" / "weather.xml").read_text()
    # the site title goes through smartify then xml_escape, as in the gem
    assert '<title type="html">The Harbour &amp;amp; Hill Gazette | Weather</title>' in text
    # a post title loses its HTML tags and keeps an escaped ampersand
    assert '<title type="html">Storm closes the ferry &amp;amp; the quay road</title>' in text
    assert "<subtitle>Local news from the harbour, the hill and the &lt;valley&gt; between" \
           "</subtitle>" in text


def test_entry_content_author_categories_and_image(gazette_broadsheet: Path) -> None:
    entries = _entries(gazette_broadsheet / "feed" / "weather.xml")
    storm = entries[-1]
    link = storm.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == (
        "https://gazette.example.org/news/weather/2025/03/02/storm-closes-ferry.html")
    content = storm.findtext(f"{ATOM}content") or ""
    assert "<strong>closed</strong>" in content  # converted HTML, not Markdown
    assert storm.findtext(f"{ATOM}author/{ATOM}name") == "Mara Quill"  # from _data/authors
    assert storm.findtext(f"{ATOM}author/{ATOM}uri") == "https://gazette.example.org/people/mara"
    terms = [c.get("term") for c in storm.findall(f"{ATOM}category")]
    assert terms == ["weather", "storm", "ferry"]
    summary = storm.findtext(f"{ATOM}summary")
    assert summary == "The evening ferry was cancelled as gusts reached 90 km/h."
    thumb = storm.find("{http://search.yahoo.com/mrss/}thumbnail")
    assert thumb is not None
    assert thumb.get("url") == "https://gazette.example.org/news/assets/img/storm.jpg"


def test_category_feeds_hold_only_their_category(gazette_broadsheet: Path) -> None:
    assert _titles(gazette_broadsheet / "feed" / "council.xml") == [
        "Council: 120 homes on the old depot site", "Council agrees “lean” budget"]
    weather = _titles(gazette_broadsheet / "feed" / "weather.xml")
    assert len(weather) == 3 and "Hill school switches to heat pumps" in weather


def test_tag_feeds_and_their_names(gazette_broadsheet: Path) -> None:
    folder = gazette_broadsheet / "feed" / "by_tag"
    assert sorted(p.name for p in folder.iterdir()) == [
        "budget.xml", "energy.xml", "ferry.xml", "food_stalls.xml", "housing.xml",
        "market.xml", "rescue.xml", "storm.xml"]
    assert _titles(folder / "storm.xml") == [
        "Lifeboat crew rescues two kayakers", "Storm closes the ferry &amp; the quay road"]


def test_feed_meta_tag(gazette_broadsheet: Path) -> None:
    html = (gazette_broadsheet / "index.html").read_text()
    assert ('<link type="application/atom+xml" rel="alternate" '
            'href="https://gazette.example.org/news/feed.xml" '
            'title="The Harbour &amp; Hill Gazette" />') in html


def test_feed_path_collections_and_excerpt_only(make_site, build_site) -> None:
    site = make_site({
        "_config.yml": """
            name: Notes
            plugins: [jekyll-feed]
            feed:
              path: atom.xml
              excerpt_only: true
              collections: [notes]
            collections:
              notes: {output: true}
            """,
        "_posts/2025-01-02-one.md": "---\ntitle: One\n---\nBody one.\n",
        "_notes/a.md": "---\ntitle: A note\n---\nA.\n",
        "index.html": "---\n---\n{% feed_meta %}\n",
    })
    out = build_site(site)
    atom = (out / "atom.xml").read_text()
    assert "<content" not in atom and "<summary" in atom
    assert "<title type=\"html\">Notes | Notes</title>" in (out / "feed" / "notes.xml").read_text()
    assert 'href="/atom.xml" title="Notes" />' in (out / "index.html").read_text()


def test_a_feed_file_in_the_source_wins(make_site, build_site) -> None:
    site = make_site({
        "_config.yml": "gems: [jekyll-feed]\n",
        "feed.xml": "---\n---\nmine\n",
        "_posts/2025-01-02-one.md": "---\ntitle: One\n---\nBody.\n",
    })
    assert (build_site(site) / "feed.xml").read_text() == "mine\n"


def test_feeds_match_jekyll(gazette_broadsheet: Path, gazette_jekyll: Path) -> None:
    feeds = sorted(p.relative_to(gazette_jekyll) for p in gazette_jekyll.rglob("*.xml")
                   if p.name != "sitemap.xml")
    assert feeds == sorted(p.relative_to(gazette_broadsheet)
                           for p in gazette_broadsheet.rglob("*.xml") if p.name != "sitemap.xml")
    for feed in feeds:
        ours = normalise_feed((gazette_broadsheet / feed).read_text())
        theirs = normalise_feed((gazette_jekyll / feed).read_text())
        assert ours == theirs, feed
        assert re.search(r"<entry", ours)
