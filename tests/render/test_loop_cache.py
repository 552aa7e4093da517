"""A loop body rendered once per post and reused must give every page what rendering it
again would: pages listing the same posts at other positions, in other loops, with other
filters, and bodies that read more than their post, which must not be reused at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.build import BuildOptions, build
from broadsheet.render import loop_cache
from tests.conftest import write_tree

LIST_BODIES = {
    # kept: only the post's values, through filters that depend on nothing else
    "plain": "{% for post in posts %}<li>{{ post.date | date: '%b %-d, %Y' }} "
             "<a href='{{ post.url | relative_url }}'>{{ post.title | escape }}</a></li>"
             "{% endfor %}",
    "args": "{% for post in posts %}[{{ post.title | upcase | truncate: 9 | append: '!' }}"
            "{{ post.tags | join: ',' }}{{ post.missing | default: 'none' }}]{% endfor %}",
    # not kept: each reads something besides the post
    "index": "{% for post in posts %}{{ forloop.index }}:{{ post.title }};{% endfor %}",
    "page": "{% for post in posts %}{{ page.title }}/{{ post.title }};{% endfor %}",
    "assigned": "{% assign sep = page.sep %}{% for post in posts %}{{ post.title }}{{ sep }}"
                "{% endfor %}",
    "tagged": "{% for post in posts %}{% if post.tags contains 'a' %}A{% endif %}"
              "{{ post.title }};{% endfor %}",
    "output": "{% for post in posts %}{{ post.output | size }};{% endfor %}",
    "nested": "{% for post in posts %}{% for tag in post.tags %}{{ tag }}{% endfor %};"
              "{% endfor %}",
}


def _site(root: Path) -> Path:
    """Pages listing posts through each body, in layouts the pages share (where kept
    outputs are reused), each page choosing which posts, in which order."""
    choose = ("{% case page.which %}{% when 'reversed' %}{% assign posts = site.posts | reverse %}"
              "{% when 'tagged' %}{% assign posts = site.tags.a %}"
              "{% when 'some' %}{% assign posts = site.posts | slice: 3, 5 %}"
              "{% else %}{% assign posts = site.posts %}{% endcase %}")
    files: dict[str, str | bytes] = {
        "_config.yml": "timezone: UTC\nbaseurl: /news\n",
        "_layouts/post.html": "<article>{{ content }}</article>\n",
    }
    for body_name, body in LIST_BODIES.items():
        files[f"_layouts/{body_name}.html"] = f"<h1>{{{{ page.title }}}}</h1>\n{choose}{body}\n"
        for which in ("all", "reversed", "tagged", "some"):
            files[f"{body_name}/{which}.html"] = (
                f"---\nlayout: {body_name}\ntitle: {which}\nwhich: {which}\nsep: '|'\n---\n")
    for n in range(12):
        tags = ["a", "b"][: n % 3]
        files[f"_posts/2025-04-{n + 1:02d}-story-{n}.md"] = (
            f"---\nlayout: post\ntitle: \"Story <{n}> & more\"\ntags: {tags}\n---\nText {n}.\n")
    return write_tree(root, files)


def _tree(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): path.read_text()
            for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("jobs", [1, 2])
def test_pages_are_what_rendering_every_iteration_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    source = _site(tmp_path / "site")
    build(BuildOptions(source=source, destination=tmp_path / "kept", jobs=jobs))
    with monkeypatch.context() as patched:
        patched.setattr(loop_cache.LoopOutputs, "outputs_of", lambda self, node: None)
        build(BuildOptions(source=source, destination=tmp_path / "every", jobs=jobs))
    kept, every = _tree(tmp_path / "kept"), _tree(tmp_path / "every")
    assert kept.keys() == every.keys()
    for name, text in every.items():
        assert kept[name] == text, name
    # what the bodies read shows on the pages
    assert "<a href='/news/2025/04/03/story-2.html'>Story &lt;2&gt; &amp; more</a>" in (
        kept["plain/all.html"])
    assert "1:Story <11> & more;2:Story <10>" in kept["index/all.html"]
    assert "1:Story <0> & more;2:Story <1>" in kept["index/reversed.html"]
    assert "reversed/Story <0>" in kept["page/reversed.html"]


def test_only_bodies_reading_nothing_but_their_post_are_kept(tmp_path: Path) -> None:
    from liquid.builtin.tags.for_tag import ForNode

    from broadsheet.build import load_site
    from broadsheet.config import load_config
    from broadsheet.render.renderer import Renderer

    source = _site(tmp_path / "site")
    renderer = Renderer(load_site(load_config(source, tmp_path / "out", None, {})))
    outputs = renderer.env.loop_outputs  # type: ignore[attr-defined]
    kept = {}
    for body_name, body in LIST_BODIES.items():
        template = renderer.env.parse_template(body, body_name)
        (loop,) = [node for node in template.nodes if isinstance(node, ForNode)]
        kept[body_name] = outputs.outputs_of(loop) is not None
    assert kept == {body: body in ("plain", "args") for body in LIST_BODIES}


def test_a_filter_a_plugin_replaced_is_not_trusted(tmp_path: Path) -> None:
    from broadsheet.build import load_site
    from broadsheet.config import load_config
    from broadsheet.render.renderer import Renderer

    source = _site(tmp_path / "site")
    site = load_site(load_config(source, tmp_path / "out", None, {}))
    renderer = Renderer(site)
    calls: list[str] = []

    def shouting(value: object) -> str:
        calls.append(str(value))
        return str(value).upper()

    renderer.env.add_filter("escape", shouting)
    for doc in site.pages:
        if doc.url.startswith("/plain/"):
            renderer.render(doc)
    assert len(calls) == 12 + 12 + 8 + 5  # every iteration of every page called it
    assert renderer.env.loop_outputs.kept == 0  # type: ignore[attr-defined]
