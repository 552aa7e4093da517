"""python-liquid with the allocation-free variable reads and block loop gives what it gave
before: nested paths, blank blocks and tags a partial may not use."""

from __future__ import annotations

import liquid
import pytest
from liquid import DictLoader
from liquid.exceptions import DisabledTagError, LiquidError

import broadsheet.render.liquid_speed  # noqa: F401  (applies the patches)


def render(source: str, **data: object) -> str:
    return liquid.Environment().from_string(source).render(**data)


def test_paths_with_and_without_nested_paths() -> None:
    data = {"authors": {"ann": {"name": "Ann Lee"}}, "page": {"author": "ann", "tags": ["a"]}}
    assert render("{{ authors[page.author].name }}|{{ page.tags.size }}|{{ page.tags[0] }}",
                  **data) == "Ann Lee|1|a"
    assert render("[{{ page.missing.deeper }}]", **data) == "[]"


def test_blank_blocks_still_print_nothing() -> None:
    assert render("{% if true %}  {% assign x = 1 %}  {% endif %}{{ x }}") == "1"


def test_a_rendered_partial_still_may_not_include() -> None:
    partial = "{% if true %}{% include 'other' %}{% endif %}"  # inside a block
    env = liquid.Environment(loader=DictLoader({"part": partial, "other": "x"}))
    with pytest.raises(DisabledTagError):
        env.from_string("{% render 'part' %}").render()


def test_filters_without_arguments_still_report_a_wrong_call_by_name() -> None:
    assert render("{{ 'a<b' | escape }}|{{ 'abc' | upcase }}") == "a&lt;b|ABC"
    with pytest.raises(LiquidError, match="plus"):
        render("{{ 1 | plus }}")


def test_names_match_plain_keys_both_ways() -> None:
    from liquid.builtin.expressions.primitive import Identifier

    name = Identifier("title", token=None)  # type: ignore[arg-type]
    assert {"title": 1}[name] == 1 and {name: 2}["title"] == 2 and name == "title"
    assert render("{% assign title = 'A' %}{% for x in list %}{{ title }}{{ x }}{% endfor %}",
                  list=[1, 2]) == "A1A2"
