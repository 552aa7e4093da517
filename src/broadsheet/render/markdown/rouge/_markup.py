"""CSS and HTML as Rouge 3.30 lexes them (``lexers/css.rb``, ``lexers/html.rb``).

Rouge's CSS lexer knows its property names (``nl``, unknown ones ``py``) and value keywords;
its HTML lexer keeps ``<`` with the tag name (``&lt;div``), ``class=`` whole as ``na``, and
hands ``<script>`` and ``<style>`` bodies to the JavaScript and CSS lexers, which keep their
state from one piece of a body to the next.
"""

from __future__ import annotations

import re

from broadsheet.render.markdown.rouge._css_words import COLOURS, KEYWORDS, PROPERTIES
from broadsheet.render.markdown.rouge._engine import Lexer, mixin, words
from broadsheet.render.markdown.rouge._javascript import Javascript

_ID = r"(?:[^\W\d]|[_-])[\w-]*"
_NUMBER = r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
_UNITS = (
    "em|px|pt|pc|in|mm|cm|ex|rem|ch|vw|vh|vmin|vmax|dpi|dpcm|dppx|deg|grad|rad|turn|s|ms|Hz|kHz"
)
_VENDOR = tuple(
    sorted(words("-ah- -atsc- -hp- -khtml- -moz- -ms- -o- -rim- -ro- -tc- -wap- -webkit- -xv-"))
) + ("mso-", "prince-")


def _property(lx: Lexer, m: re.Match[str]) -> None:
    name = m.group(1)
    known = name in PROPERTIES or name.startswith(_VENDOR)
    lx.token("nl" if known else "py", name)
    lx.token("", m.group(2))
    lx.token("p", m.group(3))
    lx.push("stanza_value")


def _value_word(lx: Lexer, m: re.Match[str]) -> None:
    word = m.group()
    lx.token("no" if word in COLOURS else "nb" if word in KEYWORDS else "n", word)


class Css(Lexer):
    states = {
        "root": [
            mixin("basics"),
            (r"{", "p", "stanza"),
            (rf":[:]?{_ID}", "nd"),
            (rf"\.{_ID}", "nc"),
            (rf"#{_ID}", "nf"),
            (rf"@{_ID}", "k", "at_rule"),
            (_ID, "nt"),
            (r"[~^*!%&\[\]()<>|+=@:;,./?-]", "o"),
            (r'"(\\\\|\\"|[^"])*"', "s1"),
            (r"'(\\\\|\\'|[^'])*'", "s2"),
        ],
        "value": [
            mixin("basics"),
            (r"url\(.*?\)", "sx"),
            (r"(?i)#[0-9a-f]{1,6}", "m"),
            (rf"{_NUMBER}(?:%|(?:{_UNITS})\b)?", "m"),
            (r"[\[\]():/.,]", "p"),
            (r'"(\\\\|\\"|[^"])*"', "s1"),
            (r"'(\\\\|\\'|[^'])*'", "s2"),
            (_ID, _value_word),
        ],
        "at_rule": [
            (rf"{{(?=\s*{_ID}\s*:)", "p", "at_stanza"),
            (r"{", "p", "at_body"),
            (r";", "p", "#pop"),
            mixin("value"),
        ],
        "at_body": [mixin("at_content"), mixin("root")],
        "at_stanza": [mixin("at_content"), mixin("stanza")],
        "at_content": [(r"}", "p", "#pop2")],
        "basics": [(r"\s+", ""), (r"(?s)/\*(?:.*?)\*/", "c")],
        "stanza": [
            mixin("basics"),
            (r"}", "p", "#pop"),
            (rf"({_ID})(\s*)(:)", _property),
        ],
        "stanza_value": [
            (r";", "p", "#pop"),
            (r"(?=})", "", "#pop"),
            (r"!\s*important\b", "cp"),
            (r"^@.*?$", "cp"),
            mixin("value"),
        ],
    }


_NAME = r"(?:[^\W\d]|[:_-])[\w:.\u00b7-]*"


def _script(lx: Lexer, m: re.Match[str]) -> None:
    _embed(lx, m, Javascript(), "script_content")


def _style(lx: Lexer, m: re.Match[str]) -> None:
    _embed(lx, m, Css(), "style_content")


def _embed(lx: Lexer, m: re.Match[str], inner: Lexer, body: str) -> None:
    """Open ``<script``/``<style``: a fresh inner lexer, then the tag, then its body."""
    lx.token("nt", m.group())
    lx.embedded = inner  # type: ignore[attr-defined]
    lx.push(body)
    lx.push("tag")


def _delegate(lx: Lexer, m: re.Match[str]) -> None:
    lx.delegate(lx.embedded, m.group())  # type: ignore[attr-defined]


class Html(Lexer):
    states = {
        "root": [
            (r"[^<&]+", ""),
            (r"&\S*?;", "ni"),
            (r"(?is)<!DOCTYPE .*?>", "cp"),
            (r"(?s)<!\[CDATA\[.*?\]\]>", "cp"),
            (r"<!--", "c", "comment"),
            (r"(?s)<\?.*?\?>", "cp"),
            (r"<\s*script\s*", _script),
            (r"<\s*style\s*", _style),
            (r"</", "nt", "tag_end"),
            (r"<", "nt", "tag_start"),
        ],
        "tag_end": [mixin("tag_end_end"), (_NAME, "nt", "@tag_end_end")],
        "tag_end_end": [(r"\s+", ""), (r">", "nt", "#pop")],
        "tag_start": [(r"\s+", ""), (_NAME, "nt", "@tag"), (r"", "", "@tag")],
        "comment": [(r"[^-]+", "c"), (r"-->", "c", "#pop"), (r"-", "c")],
        "tag": [
            (r"\s+", ""),
            (r"(?:[^\W\d]|[:_\[\]()*.-])[\w:.\u00b7\[\]()*-]*\s*=\s*", "na", "attr"),
            (r"(?:[^\W\d]|[:_*#-])[\w:.\u00b7*#-]*", "na"),
            (r"/?\s*>", "nt", "#pop"),
        ],
        "attr": [(r'"', "s", "@dq"), (r"'", "s", "@sq"), (r"[^\s>]+", "s", "#pop")],
        "dq": [(r'"', "s", "#pop"), (r'[^"]+', "s")],
        "sq": [(r"'", "s", "#pop"), (r"[^']+", "s")],
        "script_content": [
            (r"[^<]+", _delegate),
            (r"<\s*/\s*script\s*>", "nt", "#pop"),
            (r"<", _delegate),
        ],
        "style_content": [
            (r"[^<]+", _delegate),
            (r"<\s*/\s*style\s*>", "nt", "#pop"),
            (r"<", _delegate),
        ],
    }
