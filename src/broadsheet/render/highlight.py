"""Rouge-shaped syntax highlighting.

Jekyll highlights with Rouge, and its pages show Rouge's span boundaries. For the languages
news sites show most (JavaScript, JSON, CSS, HTML, shell and shell sessions, YAML) we replay
Rouge 3.30's own lexing rules (``broadsheet.render.markdown.rouge``); for Python and Ruby,
Pygments' tokens adjusted to Rouge's; for the rest, Pygments' lexers, whose short class
names (``k``, ``nf``, ``s2``...) are the ones Rouge writes. Either way the tokens are
formatted the way Rouge's HTML formatter does: only ``& < >`` escaped, plain text
unwrapped, adjacent tokens of one type merged. Which languages count as known follows
Rouge 3.30's lexer list (an unknown fence language gets kramdown's plain
``<pre><code class="language-x">``).

Two shapes, as Jekyll produces them:

* ``highlight_fenced`` — fenced/indented code in Markdown (kramdown + Rouge):
  ``<div class="language-ruby highlighter-rouge"><div class="highlight"><pre class="highlight">
  <code>...</code></pre></div></div>``;
* ``highlight_tag`` — the ``{% highlight ruby [linenos] %}`` Liquid tag:
  ``<figure class="highlight"><pre><code class="language-ruby" data-lang="ruby">...</code>
  </pre></figure>`` (with ``linenos``, Rouge's ``HTMLTable`` layout inside ``<code>``).

Known difference: languages lexed by Pygments (everything but the nine above) can split
spans differently from Rouge, while the escaped text inside ``<code>`` is always identical;
SQL and plain text are byte-identical too.
"""

from __future__ import annotations

from functools import lru_cache
from types import ModuleType

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import (
    STANDARD_TYPES,
    Text,
    Whitespace,
    _TokenType,
)
from pygments.util import ClassNotFound

_ROUGE_LEXERS = (
    "abap actionscript:as,as3 ada apache apex apiblueprint:apib applescript armasm augeas:aug "
    "awk batchfile:bat,batch,dosbatch,winbatch bbcbasic bibtex:bib biml bpf brainfuck "
    "brightscript:brs,bs bsl c ceylon cfscript:cfc clean clojure:clj,cljs cmake cmhg "
    "coffeescript:coffee,coffee-script common_lisp:cl,common-lisp,elisp,emacs-lisp,lisp "
    "conf:config,configuration console:shell-session,shell_session,terminal coq cpp:c++ "
    "crystal:cr csharp:c#,cs css csvs cuda cypher cython:pyrex,pyx d:dlang dafny dart "
    "datastudio diff:patch,udiff digdag docker:Dockerfile,dockerfile dot ecl eex:heex,leex "
    "eiffel elixir:exs elm email:e-mail,eml epp erb:eruby,rhtml erlang:erl escape:esc factor "
    "fluent:ftl fortran freefem:ff fsharp gdscript:gd ghc-cmm:cmm ghc-core "
    "gherkin:behat,cucumber glsl go:golang gradle graphql groovy hack:hh haml:HAML "
    "handlebars:hbs,mustache haskell:hs haxe:hx hcl hlsl hocon hql html http hylang:hy idlang "
    "idris:idr igorpro ini io irb:pry irb_output isabelle:Isabelle,isa isbl j janet:jdn java "
    "javascript:js jinja:django jsl json json-doc:jsonc jsonnet jsp jsx:react julia:jl kotlin "
    "lasso:lassoscript lean liquid literate_coffeescript:litcoffee "
    "literate_haskell:lhaskell,lhs,lithaskell livescript:ls llvm lua lustre lutin m68k magik "
    "make:bsdmake,gnumake,makefile,mf markdown:md,mkd mason mathematica:wl matlab:m meson "
    "minizinc moonscript:moon mosel msgtrans mxml nasm nesasm:nes nginx nial nim:nimrod "
    "nix:nixos objective_c:obj-c,obj_c,objc,objectivec "
    "objective_cpp:obj-c++,obj-cpp,obj_c++,obj_cpp,objc++,objcpp,objectivec++,objectivecpp "
    "ocaml ocl:OCL openedge opentype_feature_file:fea,opentype,opentypefeature pascal perl:pl "
    "php:php3,php4,php5 plaintext:text plist plsql pony postscript:eps,postscr,ps "
    "powershell:microsoftshell,msshell,posh praat prolog prometheus properties protobuf:proto "
    "puppet:pp python:py q:kdb+ qml r:R,S,s racket reasonml rego rescript "
    "robot_framework:robot,robot-framework ruby:rb "
    "rust:rs,rs,ignore,rs,no_run,rs,should_panic,rust,ignore,rust,no_run,rust,should_panic sas "
    "sass scala scheme scss sed shell:bash,ksh,sh,zsh sieve slice slim smalltalk:squeak,st "
    "smarty sml:ml solidity sparql sqf sql ssh stan stata supercollider swift systemd:unit-file "
    "syzlang syzprog tap tcl terraform:tf tex:LaTeX,TeX,latex toml tsx ttcn3 tulip turtle twig "
    "typescript:ts vala vb:visualbasic vcl:varnish,varnishconf velocity verilog vhdl "
    "viml:ex,vim,vimscript vue:vuejs wollok xml xojo:realbasic xpath xquery yaml:yml yang "
    "zig:zir "
)
_PYGMENTS_NAME = {
    "plaintext": "text",
    "json-doc": "json",
    "gradle": "groovy",
    "hack": "php",
    "irb_output": "text",
    "plsql": "sql",
    "robot_framework": "robotframework",
    "literate_coffeescript": "coffeescript",
    "eex": "html",
    "epp": "html",
    "hql": "sql",
    "conf": "text",
    "plist": "xml",
    "xpath": "xquery",
}


def _build_registry() -> dict[str, str]:
    names: dict[str, str] = {}
    for item in _ROUGE_LEXERS.split():
        tag, _, aliases = item.partition(":")
        names[tag] = tag
        for alias in aliases.split(","):
            if alias:
                names[alias] = tag
    return names


ROUGE_NAMES = _build_registry()
"""Every name Rouge's ``Lexer.find`` accepts (case-sensitive), mapped to its lexer tag."""


def rouge_tag(lang: str | None) -> str | None:
    """The Rouge lexer tag for a language name (``rb`` -> ``ruby``), or None if unknown."""
    if not lang:
        return None
    return ROUGE_NAMES.get(lang.split("?", 1)[0])


@lru_cache(maxsize=256)
def _lexer(tag: str) -> Lexer | None:
    names = [_PYGMENTS_NAME.get(tag, tag), tag.replace("_", "")]
    names += [a for a, t in ROUGE_NAMES.items() if t == tag]
    for name in names:
        try:
            return get_lexer_by_name(name.lower(), stripnl=False, ensurenl=False)
        except ClassNotFound:
            continue
    return None


@lru_cache(maxsize=512)
def _short(ttype: _TokenType) -> str:
    if ttype is Text or ttype in Whitespace or ttype is Text.Whitespace:
        return ""
    t = ttype
    while t not in STANDARD_TYPES:
        t = t.parent
    return STANDARD_TYPES[t]


_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


@lru_cache(maxsize=1)
def _rouge() -> ModuleType:
    """Our replay of Rouge's rules; imported late because the markdown package, which
    holds it, imports this module first."""
    from broadsheet.render.markdown import rouge

    return rouge


def format_tokens(code: str, tag: str | None) -> str:
    """Rouge ``Formatters::HTML`` output for ``code`` lexed as ``tag`` (plain if None)."""
    rouge = _rouge()
    rouge_lexer = rouge.ROUGE_RULES.get(tag) if tag else None
    if rouge_lexer is not None:
        out: list[str] = []
        for short, value in rouge.lex(rouge_lexer, code):
            val = value.translate(_ESC)
            out.append(f'<span class="{short}">{val}</span>' if short else val)
        return "".join(out)
    lexer = _lexer(tag) if tag and tag != "plaintext" else None
    if lexer is None:
        return code.translate(_ESC)
    # Some Pygments lexers (console sessions) drop a last line that has no newline.
    added = not code.endswith("\n")
    tokens = list(lexer.get_tokens(code + "\n" if added else code))
    if added and tokens and tokens[-1][1].endswith("\n"):
        tokens[-1] = (tokens[-1][0], tokens[-1][1][:-1])
    tweak = rouge.TWEAKS.get(tag)
    out = []
    cur = ""
    buf: list[str] = []
    for ttype, value in tweak(tokens) if tweak else tokens:
        if not value:
            continue
        short = _short(ttype)
        if short != cur and buf:
            _emit(out, cur, buf)
        cur = short
        buf.append(value)
    if buf:
        _emit(out, cur, buf)
    return "".join(out)


def _emit(out: list[str], short: str, buf: list[str]) -> None:
    val = "".join(buf).translate(_ESC)
    buf.clear()
    out.append(f'<span class="{short}">{val}</span>' if short else val)


def highlight_fenced(code: str, lang: str | None, *, indent: int = 0, attrs: str = "") -> str:
    """kramdown's ``convert_codeblock`` with Rouge: a Markdown code block, newline-terminated.

    ``lang`` is the fence's first word (None for indented code, which Jekyll's kramdown
    highlights as ``plaintext``); ``indent`` reproduces kramdown's nesting indentation and
    ``attrs`` is an already-rendered attribute string from a block IAL.
    """
    sp = " " * indent
    shown = lang.split("?", 1)[0] if lang else "plaintext"
    tag = rouge_tag(lang) if lang else "plaintext"
    if tag is None:
        body = code.translate(_ESC)
        if body.endswith("\n"):
            body = body[:-1]
        return f'{sp}<pre{attrs}><code class="language-{shown}">{body}\n</code></pre>\n'
    inner = format_tokens(code, tag)
    cls = f"language-{shown} highlighter-rouge"
    if ' class="' in attrs:
        attrs = attrs.replace(' class="', f' class="{cls} ', 1)
        cls_attr = attrs
    else:
        cls_attr = f' class="{cls}"{attrs}'
    return (
        f'{sp}<div{cls_attr}><div class="highlight"><pre class="highlight"><code>'
        f"{inner}</code></pre></div>{sp}</div>\n"
    )


def highlight_tag(code: str, lang: str, *, linenos: bool = False) -> str:
    """Jekyll's ``{% highlight lang [linenos] %}`` output for the tag's body ``code``.

    ``lang`` is the language as the tag holds it (Jekyll lower-cases it when parsing the
    tag). Leading and trailing line breaks of ``code`` are dropped, as Jekyll does.
    """
    code = code.strip("\r\n")
    inner = format_tokens(code, rouge_tag(lang))
    if linenos:
        lines = code.count("\n") + (0 if code.endswith("\n") else 1)
        if not code.endswith("\n"):
            inner += "\n"
        gutter = "\n".join(str(i) for i in range(1, lines + 1)) + "\n"
        inner = (
            '<table class="rouge-table"><tbody><tr><td class="gutter gl">'
            f'<pre class="lineno">{gutter}</pre></td><td class="code"><pre>{inner}</pre></td>'
            "</tr></tbody></table>"
        )
    if inner.endswith("\n"):
        inner = inner[:-1]
    return (
        f'<figure class="highlight"><pre><code class="language-{lang.replace("+", "-")}" '
        f'data-lang="{lang}">{inner}</code></pre></figure>'
    )


def highlight_block(code: str, lang: str | None, *, linenos: bool = False) -> str:
    """Architecture-contract entry point: the Liquid-tag shape (see ``highlight_tag``)."""
    return highlight_tag(code, lang or "plaintext", linenos=linenos)
