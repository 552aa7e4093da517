"""The include cache reuses an include's output only when nothing it read has changed.

Each test renders pages whose includes would go wrong if a cached output were reused
blindly: output that depends on the page, assigns that leak into the page, parameters of
nested includes, counters and cycles. The expected text is what Jekyll gives (each of
these constructs is also covered against real Jekyll by the compat suite).
"""

from __future__ import annotations

from pathlib import Path

from broadsheet.build import BuildOptions, build, load_site
from broadsheet.config import load_config
from broadsheet.render.renderer import Renderer
from tests.conftest import write_tree

INCLUDES = {
    "nav.html": (
        "{% for p in site.pages %}{% if p.title %}"
        "<a{% if p.url == page.url %} class=\"on\"{% endif %}>{{ p.title }}</a>"
        "{% endif %}{% endfor %}"
    ),
    "footer.html": "<footer>{{ site.title }} · {{ site.pages.size }} pages</footer>",
    "greet.html": "{% assign greeting = 'hello ' | append: include.name %}",
    "outer.html": "[{% include inner.html word=include.word %}]",
    "inner.html": "<{{ include.word | upcase }}>",
    "counter.html": "{% increment hits %}",
    "cycle.html": "{% cycle 'odd', 'even' %}",
    "shadow.html": "{% assign label = label | append: '!' %}{{ label }}",
}
PAGE = (
    "---\ntitle: {title}\n---\n"
    "{{% include nav.html %}}\n"
    "{{% include greet.html name='ann' %}}{{{{ greeting }}}} "
    "{{% include greet.html name='bo' %}}{{{{ greeting }}}}\n"
    "{{% include outer.html word='one' %}}{{% include outer.html word='two' %}}\n"
    "{{% include counter.html %}}{{% include counter.html %}}\n"
    "{{% include cycle.html %}} {{% include cycle.html %}}\n"
    "{{% assign label = page.title %}}{{% include shadow.html %}} {{% include shadow.html %}}\n"
    "{{% include footer.html %}}\n"
)


def make_site(root: Path) -> Path:
    (root / "_includes").mkdir(parents=True)
    (root / "_layouts").mkdir()
    (root / "_layouts" / "plain.html").write_text("{{ content }}")  # no bundled theme
    (root / "_config.yml").write_text("title: Include Test\n")
    for name, text in INCLUDES.items():
        (root / "_includes" / name).write_text(text)
    for title in ("Alpha", "Beta", "Gamma"):
        (root / f"{title.lower()}.html").write_text(PAGE.format(title=title))
    return root


def test_each_page_gets_what_its_own_render_would_give(tmp_path: Path) -> None:
    source = make_site(tmp_path / "site")
    build(BuildOptions(source=source, destination=tmp_path / "out", jobs=1))
    for title in ("Alpha", "Beta", "Gamma"):
        lines = (tmp_path / "out" / f"{title.lower()}.html").read_text().splitlines()
        assert lines[0].count('class="on"') == 1
        assert f'<a class="on">{title}</a>' in lines[0]
        assert lines[1] == "hello ann hello bo"
        assert lines[2] == "[<ONE>][<TWO>]"
        assert lines[3] == "01"
        assert lines[4] == "odd even"
        assert lines[5] == f"{title}! {title}!!"
        assert lines[6] == "<footer>Include Test · 3 pages</footer>"


def test_an_include_that_reads_only_the_site_is_rendered_once(tmp_path: Path) -> None:
    source = make_site(tmp_path / "site")
    config = load_config(source, tmp_path / "out", None, {})
    site = load_site(config)
    renderer = Renderer(site)
    for doc in site.pages:
        renderer.render(doc)
    stats = {path.name: renderer.env.include_cache._stats[id(template)]  # type: ignore[union-attr]
             for path, template in renderer.env._includes.items()}
    assert (stats["footer.html"].misses, stats["footer.html"].hits) == (1, 2)
    assert stats["nav.html"].hits == 0  # it shows which page is current
    assert stats["counter.html"].entries == 0  # counters cannot be replayed


def test_every_card_rendered_once_is_reused_by_every_listing(tmp_path: Path) -> None:
    """Twenty posts' cards, shown on a front page and again on a section page: each card
    renders once (the cache is not limited to a dozen renders of an include), and the
    listings show every title."""
    root = tmp_path / "site"
    (root / "_includes").mkdir(parents=True)
    (root / "_layouts").mkdir()
    (root / "_layouts" / "plain.html").write_text("{{ content }}")
    (root / "_config.yml").write_text("title: Cards\n")
    (root / "_includes" / "card.html").write_text(
        "<li>{{ include.post.title }} ({{ include.style }})</li>")
    (root / "_posts").mkdir()
    for day in range(1, 21):
        (root / "_posts" / f"2025-03-{day % 28 + 1:02d}-story-{day}.md").write_text(
            f"---\nlayout: plain\ntitle: Story {day}\n---\nBody {day}.\n")
    listing = ("---\nlayout: plain\n---\n{% for p in site.posts %}"
               "{% include card.html post=p style='row' %}{% endfor %}\n")
    (root / "index.html").write_text(listing)
    (root / "section.html").write_text(listing)
    config = load_config(root, tmp_path / "out", None, {})
    site = load_site(config)
    renderer = Renderer(site)
    front, section = (renderer.render(page) for page in site.pages)
    assert front == section and front.count("<li>") == 20 and "Story 17 (row)" in front
    (template,) = renderer.env._includes.values()
    stats = renderer.env.include_cache._stats[id(template)]  # type: ignore[union-attr]
    assert (stats.misses, stats.hits) == (20, 20)


def test_paths_into_the_site_are_read_once_and_the_pages_own_still_decide(
        tmp_path: Path, monkeypatch) -> None:
    """A branch of the trie that read ``site.title`` goes where it went before without
    reading it again (the payload does not change while pages render); what a page reads
    of itself is read every time, and a new value of it still makes a new render."""
    from broadsheet.render.include_cache import SiteContext

    kinds = ["a", "b", "a", "c", "b", "a"]
    root = write_tree(tmp_path / "site", {
        "_layouts/plain.html": "{% include tag.html %}",
        "_config.yml": "title: Memo\n",
        "_includes/tag.html": "{{ site.title }}|{{ site.missing }}|"
                              "{{ site.data.kinds[page.kind] }}|{{ page.kind }}",
        "_data/kinds.yml": "a: Apple\nb: Banana\n",
        **{f"p{number}.html": f"---\nlayout: plain\nkind: {kind}\n---\n"
           for number, kind in enumerate(kinds)},
    })
    reads: list[tuple[object, ...]] = []
    original = SiteContext.lookup

    def lookup(self, path, root=None):
        reads.append(path)
        return original(self, path) if root is None else original(self, path, root)

    monkeypatch.setattr(SiteContext, "lookup", lookup)
    config = load_config(root, tmp_path / "out", None, {})
    site = load_site(config)
    renderer = Renderer(site)
    pages = sorted(site.pages, key=lambda page: page.relative_path)
    names = {"a": "Apple", "b": "Banana", "c": ""}
    for page, kind in zip(pages, kinds, strict=True):
        assert renderer.render(page) == f"Memo||{names[kind]}|{kind}"
    (template,) = renderer.env._includes.values()
    stats = renderer.env.include_cache._stats[id(template)]  # type: ignore[union-attr]
    assert (stats.misses, stats.hits) == (3, 3)
    assert reads.count(("site", "title")) == 1  # the second page's find; then remembered
    assert reads.count(("page", "kind")) == 5
