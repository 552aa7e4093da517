"""Ruby Liquid 5.4 + Jekyll's meaning of ``empty``, ``blank`` and ``{{ value }}``.

Each expectation was read off real Jekyll 4.3 output (the compat suite's ``liquid`` site,
``empty.html``), so these pin the behaviour without building a site.
"""

from __future__ import annotations

import liquid
import pytest

import broadsheet.render.liquid_semantics  # noqa: F401  (applies the patches)


def render(source: str, **data: object) -> str:
    return liquid.Environment().from_string(source).render(**data)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", "yes"), ([], "yes"), ({}, "yes"), ("  ", "no"), (0, "no"), (None, "no"),
     (False, "no"), ("x", "no")],
)
def test_equal_to_empty_asks_empty(value: object, expected: str) -> None:
    assert render("{% if v == empty %}yes{% else %}no{% endif %}", v=value) == expected


@pytest.mark.parametrize("value", ["", "  ", [], None, "text"])
def test_nothing_equals_blank_in_jekyll(value: object) -> None:
    assert render("{% if v == blank %}yes{% else %}no{% endif %}", v=value) == "no"
    assert render("{% if v != blank %}yes{% else %}no{% endif %}", v=value) == "yes"


def test_empty_is_not_empty_itself() -> None:
    assert render("{% if empty == empty %}yes{% else %}no{% endif %}") == "no"


def test_empty_and_blank_are_allowed_as_filter_arguments() -> None:
    assert render('[{{ "abc" | append: empty }}][{{ nil | default: blank }}]') == "[abc][]"
    assert render('{{ "a" | default: empty }}') == "a"


def test_case_when_empty() -> None:
    source = "{% case v %}{% when empty %}E{% when blank %}B{% else %}O{% endcase %}"
    assert render(source, v="") == "E"
    assert render(source, v=[1]) == "O"


def test_output_prints_like_ruby() -> None:
    out = render("{{ a }}|{{ h }}|{{ f }}|{{ r }}", a=[1, None, [2, "x"]], h={"a": 1},
                 f=1e20, r=range(1, 4))
    assert out == '12x|{"a"=>1}|1.0e+20|1..3'
