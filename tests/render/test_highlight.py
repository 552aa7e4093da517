"""Rouge-shaped highlighting: the two HTML shapes Jekyll produces, checked against Rouge."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from broadsheet.render.highlight import (
    format_tokens,
    highlight_block,
    highlight_fenced,
    highlight_tag,
    rouge_tag,
)

RUBY = 'def greet(name)\n  puts "Hello, #{name}" # say hi\nend\n'


def test_fenced_shape() -> None:
    out = highlight_fenced("x = 1\n", "ruby")
    assert out == (
        '<div class="language-ruby highlighter-rouge"><div class="highlight">'
        '<pre class="highlight"><code><span class="n">x</span> <span class="o">=</span> '
        '<span class="mi">1</span>\n</code></pre></div></div>\n'
    )


def test_fenced_plaintext_and_unknown_language() -> None:
    assert highlight_fenced("a < b\n", None) == (
        '<div class="language-plaintext highlighter-rouge"><div class="highlight">'
        '<pre class="highlight"><code>a &lt; b\n</code></pre></div></div>\n'
    )
    assert highlight_fenced("a < b\n", "nosuchlang") == (
        '<pre><code class="language-nosuchlang">a &lt; b\n</code></pre>\n'
    )


def test_fenced_indent_matches_kramdown_nesting() -> None:
    out = highlight_fenced("x\n", None, indent=4)
    assert out.startswith("    <div ") and out.endswith("</div>    </div>\n")


def test_tag_shape() -> None:
    assert highlight_tag("\nx = 1\n\n", "ruby") == (
        '<figure class="highlight"><pre><code class="language-ruby" data-lang="ruby">'
        '<span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>'
        "</code></pre></figure>"
    )
    assert highlight_block("x = 1", "ruby") == highlight_tag("x = 1", "ruby")


def test_tag_linenos() -> None:
    out = highlight_tag("a\nb", "text", linenos=True)
    assert out == (
        '<figure class="highlight"><pre><code class="language-text" data-lang="text">'
        '<table class="rouge-table"><tbody><tr><td class="gutter gl"><pre class="lineno">1\n2\n'
        '</pre></td><td class="code"><pre>a\nb\n</pre></td></tr></tbody></table>'
        "</code></pre></figure>"
    )


def test_rouge_names() -> None:
    assert rouge_tag("rb") == "ruby"
    assert rouge_tag("js") == "javascript"
    assert rouge_tag("python?foo=1") == "python"
    assert rouge_tag("Ruby") is None  # Rouge's lookup is case-sensitive
    assert rouge_tag("nosuchlang") is None


_LIVE = r"""
require "json"
require "jekyll"
site = Jekyll::Site.new(Jekyll.configuration({"quiet" => true}))
jobs = JSON.parse($stdin.read)
out = jobs.map do |code, lang, linenos|
  tag = "{% highlight #{lang}#{linenos ? ' linenos' : ''} %}" + code + "{% endhighlight %}"
  Liquid::Template.parse(tag).render!({}, registers: {site: site})
end
$stdout.write(JSON.generate(out))
"""

TAG_CASES: list[tuple[str, str, bool]] = [
    (RUBY, "ruby", False),
    (RUBY, "ruby", True),
    ("plain <text> & more\n", "text", False),
    ("x = 1\n", "nosuchlang", False),
    ('def f(x):\n    """Doc."""\n    return x + 1  # inc\n', "python", False),
    ("SELECT a, b FROM t WHERE x = 1;\n", "sql", False),
    ('{"a": [1, 2.5, true, null]}\n', "json", False),
    ("const a = [1, 'two']; // c\n", "javascript", False),
    ('echo "hi $USER" | grep -v foo > out.txt\n', "bash", False),
    ("title: News\nitems:\n  - one\n", "yaml", False),
    ("a { color: red; }\n", "css", False),
    ('<p class="x">Hi &amp; bye</p>\n', "html", False),
    ("$ jekyll build\n", "console", False),
]
# Pygments splits these languages into different spans than Rouge; only the text must match.
TEXT_ONLY_CASES: list[tuple[str, str, bool]] = [
    ("package main\n\nfunc main() {}\n", "go", False),
]


@pytest.mark.skipif(shutil.which("ruby") is None, reason="ruby not installed")
def test_tag_matches_live_jekyll() -> None:
    proc = subprocess.run(
        ["ruby", "-e", _LIVE],
        input=json.dumps(TAG_CASES + TEXT_ONLY_CASES),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if proc.returncode != 0:
        pytest.skip(f"jekyll unavailable: {proc.stderr[-200:]}")
    live = json.loads(proc.stdout)
    ours = [highlight_tag(code, lang, linenos=ln) for code, lang, ln in TAG_CASES]
    assert ours == live[: len(TAG_CASES)]
    spans = re.compile(r"</?span[^>]*>")
    for (code, lang, ln), theirs in zip(TEXT_ONLY_CASES, live[len(TAG_CASES) :], strict=True):
        assert spans.sub("", highlight_tag(code, lang, linenos=ln)) == spans.sub("", theirs)


# fixtures/highlight/NAME.txt holds code in the language NAME starts with, NAME.html what
# Rouge 3.30's HTML formatter makes of it (the span boundaries Jekyll's pages show).
HIGHLIGHT = Path(__file__).parent / "fixtures" / "highlight"
HIGHLIGHT_CASES = sorted(p.stem for p in HIGHLIGHT.glob("*.txt"))

_ROUGE = r"""
require "json"
require "rouge"
jobs = JSON.parse($stdin.read)
html = Rouge::Formatters::HTML.new
out = jobs.map { |lang, code| html.format(Rouge::Lexer.find(lang).new.lex(code)) }
$stdout.write(JSON.generate(out))
"""


def _highlight_case(name: str) -> tuple[str, str]:
    return name.rsplit("-", 1)[0], (HIGHLIGHT / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", HIGHLIGHT_CASES)
def test_highlight_fixture_matches_rouge_spans(name: str) -> None:
    lang, code = _highlight_case(name)
    expected = (HIGHLIGHT / f"{name}.html").read_text(encoding="utf-8")
    assert format_tokens(code, rouge_tag(lang)) == expected


@pytest.mark.skipif(shutil.which("ruby") is None, reason="ruby not installed")
def test_highlight_fixtures_match_live_rouge() -> None:
    jobs = [_highlight_case(name) for name in HIGHLIGHT_CASES]
    proc = subprocess.run(
        ["ruby", "-e", _ROUGE],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if proc.returncode != 0:
        pytest.skip(f"rouge unavailable: {proc.stderr[-200:]}")
    live = json.loads(proc.stdout)
    for name, theirs in zip(HIGHLIGHT_CASES, live, strict=True):
        assert (HIGHLIGHT / f"{name}.html").read_text(encoding="utf-8") == theirs, name
