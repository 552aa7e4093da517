"""Markdown to HTML the way Jekyll 4.3's kramdown (GFM input) writes it.

Why pyromark: pulldown-cmark (Rust, behind pyromark) parses far faster than any pure-Python
Markdown parser, and sites here have tens of thousands of posts. Its event stream is
CommonMark, not kramdown, so the work of matching Jekyll lives in our renderer:

* ``_pre``    rewrites kramdown-only syntax first (block IALs and ALDs, ``{:toc}``,
  abbreviations, HTML blocks that run past blank lines, ``markdown="1"|"span"|"block"``,
  a comment line such as ``<!--more-->`` or a rule-like ``***``/``---`` line that
  continues a paragraph in kramdown, pipes inside code spans of table rows); ``_math``
  takes ``$$`` math out before pulldown-cmark parses;
* ``_tree``   builds a block tree carrying source byte ranges;
* ``_render`` writes kramdown's block layout (two-space nesting, one newline per blank-line
  run, "transparent" first paragraphs in list items); ``_extras`` tables, footnotes,
  abbreviations and the TOC;
* ``_inline`` writes spans; ``_text`` replays kramdown's smart-quote/typographic scanners and
  its GFM header-id rule;
* ``rouge``   replays Rouge's lexing rules for the common languages, for
  ``broadsheet.render.highlight`` (it lives here because code blocks are where it shows).

Options honoured from the site's ``kramdown:`` section: ``auto_ids``, ``auto_id_prefix``,
``footnote_nr``, ``smart_quotes``, ``hard_wrap``, ``toc_levels``. The rest are Jekyll's
defaults (``entity_output: as_char``, Rouge highlighting, ``input: GFM``).

Speed: about 2.8 MB/s on a mix of the test fixtures (paragraphs, lists, quotes, tables,
footnotes, HTML and highlighted code) and about 15 MB/s on plain news copy
(``bench/corpus.py``), CPython 3.11, one core.

Known differences from kramdown (none occurs in the test fixtures, which are byte-identical):

* the parse is CommonMark's, so kramdown-specific parsing edge cases differ: emphasis
  delimiter rules, lazy continuation lines, list-item content indentation, kramdown's own
  table syntax (rows without a separator line, ``|-`` footer/separator rows); a line
  starting with an unknown tag (``<custom-el>``) right after a paragraph line ends the
  paragraph in kramdown, and ``<?php``/``<!DOCTYPE`` there become escaped paragraph text;
  ``---`` directly under a list item's text is a heading inside the item in kramdown (a
  rule after the list here), and rule-like lines indented by one to three spaces after
  text are left to CommonMark;
* an indented code block followed directly by a comment line: kramdown joins the comment
  to the last code line with a space (``code &lt;!--more--&gt;``), which nobody wants
  copied; ours has it as a code line of its own;
* link titles keep backslash escapes in kramdown (``"Say \\"hi\\""`` gives ``\\&quot;``); we
  unescape them;
* numeric entities for ``& < >`` (``&#38;``) are written as named ones;
* ``{::options}``, ``{::comment}`` and the other extensions are ignored; span IALs apply to
  emphasis, links, images and code spans only (not to inline HTML);
* ``$$`` math that spans lines inside a paragraph stays text (blocks and one-line spans
  become MathJax's ``\\[...\\]`` and ``\\(...\\)``, as Jekyll's default math engine writes);
* kramdown keeps the leading spaces of a paragraph's continuation lines past the content
  column (``   more``); so do we, except inside block quotes and where tabs indent;
* a lone backtick between spaces is literal text in kramdown, and the backticks after it
  pair up differently from CommonMark's;
* image ``alt`` text is the raw source between the brackets;
* code in languages other than JS, JSON, CSS, HTML, shell (and shell sessions), YAML,
  Python and Ruby gets Pygments' token boundaries (see ``broadsheet.render.highlight``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from broadsheet.render.markdown._inline import close_void_tags
from broadsheet.render.markdown._plain import convert_plain
from broadsheet.render.markdown._render import Options, Renderer
from broadsheet.render.markdown._text import Typographer, char_output

__all__ = ["convert", "plain_line", "smartify"]

_OPTIONS_CACHE: dict[int, tuple[Mapping[str, Any] | None, Options]] = {}
_DEFAULT = Options({})


def _options(config: Mapping[str, Any] | None) -> Options:
    if not config:
        return _DEFAULT
    section = config.get("kramdown")
    cfg = section if isinstance(section, Mapping) else config
    key = id(cfg)
    hit = _OPTIONS_CACHE.get(key)
    if hit is not None and hit[0] is cfg:
        return hit[1]
    opts = Options(cfg)
    if len(_OPTIONS_CACHE) > 64:
        _OPTIONS_CACHE.clear()
    _OPTIONS_CACHE[key] = (cfg, opts)
    return opts


def convert(text: str, config: Mapping[str, Any] | None = None) -> str:
    """Render Markdown ``text`` to HTML exactly as Jekyll's kramdown converter would.

    ``config`` is the site configuration (its ``kramdown:`` section is used) or that
    section itself; None means Jekyll's defaults.
    """
    if plain_line(text):
        return f"<p>{text}</p>\n"  # what the parser gives one plain line, far faster
    opts = _options(config)
    html = convert_plain(text, opts)
    return html if html is not None else Renderer(opts).document(text)


# One line of ASCII words and punctuation that no Markdown or kramdown rule touches — no
# emphasis, code, links, HTML, entities, quotes, math, tables, IALs, escapes — and that no
# block rule can take for a list, heading, quote, definition or indented code. Titles and
# descriptions are mostly such lines, and themes markdownify them on every page.
_PLAIN_LINE = re.compile(r"(?![-+:\d])[A-Za-z0-9][A-Za-z0-9 ,.;:?!()/%=+@-]*(?<! )")


def plain_line(text: str) -> bool:
    """Whether ``text`` is one such line: Markdown makes it ``<p>text</p>`` and nothing
    more."""
    return _PLAIN_LINE.fullmatch(text) is not None and "--" not in text and "..." not in text


_SMARTY_SPLIT = re.compile(
    r"((?<!<)<[A-Za-z/!?][^>]*>(?!>)|&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#x[0-9a-fA-F]+);)"
)
_SMARTY_TYPO = Typographer(None)


def smartify(text: str) -> str:
    """Jekyll's ``smartify`` filter: kramdown's SmartyPants pass over a plain string.

    Quotes, dashes and ellipses become typographic characters; ``& < >`` are escaped; HTML
    tags and entities pass through (``&amp;``-style entities for ``& < >`` are kept, other
    entities become characters). The trailing newline is chomped, as Jekyll does.
    """
    import html as _html

    out: list[str] = []
    for i, piece in enumerate(_SMARTY_SPLIT.split(str(text))):
        if not piece:
            continue
        if i % 2 == 0:
            out.append(_SMARTY_TYPO.run(piece)[0])
        elif piece[0] == "<":
            out.append(close_void_tags(piece))
        else:
            ch = _html.unescape(piece)
            out.append(piece if ch in "<>&" or len(ch) != 1 else char_output(ch))
    result = "".join(out)
    return result[:-1] if result.endswith("\n") else result
