"""jekyll-seo-tag: what ``{% seo %}`` puts in a page's head."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from liquid.exceptions import FilterArgumentError

from .conftest import seo_block

POST = "weather/2025/03/02/storm-closes-ferry.html"


def _json_ld(block: str) -> dict:
    start = block.index('<script type="application/ld+json">\n') + len(
        '<script type="application/ld+json">\n')
    return json.loads(block[start: block.index("</script>")])


def test_post_title_canonical_and_article_meta(gazette_broadsheet: Path) -> None:
    block = seo_block((gazette_broadsheet / POST).read_text())
    assert block.startswith("<!-- Begin Jekyll SEO tag v2.8.0 -->\n<title>Storm closes the "
                            "ferry &amp; the quay road | The Harbour &amp; Hill Gazette</title>\n")
    url = "https://gazette.example.org/news/" + POST
    assert f'<link rel="canonical" href="{url}" />\n' in block
    assert '<meta property="og:type" content="article" />\n' in block
    assert ('<meta property="article:published_time" content="2025-03-02T00:00:00+00:00" />'
            in block)
    assert '<meta name="author" content="Mara Quill" />' in block  # via _data/authors.yml
    assert '<meta name="twitter:creator" content="@maraquill" />' in block
    assert '<meta property="og:locale" content="en_GB" />' in block
    assert block.endswith("</script>\n<!-- End Jekyll SEO tag -->\n")


def test_post_json_ld_in_the_gems_key_order(gazette_broadsheet: Path) -> None:
    data = _json_ld(seo_block((gazette_broadsheet / POST).read_text()))
    assert list(data) == ["@context", "@type", "author", "dateModified", "datePublished",
                          "description", "headline", "image", "mainEntityOfPage", "publisher",
                          "url"]
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Storm closes the ferry &amp; the quay road"
    assert data["image"] == "https://gazette.example.org/news/assets/img/storm.jpg"
    assert data["publisher"]["logo"]["url"] == (
        "https://gazette.example.org/news/assets/img/logo.png")


def test_home_page_is_a_website_titled_with_the_description(gazette_broadsheet: Path) -> None:
    block = seo_block((gazette_broadsheet / "index.html").read_text())
    # site title | description (Markdown-rendered, tags stripped, whitespace squeezed)
    assert ("<title>The Harbour &amp; Hill Gazette | Local news from the harbour, the hill "
            "and the between</title>") in block
    data = _json_ld(block)
    assert data["@type"] == "WebSite"
    assert data["name"] == "The Harbour &amp; Hill Gazette"
    assert data["url"] == "https://gazette.example.org/news/"


def test_title_false_and_image_meta(gazette_broadsheet: Path) -> None:
    block = seo_block((gazette_broadsheet / "contact.html").read_text())
    assert "<title>" not in block  # {% seo title=false %}
    assert '<meta property="og:title" content="Contact &amp; corrections" />' in block
    assert '<meta name="twitter:card" content="summary_large_image" />' in block
    market = seo_block((gazette_broadsheet / "town/life/2025/03/09/market-returns.html")
                       .read_text())
    assert '<meta property="og:image:width" content="1200" />' in market
    assert _json_ld(market)["image"] == {
        "width": 1200, "height": 630, "alt": "Stalls on the square",
        "url": "https://cdn.example.net/market.jpg", "@type": "imageObject"}


def test_seo_type_override_drops_main_entity(gazette_broadsheet: Path) -> None:
    data = _json_ld(seo_block(
        (gazette_broadsheet / "weather/2025/03/15/lifeboat-rescue.html").read_text()))
    assert data["@type"] == "NewsArticle" and "mainEntityOfPage" not in data


def test_paginated_pages_and_site_without_url(make_site, build_site) -> None:
    site = make_site({
        "_config.yml": """
            name: Valley Notes
            plugins: [jekyll-seo-tag, jekyll-paginate]
            paginate: 1
            """,
        "_layouts/default.html": "<head>{% seo %}</head>{{ content }}",
        "index.html": "---\nlayout: default\ntitle: Home\n---\n"
                      "{% for post in paginator.posts %}{{ post.title }}{% endfor %}\n",
        "_posts/2025-01-01-one.md": "---\ntitle: One\n---\nOne.\n",
        "_posts/2025-01-02-two.md": "---\ntitle: Two\n---\nTwo.\n",
    })
    out = build_site(site)
    second = seo_block((out / "page2" / "index.html").read_text())
    assert "<title>Page 2 of 2 for Home | Valley Notes</title>" in second
    assert '<link rel="prev" href="/" />' in second
    assert "canonical" not in second  # no site.url, no canonical link
    first = seo_block((out / "index.html").read_text())
    assert '<link rel="next" href="/page2" />' in first  # jekyll-paginate's own path


def test_seo_blocks_match_jekyll(gazette_broadsheet: Path, gazette_jekyll: Path) -> None:
    pages = sorted(p.relative_to(gazette_jekyll) for p in gazette_jekyll.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        theirs = (gazette_jekyll / page).read_text()
        ours = (gazette_broadsheet / page).read_text()
        assert seo_block(ours) == seo_block(theirs), page
        assert ours == theirs, page


def test_a_paragraph_excerpt_is_formatted_as_markdownify_would() -> None:
    """Excerpts skip kramdown when they are one plain HTML paragraph; the text must be
    what markdownify → strip_html → normalize_whitespace → escape_once gives."""
    from broadsheet.plugins.seo import _PLAIN_PARAGRAPH
    from broadsheet.render.filters.text import escape_once, normalize_whitespace, strip_html
    from broadsheet.render.markdown import convert

    for html in ("<p>Plain excerpt &amp; more.</p>\n", "<p>It’s “quoted” -- text...</p>\n",
                 "<p>a *b* c &lt;i&gt;</p>", "<p>  spaced\n  out  </p>\n", "<p>1. x</p>\n"):
        match = _PLAIN_PARAGRAPH.fullmatch(html)
        assert match is not None
        slow = escape_once(normalize_whitespace(strip_html(convert(html))))
        assert escape_once(normalize_whitespace(match.group(1))) == slow


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="aZ09 ,.;:?!()/%=+@-'\"&<>*_#\t\n", min_size=1, max_size=20))
def test_a_plain_line_is_formatted_as_the_four_filters_would(text: str) -> None:
    """Titles and descriptions that are one plain line of words skip the four steps;
    whatever the text, the result must be theirs."""
    from broadsheet.plugins.seo import SeoValues
    from broadsheet.render.filters._ruby import to_s
    from broadsheet.render.filters.text import escape_once, normalize_whitespace, strip_html
    from broadsheet.render.markdown import convert

    class Env:
        filters = {"markdownify": convert, "strip_html": strip_html,
                   "normalize_whitespace": normalize_whitespace, "escape_once": escape_once}

    slow = to_s(escape_once(normalize_whitespace(strip_html(convert(text))))) or None
    assert SeoValues(Env(), {}, {}, None).format_string(text) == slow  # type: ignore[arg-type]


def test_the_json_ld_is_written_as_the_general_json_writer_would() -> None:
    """The JSON-LD's text members and plain objects are written directly; every other
    value, and what a site's front matter can put there, must come out as ``to_json``."""
    from datetime import date

    from broadsheet.plugins.seo import _json_ld_text
    from broadsheet.render.filters.json_inspect import to_json

    looped: dict[str, Any] = {"name": "loop"}
    looped["self"] = looped  # a YAML anchor can refer to itself
    cases: list[dict[str, Any]] = [
        {"@type": "BlogPosting", "headline": 'Say "hi" \\ \u2028 caf\u00e9 </script>'},
        {"image": {"url": "https://x.test/a.jpg", "height": 400, "width": 1.5,
                   "@type": "imageObject", "caption": None, "ok": True}},
        {"author": {"@type": "Person", "name": "Ana", "url": ["a", {"b": date(2025, 1, 2)}]}},
        {"sameAs": ["https://a.test", 3, None], "nested": {"a\nb": {"c": {}}}, "e": {}},
        {"numbers": {1: "one"}, "t": "\x00\x1f"},
    ]
    for values in cases:
        assert _json_ld_text(values) == to_json(values)
    with pytest.raises(FilterArgumentError):
        _json_ld_text({"author": looped})


_SITES = {
    "full": """
        title: The Quay & Hill
        tagline: Local news, checked
        description: News from the *harbour*
        url: https://quay.example.org
        baseurl: /news
        author: Site Desk
        logo: /assets/logo.png
        lang: en-GB
        twitter: {username: "@quaynews", card: summary}
        social: {name: Quay Media, links: ["https://a.example/quay", "https://b.example/q"]}
        facebook: {admins: "1234", app_id: "99"}
        """,
    "bare": "",
    "named": """
        name: Valley Notes
        description: Notes  from the valley
        url: https://valley.example
        author: {name: Valley Desk, url: "https://valley.example/desk", twitter: vdesk}
        webmaster_verifications: {google: g-123, bing: b-456}
        twitter: {username: valley}
        """,
    "titled": """
        title: Same As Site
        locale: fr_FR
        url: http://titled.example
        logo: https://cdn.example/logo.svg
        """,
}
_CHOICES: dict[str, list[Any]] = {
    "title": [None, "Plain title", "Tom & Jerry *say* hi", "", 42, "Same As Site"],
    "description": [None, "A plain line.", "Two  spaces <b>bold</b>", ""],
    "excerpt": [None, "An excerpt of our own."],
    "author": [None, "mara", "Sam Ray", "", {"name": "Quay Co", "type": "Organization"},
               {"name": "Odd", "type": "Thing"}, {"twitter": "@solo"}],
    "image": [None, "/assets/a.jpg", "https://cdn.example/b c.png", "",
              {"path": "/x.jpg", "alt": "An x"}],
    "lang": [None, "fr-FR"],
    "locale": [None, "de_DE"],
    "seo": [None, None, None, {"type": "NewsArticle", "name": "Special"}],
    "twitter": [None, None, None, {"card": "summary"}],
    "last_modified_at": [None, None, None, "2025-04-01"],
}


def _front_matter(rng: Any, layout: str, *, plain: bool = False) -> str:
    data = {"layout": layout}
    for key, options in _CHOICES.items():
        value = rng.choice(options)
        if plain and (key in ("seo", "twitter", "last_modified_at") or type(value) is dict
                      and key == "image"):
            value = None  # a page the shorter route takes
        if value is not None:
            data[key] = value
    return "---\n" + json.dumps(data) + "\n---\n"  # JSON is YAML


@pytest.mark.parametrize("config", sorted(_SITES))
def test_the_plain_page_block_is_the_general_rules_block(config, make_site, build_site,
                                                          monkeypatch) -> None:
    """Most pages take a shorter route through the gem's rules; on every page it takes,
    the block must be what the rules one by one give, whatever the site and front matter."""
    import random
    import textwrap

    from broadsheet.plugins import seo

    rng = random.Random(config)
    files = {
        "_config.yml": textwrap.dedent(_SITES[config]) + "\nplugins: [jekyll-seo-tag]\n",
        "_data/authors.yml": "mara: {name: Mara Quill, twitter: maraquill, url: /mara}\n",
        "_layouts/default.html": "<head>{% seo %}</head>{{ content }}",
        "_layouts/bare.html": "<head>{% seo title=false %}</head>{{ content }}",
        "index.html": _front_matter(rng, "default", plain=True) + "Home\n",
        "about/index.md": _front_matter(rng, "default", plain=True) + "About\n",
        "about.md": _front_matter(rng, "bare") + "About us\n",
    }
    for number in range(60):
        layout = "bare" if number % 9 == 0 else "default"
        files[f"_posts/2025-03-{number % 28 + 1:02d}-story-{number}.md"] = (
            _front_matter(rng, layout) + f"Story {number} & more.\n\nSecond paragraph.\n")
        files[f"pages/page-{number}.md"] = _front_matter(rng, layout) + "A page.\n"
    taken = []
    plain = seo._plain_page_block

    def both(env, page, site, shared, show_title):
        block = plain(env, page, site, shared, show_title)
        if block is not None:
            assert block == seo._block(env, page, site, None, shared, show_title), page["url"]
        taken.append(block is not None)
        return block

    monkeypatch.setattr(seo, "_plain_page_block", both)
    build_site(make_site(files))
    assert len(taken) == 123
    assert 30 < taken.count(True) < 120  # both routes were taken
