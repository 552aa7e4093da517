"""A plain line of text skips the Markdown parser, and gets exactly what the parser gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.render.markdown import _options, convert
from broadsheet.render.markdown._render import Renderer
from broadsheet.render.markdown._text import _span_start

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


KRAMDOWN_SPAN_START = re.compile(r"""[^\\]?["']|--|\.\.\.|(?:\\| )?(?:<<|>>)""")


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="ab \\\"'-.<>\n", max_size=14), st.integers(0, 14))
def test_smart_quote_scan_starts_where_kramdowns_pattern_does(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    found = KRAMDOWN_SPAN_START.search(text, pos)
    assert _span_start(text, pos) == (-1 if found is None else found.start())
