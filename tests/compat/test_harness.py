"""Tests of the compatibility harness itself.

A comparer that calls everything equal would make the compat suite pass for any engine, so
these tests pin both directions: differences that do not matter compare equal, and the
smallest differences that do (one word, one attribute value, one missing file) do not.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .harness import (
    FIXED_MTIME,
    build_with_jekyll,
    compare,
    compare_file,
    css_canonical_lines,
    first_difference,
    html_canonical_lines,
    site_fingerprint,
    sourcemap_canonical_lines,
    stage_site,
    visible_text,
    xml_canonical_lines,
)


def strict_equal(a: str, b: str) -> bool:
    """Compare two HTML strings the way the harness compares pages."""
    return compare_file("page.html", a.encode(), b.encode()).identical


def text_equal(a: str, b: str) -> bool | None:
    """Compare the visible text of two HTML strings."""
    return compare_file("page.html", a.encode(), b.encode()).same_text


# --------------------------------------------------------------------------- HTML


def test_attribute_order_and_quoting_do_not_matter() -> None:
    a = '<a href="/x/" class="post-link" rel=author>Title</a>'
    b = "<a rel='author' class=\"post-link\" href='/x/'>Title</a>"
    assert strict_equal(a, b)


def test_whitespace_between_blocks_does_not_matter() -> None:
    a = "<ul>\n  <li>One</li>\n  <li>Two</li>\n</ul>\n<p>Text  here\n and there</p>"
    b = "<ul><li>One</li><li>Two</li></ul><p>Text here and there</p>"
    assert strict_equal(a, b)


def test_whitespace_between_inline_elements_matters() -> None:
    # "a b" and "ab" render differently, so this is a real difference.
    assert not strict_equal("<p><em>a</em> <em>b</em></p>", "<p><em>a</em><em>b</em></p>")
    assert not text_equal("<p><em>a</em> <em>b</em></p>", "<p><em>a</em><em>b</em></p>")


def test_a_changed_word_is_a_difference() -> None:
    a = "<p>The board said it needed more time.</p>"
    b = "<p>The board said it needed less time.</p>"
    result = compare_file("p.html", a.encode(), b.encode())
    assert not result.identical
    assert result.same_text is False
    assert "more time" in (result.difference or "")
    assert "less time" in (result.text_difference or "")


def test_a_changed_attribute_value_is_a_difference() -> None:
    assert not strict_equal('<a href="/a.html">x</a>', '<a href="/a/">x</a>')
    # ... which the weak check does not see: only visible text counts there.
    assert text_equal('<a href="/a.html">x</a>', '<a href="/a/">x</a>')


def test_markup_changes_keep_the_same_text() -> None:
    a = "<p>Bold <strong>claim</strong></p>"
    b = "<div>Bold <b>claim</b></div>"
    assert not strict_equal(a, b)
    assert text_equal(a, b)


def test_character_references_and_void_tag_spelling_do_not_matter() -> None:
    a = "<p>It&#8217;s &quot;fine&quot; &amp; done<br/></p><img src=x alt=''>"
    b = '<p>It’s "fine" &amp; done<br></p><img alt src="x" />'
    assert strict_equal(a, b)


def test_doctype_case_and_class_spacing_do_not_matter() -> None:
    a = '<!DOCTYPE html><div class="a  b ">x</div>'
    b = '<!doctype html>\n<div class="a b">x</div>'
    assert strict_equal(a, b)


def test_whitespace_inside_pre_and_code_matters() -> None:
    a = "<pre><code>def f():\n    return 1\n</code></pre>"
    b = "<pre><code>def f():\n  return 1\n</code></pre>"
    assert not strict_equal(a, b)


def test_text_in_script_and_style_is_not_visible() -> None:
    html = "<style>p{}</style><script>var x = 'hidden';</script><p>Shown</p>"
    assert visible_text(html) == "Shown"
    assert not strict_equal(html, html.replace("hidden", "other"))
    assert text_equal(html, html.replace("hidden", "other"))


def test_block_boundaries_separate_words_in_visible_text() -> None:
    assert visible_text("<p>one</p><p>two</p>") == "one two"
    assert visible_text("<title>T</title><h1>Head</h1>\n\n<p>a  b</p>") == "T Head a b"


def test_generator_meta_is_ignored_but_other_meta_is_not() -> None:
    a = '<meta name="generator" content="Jekyll v4.3.1" /><meta name="author" content="A">'
    b = '<meta name="generator" content="Broadsheet 0.1"><meta name="author" content="A">'
    assert strict_equal(a, b)
    assert not strict_equal(a, b.replace('content="A"', 'content="B"'))


def test_canonical_lines_are_one_token_per_line() -> None:
    assert html_canonical_lines('<p id="x">Hi <em>there</em></p>') == [
        '<p id="x">',
        "  Hi ",
        "<em>",
        "  there",
        "</em>",
        "</p>",
    ]


# --------------------------------------------------------------------------- XML


FEED = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<generator uri="https://jekyllrb.com/" version="4.3.1">Jekyll</generator>
<updated>2026-01-01T10:00:00+00:00</updated><title type="html">Site</title>
<entry><title type="html">Post</title><updated>2025-08-22T05:44:58+00:00</updated>
<content type="html"><![CDATA[<p>Body  text</p>
<p>More</p>]]></content></entry></feed>"""


def test_feed_build_time_and_generator_are_ignored() -> None:
    other = FEED.replace("2026-01-01T10:00:00", "2031-05-05T09:09:09").replace(
        '<generator uri="https://jekyllrb.com/" version="4.3.1">Jekyll</generator>',
        "<generator>Broadsheet</generator>",
    )
    assert compare_file("feed.xml", FEED.encode(), other.encode()).identical


def test_feed_entry_dates_are_compared() -> None:
    other = FEED.replace("2025-08-22T05:44:58", "2025-08-22T06:44:58")
    result = compare_file("feed.xml", FEED.encode(), other.encode())
    assert not result.identical
    assert "06:44:58" in (result.difference or "")


def test_feed_html_content_is_normalised_as_html() -> None:
    same = FEED.replace("<p>Body  text</p>\n<p>More</p>", "<p>Body text</p><p>More</p>")
    assert compare_file("feed.xml", FEED.encode(), same.encode()).identical
    changed = FEED.replace("<p>More</p>", "<p>Less</p>")
    assert not compare_file("feed.xml", FEED.encode(), changed.encode()).identical


def test_xml_attribute_order_and_indentation_do_not_matter() -> None:
    a = b'<urlset><url a="1" b="2"><loc>https://x/</loc></url></urlset>'
    b = b'<?xml version="1.0"?>\n<urlset>\n  <url b="2" a="1">\n    <loc>https://x/</loc>\n'
    b += b"  </url>\n</urlset>\n"
    assert xml_canonical_lines(a) == xml_canonical_lines(b)


def test_sitemap_lastmod_is_compared() -> None:
    a = b"<urlset><url><loc>/a</loc><lastmod>2025-01-01</lastmod></url></urlset>"
    b = a.replace(b"2025-01-01", b"2025-01-02")
    assert not compare_file("sitemap.xml", a, b).identical


def test_malformed_xml_is_a_difference_not_a_crash() -> None:
    result = compare_file("feed.xml", FEED.encode(), b"<feed><entry></feed>")
    assert not result.identical
    assert "could not parse" in (result.difference or "")


# --------------------------------------------------------------------------- CSS, maps, bytes


def test_css_whitespace_does_not_matter_but_values_do() -> None:
    a = "body {\n  color: red;\n  margin: 0 auto;\n}\n\n/* note */\na:hover { color: blue }\n"
    b = "body{color:red;margin:0 auto}a:hover{color:blue}"
    assert css_canonical_lines(a) == css_canonical_lines(b)
    assert not compare_file("s.css", a.encode(), b.replace("blue", "navy").encode()).identical


def test_sourcemap_source_locations_do_not_matter() -> None:
    a = b'{"version":3,"sources":["main.scss","../../../../usr/x/minima-2.5.1/_sass/m/_b.scss"]}'
    b = b'{"sources":["main.scss","/opt/themes/minima/_sass/m/_b.scss"],"version":3}'
    assert sourcemap_canonical_lines(a) == sourcemap_canonical_lines(b)
    c = b.replace(b"_b.scss", b"_c.scss")
    assert not compare_file("main.css.map", a, c).identical


def test_other_files_compare_byte_for_byte() -> None:
    assert compare_file("a.json", b'{"a": 1}\n', b'{"a": 1}\n').identical
    assert not compare_file("a.json", b'{"a": 1}\n', b'{"a":1}\n').identical
    assert not compare_file("a.txt", b"line\n", b"line\r\n").identical
    binary = compare_file("x.jpg", b"\xff\xd8\xff\x00", b"\xff\xd8\xff\x01")
    assert not binary.identical
    assert "offset 3" in (binary.difference or "")


def test_first_difference_shows_context_and_both_sides() -> None:
    a = [f"line {i}" for i in range(20)]
    b = list(a)
    b[10] = "changed"
    diff = first_difference(a, b) or ""
    assert "@@ line 11" in diff
    assert "- line 10" in diff and "+ changed" in diff
    assert "  line 9" in diff and "  line 11" in diff
    assert first_difference(a, list(a)) is None
    assert first_difference(a, a[:-1]) is not None


# --------------------------------------------------------------------------- whole folders


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create ``files`` (relative path -> content) under ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    return root


def test_compare_reports_missing_extra_and_differing_files(tmp_path: Path) -> None:
    jekyll = write(
        tmp_path / "j",
        {
            "index.html": "<p>Hello <b>world</b></p>",
            "about/index.html": "<p>About</p>",
            "feed.xml": FEED,
            "img/a.png": b"\x89PNG1",
            "only-jekyll.html": "<p>x</p>",
        },
    )
    ours = write(
        tmp_path / "o",
        {
            "index.html": "<p>Hello <strong>world</strong></p>",
            "about/index.html": "<p>\n  About\n</p>\n",
            "feed.xml": FEED.replace("2026-01-01", "2030-01-01"),
            "img/a.png": b"\x89PNG2",
            "extra.txt": "mine",
        },
    )
    report = compare(jekyll, ours, site="demo")
    assert report.only_jekyll == ["only-jekyll.html"]
    assert report.only_ours == ["extra.txt"]
    assert not report.same_paths
    assert [r.path for r in report.identical_pages] == ["about/index.html"]
    assert {r.path for r in report.same_text_pages} == {"about/index.html", "index.html"}
    assert report.all_text_same
    assert report.files["feed.xml"].identical
    assert not report.files["img/a.png"].identical
    assert report.share_identical() == pytest.approx(1 / 3)  # the missing page counts
    text = report.format()
    assert "only in Jekyll: only-jekyll.html" in text
    assert "only in ours: extra.txt" in text
    assert "index.html [html]" in text and "img/a.png [bytes]" in text


def test_identical_folders_report_full_agreement(tmp_path: Path) -> None:
    files = {"index.html": "<p>Same</p>", "a/b.css": "p{}", "c.bin": b"\x00\x01"}
    report = compare(write(tmp_path / "j", files), write(tmp_path / "o", files))
    assert report.same_paths and report.all_text_same
    assert all(r.identical for r in report.files.values())
    assert report.share_identical() == 1.0


# --------------------------------------------------------------------------- building


def test_fingerprint_follows_paths_and_bytes(tmp_path: Path) -> None:
    site = write(tmp_path / "s", {"_config.yml": "title: x\n", "a.md": "a"})
    first = site_fingerprint(site)
    (site / "a.md").write_text("b")
    second = site_fingerprint(site)
    (site / "a.md").rename(site / "b.md")
    third = site_fingerprint(site)
    assert len({first, second, third}) == 3
    os.utime(site / "b.md", (0, 0))  # mtimes are not content
    write(site, {".jekyll-cache/x": "cache", "_site/index.html": "old output"})
    assert site_fingerprint(site) == third


def test_stage_site_copies_with_fixed_mtimes(tmp_path: Path) -> None:
    site = write(tmp_path / "s", {"_config.yml": "title: x\n", "deep/er/f.txt": "f"})
    staged = stage_site(site, tmp_path / "staged")
    assert (staged / "deep/er/f.txt").read_text() == "f"
    assert (staged / "deep/er/f.txt").stat().st_mtime == FIXED_MTIME


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not on PATH")
def test_jekyll_build_is_cached_and_leaves_the_source_alone(tmp_path: Path) -> None:
    site = write(
        tmp_path / "site",
        {"_config.yml": "title: Tiny\n", "index.md": "---\n---\n# {{ site.title }}\n"},
    )
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    out = build_with_jekyll(site, cache_dir=tmp_path / "cache")
    assert "Tiny</h1>" in (out / "index.html").read_text()
    (out / "marker").write_text("cached")
    assert build_with_jekyll(site, cache_dir=tmp_path / "cache") == out
    assert (out / "marker").exists()  # the second call reused the first build
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    (site / "index.md").write_text("---\n---\nchanged\n")
    assert build_with_jekyll(site, cache_dir=tmp_path / "cache") != out
