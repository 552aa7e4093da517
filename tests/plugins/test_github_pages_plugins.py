"""The four GitHub Pages plugins: jekyll-optional-front-matter, jekyll-titles-from-headings,
jekyll-default-layout and jekyll-relative-links.

Two sites are built by Broadsheet and by real Jekyll and must come out byte for byte the
same: ``handbook`` (the plugins' defaults, plus ``include:``, front-matter defaults and
relative links in collections) and ``logbook`` (the other side of each option:
``remove_originals``, ``strip_title``, titles in collections, ``exclude``, only a
``default`` layout). The focused tests below pin each rule of the gems on its own.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from broadsheet.build import BuildOptions, build
from broadsheet.plugins import default_layout, relative_links, titles_from_headings
from broadsheet.read.documents import Document


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


def _same_site(ours: Path, theirs: Path) -> None:
    mine, jekyll = _files(ours), _files(theirs)
    assert sorted(mine) == sorted(jekyll)
    for name, content in jekyll.items():
        assert mine[name].decode() == content.decode(), name


def test_handbook_matches_jekyll(handbook_broadsheet: Path, handbook_jekyll: Path) -> None:
    _same_site(handbook_broadsheet, handbook_jekyll)


def test_logbook_matches_jekyll(logbook_broadsheet: Path, logbook_jekyll: Path) -> None:
    _same_site(logbook_broadsheet, logbook_jekyll)


def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    """Build a small site of ``files`` (config first) and return its output folder."""
    source = tmp_path / "src"
    for name, text in files.items():
        path = source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    build(BuildOptions(source=source, destination=tmp_path / "out", jobs=1))
    return tmp_path / "out"


PLUGINS = ("plugins: [jekyll-optional-front-matter, jekyll-titles-from-headings, "
           "jekyll-default-layout, jekyll-relative-links]\n")
LAYOUT = {"_layouts/default.html": "<title>{{ page.title }}</title>|{{ page.layout }}|"
                                   "{{ content }}"}


# -- jekyll-optional-front-matter --------------------------------------------------------
def test_files_without_front_matter_become_pages_and_keep_their_originals(
        handbook_broadsheet: Path) -> None:
    assert (handbook_broadsheet / "docs/tides.html").is_file()
    assert (handbook_broadsheet / "docs/tides.md").is_file()  # the original is still copied
    assert (handbook_broadsheet / "_guides/checklist.html").is_file()  # collection file too


def test_readme_and_licence_stay_static_unless_included(handbook_broadsheet: Path) -> None:
    assert (handbook_broadsheet / "README.md").is_file()
    assert not (handbook_broadsheet / "README.html").exists()
    assert not (handbook_broadsheet / "LICENSE.html").exists()
    assert (handbook_broadsheet / "CONTRIBUTING.html").is_file()  # include: [CONTRIBUTING.md]


def test_remove_originals_drops_the_md_files_but_not_the_readme(logbook_broadsheet: Path
                                                                ) -> None:
    originals = [p.relative_to(logbook_broadsheet).as_posix()
                 for p in logbook_broadsheet.rglob("*.md")]
    assert originals == ["README.md"]
    assert (logbook_broadsheet / "notes/weather.html").is_file()


@pytest.mark.parametrize("setting", [
    "optional_front_matter: {enabled: false}\n",
    "optional_front_matter: false\n",
    "require_front_matter: true\noptional_front_matter: {remove_originals: true}\n",
])
def test_optional_front_matter_can_be_turned_off(tmp_path: Path, setting: str) -> None:
    out = _site(tmp_path, {"_config.yml": PLUGINS + setting, "guide.md": "# Guide\n"})
    assert (out / "guide.md").is_file()
    assert not (out / "guide.html").exists()


# -- jekyll-titles-from-headings ---------------------------------------------------------
def _doc(content: str, collection: str | None = None, **data: object) -> Document:
    return Document(relative_path="a.md", source_path=None, collection=collection,
                    data=dict(data), content=content, ext=".md", url="/a.html")


@pytest.mark.parametrize(("content", "title"), [
    ("# Tides\n\nText", "Tides"),
    ("\n\n  ## Neap *and* spring\n", "Neap and spring"),
    ("### Closing hashes ###\n", "Closing hashes ###"),  # the gem's greedy capture
    ("Setext\n======\n\nText", "Setext"),
    ("Underlined\n---\n", "Underlined"),
    ("# Q&A[^1]\n", "Q&amp;A"),  # markdownify keeps the entity; footnote marks go
    ("#### Too deep\n", None),
    ("Text first\n\n# Heading\n", None),
])
def test_title_from_the_first_heading(content: str, title: str | None) -> None:
    assert titles_from_headings.title_for(_doc(content), {}) == title


def _titles(site_config: dict[str, object], *docs: Document) -> None:
    config = SimpleNamespace(get=site_config.get, markdown_exts=frozenset({".md"}))
    pages = [doc for doc in docs if doc.is_page]
    others = [doc for doc in docs if not doc.is_page]
    site = SimpleNamespace(config=config, pages=pages, documents=lambda: [*others, *pages])
    titles_from_headings.generate(site)  # type: ignore[arg-type]


def test_a_page_keeps_its_title_and_a_document_does_not() -> None:
    page = _doc("# Heading\n", title="Own")
    post = _doc("# Heading\n", "posts", title="Own")
    _titles({"titles_from_headings": {"collections": True}}, page, post)
    assert (page.data["title"], post.data["title"]) == ("Own", "Heading")


def test_documents_only_with_collections_true() -> None:
    post = _doc("# Heading\n", "posts", title="From File Name")
    _titles({}, post)
    assert post.data["title"] == "From File Name"


def test_strip_title_site_option_and_page_override() -> None:
    stripped = _doc("\n# Heading\n\nBody text.\n\n")
    kept = _doc("# Heading\n\nBody.\n", strip_title=False)
    no_heading = _doc("\n\nOnly text.\n\n")
    _titles({"titles_from_headings": {"strip_title": True}}, stripped, kept, no_heading)
    assert stripped.content == "Body text."
    assert kept.content == "# Heading\n\nBody.\n"
    assert no_heading.content == "Only text."  # stripped even without a heading
    assert "title" in no_heading.data and no_heading.data["title"] is None


def test_strip_title_from_defaults_counts_for_documents_not_pages(logbook_broadsheet: Path
                                                                 ) -> None:
    page = (logbook_broadsheet / "notes/defaults-strip.html").read_text()
    assert "<title>Stripped all the same</title>" in page and "<h1" not in page
    document = (logbook_broadsheet / "crew/deckhand.html").read_text()
    assert document.startswith('<h1 id="deckhand-io-penn">')


def test_titles_can_be_turned_off() -> None:
    page = _doc("# Heading\n")
    _titles({"titles_from_headings": {"enabled": False}}, page)
    assert "title" not in page.data


def test_titles_from_front_matter_defaults_are_kept(handbook_broadsheet: Path) -> None:
    html = (handbook_broadsheet / "docs/legacy/notes.html").read_text()
    assert "<title>Legacy notes | Tidewater Handbook</title>" in html


# -- jekyll-default-layout ---------------------------------------------------------------
@pytest.mark.parametrize(("layouts", "url", "collection", "expected"), [
    ({"home", "page", "post", "default"}, "/", None, "home"),
    ({"page", "post", "default"}, "/", None, "page"),
    ({"home", "page", "post", "default"}, "/docs/", None, "page"),
    ({"home", "page", "post", "default"}, "/2025/a.html", "posts", "post"),
    ({"default"}, "/2025/a.html", "posts", "default"),
    ({"page"}, "/2025/a.html", "posts", None),
    (set(), "/", None, None),
])
def test_layout_choice(layouts: set[str], url: str, collection: str | None,
                       expected: str | None) -> None:
    doc = _doc("text", collection)
    doc.url = url
    site = SimpleNamespace(layouts=dict.fromkeys(layouts))
    assert default_layout.layout_for(doc, site) == expected  # type: ignore[arg-type]


def test_layouts_only_for_markdown_pages_and_posts_without_one(tmp_path: Path) -> None:
    out = _site(tmp_path, {
        "_config.yml": PLUGINS + "collections: {crew: {output: true}}\n", **LAYOUT,
        "plain.md": "# Plain\n", "raw.md": "---\nlayout: null\n---\n# Raw\n",
        "page.html": "---\n---\nHTML page", "_crew/ana.md": "---\n---\n# Ana\n",
        "_posts/2025-01-02-post.md": "---\n---\nA post\n",
    })
    assert (out / "plain.html").read_text().startswith("<title>Plain</title>|default|")
    assert (out / "2025/01/02/post.html").read_text().startswith("<title>Post</title>|default")
    assert (out / "raw.html").read_text().startswith('<h1 id="raw">')
    assert (out / "page.html").read_text() == "HTML page"
    assert (out / "crew/ana.html").read_text().startswith('<h1 id="ana">')


# -- jekyll-relative-links ---------------------------------------------------------------
TARGETS = relative_links.Targets({
    "docs/setup.md": "/docs/setup.html",
    "docs/sea level.md": "/docs/sea%20level.html",
    "README.md": "/README.md",
    "_posts/2025-01-02-post.md": "/2025/01/02/post.html",
}, baseurl="/site")


@pytest.mark.parametrize(("text", "expected"), [
    ("[Setup](setup.md)", "[Setup](/site/docs/setup.html)"),
    ("[Setup](./setup.md#install)", "[Setup](/site/docs/setup.html#install)"),
    ('[Setup](setup.md "Set up")', '[Setup](/site/docs/setup.html "Set up")'),
    ("[Setup](/docs/setup.md)", "[Setup](/site/docs/setup.html)"),
    ("[Readme](../README.md)", "[Readme](/site/README.md)"),
    ("[Post](../_posts/2025-01-02-post.md)", "[Post](/site/2025/01/02/post.html)"),
    ("[Sea](sea%20level.md) [Sea](sea+level.md)",
     "[Sea](/site/docs/sea%20level.html) [Sea](/site/docs/sea%20level.html)"),
    ("[Up](../../setup.md)", "[Up](../../setup.md)"),
    ("[Web](https://example.org/setup.md)", "[Web](https://example.org/setup.md)"),
    ("[Mail](mailto:a@example.org)", "[Mail](mailto:a@example.org)"),
    ("[Here](#setup.md)", "[Here](#setup.md)"),
    ("[Gone](gone.md)", "[Gone](gone.md)"),
    ("Text\n\n[ref]: setup.md#a 'x'", "Text\n\n[ref]: /site/docs/setup.html#a 'x'"),
    ("Text\n   [ref]: setup.md", "Text\n\n[ref]: /site/docs/setup.html"),  # own line
    ("[ref]: setup.md", "\n[ref]: /site/docs/setup.html"),
])
def test_relative_links_rewrite(text: str, expected: str) -> None:
    assert relative_links.rewrite(text, "docs", TARGETS) == expected


def test_links_in_posts_only_with_collections_true(logbook_broadsheet: Path,
                                                   handbook_broadsheet: Path) -> None:
    logbook_post = (logbook_broadsheet / "2025/05/01/night-crossing.html").read_text()
    assert 'href="../notes/weather.md"' in logbook_post
    handbook_post = (handbook_broadsheet / "notices/2025/04/02/spring-tides.html").read_text()
    assert 'href="/handbook/docs/tides.html#spring"' in handbook_post


def test_excluded_pages_keep_their_links(logbook_broadsheet: Path) -> None:
    private = (logbook_broadsheet / "notes/private-radio.html").read_text()
    assert 'href="weather.md"' in private
    weather = (logbook_broadsheet / "notes/weather.html").read_text()
    assert 'href="/notes/private-radio.html"' in weather


def test_links_made_by_liquid_are_left_alone(handbook_broadsheet: Path) -> None:
    html = (handbook_broadsheet / "docs/getting-started.html").read_text()
    assert '<a href="install.md">install again</a>' in html
    assert "[install](/handbook/docs/install.html)" in html  # inside code: rewritten


def test_relative_links_can_be_turned_off(tmp_path: Path) -> None:
    out = _site(tmp_path, {"_config.yml": PLUGINS + "relative_links: {enabled: false}\n",
                           **LAYOUT, "a.md": "[b](b.md)\n", "b.md": "# B\n"})
    assert 'href="b.md"' in (out / "a.html").read_text()
