"""A plain line of text skips the Markdown parser, and gets exactly what the parser gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.render.markdown import _options, convert
from broadsheet.render.markdown._render import Renderer

LINE = st.text(alphabet="abcXYZ019 ,.;:?!()/%=+@-'\"*_#>[]&<", min_size=1, max_size=24)


def parsed(text: str) -> str:
    return Renderer(_options(None)).document(text)


@settings(max_examples=3000, deadline=None)
@given(LINE)
def test_convert_equals_the_parser_on_any_short_line(text: str) -> None:
    assert convert(text) == parsed(text)


def test_lines_that_look_plain_but_are_not_get_what_the_parser_gives() -> None:
    assert convert("Harbour board delays the ferry vote, again") == (
        "<p>Harbour board delays the ferry vote, again</p>\n")
    for text in ("1. First", "- item", "+ item", "Wait... what", "Pages 10--12",
                 "Ends with space ", "# Heading", "> quote", "It's here"):
        assert convert(text) == parsed(text) != f"<p>{text}</p>\n"
