"""Pygments token streams nudged into Rouge's shapes, for Python and Ruby.

For these two languages Pygments' lexers already split code almost where Rouge does; a few
token types differ (Rouge's Python has no magic-name or exception classes, its Ruby calls
every ``.method`` a function). Adjusting the stream is cheaper than replaying Rouge's much
longer rule sets, and these adjustments are all the fixtures and the compat suite need.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable

from pygments.token import (
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
    _TokenType,
)

Tokens = list[tuple[_TokenType, str]]
_KEEP_STRING = (String.Escape, String.Interpol, String.Affix)
_PY_BUILTINS = frozenset(dir(builtins))
_PY_KEYWORD_NAMES = frozenset({"print", "exec"})


def _is_space(ttype: _TokenType, value: str) -> bool:
    return (ttype in Text or ttype in Whitespace) and not value.strip()


def python(stream: Iterable[tuple[_TokenType, str]]) -> Tokens:
    """Rouge's Python: one ``s`` for string parts, comments keep their newline, magic names
    and exceptions are plain names or builtins, ``@`` of a decorator is an operator."""
    out: Tokens = []
    after_def = False
    namespace_ok = False
    for ttype, value in stream:
        if out and out[-1][0] is Comment.Single and value.startswith("\n") and ttype in Text:
            out[-1] = (Comment.Single, out[-1][1] + "\n")
            value = value[1:]
            if not value:
                continue
        if ttype in String and ttype not in _KEEP_STRING:
            ttype = String
        elif ttype is Name.Function.Magic:
            ttype = Name.Function if after_def else Name
        elif ttype is Name.Variable.Magic:
            ttype = Name
        elif ttype is Name.Exception:
            ttype = Name.Builtin
        elif ttype is Keyword.Constant:
            ttype = Name.Builtin.Pseudo
        elif ttype is Name.Builtin and value in _PY_KEYWORD_NAMES:
            ttype = Keyword
        elif ttype is Name.Namespace:
            ttype = Name.Namespace if namespace_ok else Name
            namespace_ok = False
        elif ttype is Keyword.Namespace:
            line_start = (
                not out
                or out[-1][1].endswith("\n")
                or (_is_space(*out[-1]) and (len(out) < 2 or out[-2][1].endswith("\n")))
            )
            namespace_ok = line_start or value != "from"
            if not namespace_ok:  # ``raise ... from exc``
                ttype = Keyword
        elif ttype is Operator and value == ".":
            ttype = Punctuation
        elif ttype is Name.Decorator:
            out.append((Operator, "@"))
            for i, part in enumerate(value[1:].split(".")):
                if i:
                    out.append((Punctuation, "."))
                out.append((Name.Builtin if part in _PY_BUILTINS else Name, part))
            continue
        if not _is_space(ttype, value):
            after_def = ttype is Keyword and value == "def"
        out.append((ttype, value))
    return out


def ruby(stream: Iterable[tuple[_TokenType, str]]) -> Tokens:
    """Rouge's Ruby: ``.`` and brackets are punctuation and a called method is ``nf``;
    ``key: `` in a hash is one symbol with its space; ``2.5`` is one float."""
    out: Tokens = []
    for ttype, value in stream:
        if ttype in Name.Builtin and value[:1].isupper():  # Rouge: a constant like any other
            ttype = Name.Constant
        elif ttype in Operator and value.strip("[].") == "" and ".." not in value:
            ttype = Punctuation
        elif ttype in Number.Integer and len(out) >= 2 and out[-1] == (Punctuation, "."):
            if out[-2][0] in Number.Integer:
                out.pop()
                out[-1] = (Number.Float, f"{out[-1][1]}.{value}")
                continue
        elif ttype in Name and out and out[-1][0] is Punctuation and out[-1][1].endswith("."):
            if ttype is Name or ttype in Name.Builtin or ttype is Name.Function:
                ttype = Name.Function
        elif (
            _is_space(ttype, value)
            and len(out) >= 2
            and out[-1] == (Punctuation, ":")
            and out[-2][0] is String.Symbol
            and not out[-2][1].startswith(":")
        ):
            out.pop()
            out[-1] = (String.Symbol, f"{out[-1][1]}:{value}")
            continue
        out.append((ttype, value))
    return out
