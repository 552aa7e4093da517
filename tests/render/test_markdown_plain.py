"""Plain documents (paragraphs, quotes, headings) skip the parser and get what it gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.render.markdown import _options, convert
from broadsheet.render.markdown._plain import convert_plain
from broadsheet.render.markdown._render import Options, Renderer

# words and the punctuation the typographer works on, and now and then a character or a
# line start that must send a document down the general path
PLAIN_WORDS = [
    "council", "Harbour", "vote", "2025", "it's", "'quoted'", '"said"', "--", "---", "...",
    "(late)", "C#", "#tag", "é", "naïve", "東京", "-", "+", "=", "^", "@home", "50%", "a/b",
    "x!", "?", ";", ",", ":",
]
OTHER_WORDS = [
    "10.5", "3)", "1.", "*", "_x_", "`code`", "[link](x)", "<b>", "&amp;", "\\", "{: .x}",
    "$$", "~~", "|", ">",
]
WORDS = st.sampled_from(PLAIN_WORDS * 8 + OTHER_WORDS)
SPACES = st.sampled_from([" "] * 40 + ["  ", "\t"])
PREFIXES = st.sampled_from([""] * 40 + ["# ", "## ", "###### ", "> "] * 4 + [
    "####### ", " ", "#", ">", ">  ", "> > ", "- ", "    "])
SUFFIXES = st.sampled_from([""] * 20 + [" ", "  ", " #", "\t"])


@st.composite
def lines(draw: st.DrawFn) -> str:
    first = draw(st.sampled_from(["Council", "the", "'Late'", '"Yes"', "(So)", "2025", "é"]))
    words = [first, *draw(st.lists(WORDS, max_size=6))]
    text = "".join(word + draw(SPACES) for word in words[:-1]) + words[-1]
    return draw(PREFIXES) + text + draw(SUFFIXES)


DOCUMENTS = st.lists(st.one_of(lines(), st.just("")), max_size=10).map("\n".join).flatmap(
    lambda body: st.sampled_from(["", "\n", "\n\n", "\n\n\n"]).map(
        lambda end: body + end))
OPTIONS = st.sampled_from([
    {}, {"auto_ids": False}, {"auto_id_prefix": "p-"}, {"smart_quotes": "apos,apos,quot,quot"},
    {"hard_wrap": True},
])


def parsed(text: str, config: dict[str, object]) -> str:
    return Renderer(Options(config)).document(text)


@settings(max_examples=4000, deadline=None)
@given(DOCUMENTS, OPTIONS)
def test_plain_documents_get_what_the_parser_gives(text: str, config: dict[str, object]
                                                   ) -> None:
    html = convert_plain(text, Options(config))
    if html is not None:
        assert html == parsed(text, config)
    assert convert(text, config) == parsed(text, config)


def test_news_copy_takes_the_plain_path() -> None:
    text = ("Councillors voted 7--2 to delay the ferry timetable... again.\n"
            "The harbour board said it's \"disappointed\".\n\n"
            "## What happens next\n\n"
            "A new vote is due in 2026 (probably in March).\n\n"
            "## What happens next\n"
            "Residents may write to the board.\n\n"
            '> "We will listen," the chair said.\n'
            "> 'Every letter counts.'\n")
    html = convert_plain(text, _options(None))
    assert html == parsed(text, {})
    assert html == (
        "<p>Councillors voted 7–2 to delay the ferry timetable… again.\n"
        "The harbour board said it’s “disappointed”.</p>\n\n"
        '<h2 id="what-happens-next">What happens next</h2>\n\n'
        "<p>A new vote is due in 2026 (probably in March).</p>\n\n"
        '<h2 id="what-happens-next-1">What happens next</h2>\n'
        "<p>Residents may write to the board.</p>\n\n"
        "<blockquote>\n  <p>“We will listen,” the chair said.\n"
        "‘Every letter counts.’</p>\n</blockquote>\n")


def test_documents_with_markup_or_block_syntax_are_left_to_the_parser() -> None:
    for text in ("A *word*.", "A line\n- item", "Text\n===", "Text\n  indented", "10. Ten",
                 "# Closed #", "Tab\there", "Para\n: definition", "Ends with space \nnext",
                 "Line\n> quote", "> quote\nlazy line", ">> nested", "Hard wrap"):
        options = Options({"hard_wrap": True}) if text == "Hard wrap" else _options(None)
        assert convert_plain(text, options) is None, text
