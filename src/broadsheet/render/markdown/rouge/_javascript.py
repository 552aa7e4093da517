"""JavaScript and JSON as Rouge 3.30 lexes them (``lexers/javascript.rb``, ``json.rb``).

Rouge's JavaScript lexer tracks whether an expression may start (so that ``/`` can open a
regex), object literals (``key:`` is ``na``), and template strings (``${`` is ``p``); string
quotes are ``dl`` apart from the ``s2``/``s1`` body.
"""

from __future__ import annotations

import re

from broadsheet.render.markdown.rouge._engine import Lexer, mixin, words

_ID = r"(?:[^\W\d]|\$)\w*"
_KEYWORDS = words(
    "as async await break case catch continue debugger default delete do else export "
    "finally from for if import in instanceof new of return super switch this throw try "
    "typeof void while yield"
)
_DECLARATIONS = words("var let const with function class extends constructor get set static")
_RESERVED = words("enum implements interface package private protected public")
_CONSTANTS = words("true false null NaN Infinity undefined")
_BUILTINS = words(
    "Array Boolean Date Error Function Math netscape Number Object Packages RegExp String "
    "sun decodeURI decodeURIComponent encodeURI encodeURIComponent eval isFinite isNaN "
    "parseFloat parseInt document window navigator self global Promise Set Map WeakSet "
    "WeakMap Symbol Proxy Reflect Int8Array Uint8Array Uint8ClampedArray Int16Array "
    "Uint16Array Uint16ClampedArray Int32Array Uint32Array Uint32ClampedArray Float32Array "
    "Float64Array DataView ArrayBuffer"
)


def _identifier(lx: Lexer, m: re.Match[str]) -> None:
    word = m.group()
    if word in _KEYWORDS:
        lx.token("k", word)
        lx.push("expr_start")
    elif word in _DECLARATIONS:
        lx.token("kd", word)
        lx.push("expr_start")
    elif word in _RESERVED:
        lx.token("kr", word)
    elif word in _CONSTANTS:
        lx.token("kc", word)
    elif word in _BUILTINS:
        lx.token("nb", word)
    else:
        lx.token("nx", word)


def _ternary(lx: Lexer, m: re.Match[str]) -> None:
    lx.token("p", m.group())
    lx.push("ternary")
    lx.push("expr_start")


class Javascript(Lexer):
    states = {
        "multiline_comment": [
            (r"[*]/", "cm", "#pop"),
            (r"[^*/]+", "cm"),
            (r"[*/]", "cm"),
        ],
        "comments_and_whitespace": [
            (r"\s+", ""),
            (r"<!--", "c"),
            (r"//.*?$", "c1"),
            (r"/[*]", "cm", "multiline_comment"),
        ],
        "expr_start": [
            mixin("comments_and_whitespace"),
            (r"/", "sr", "@regex"),
            (r"[{]", "p", "@object"),
            (r"", "", "#pop"),
        ],
        "regex": [
            (r"/", "sr", "@regex_end"),
            (r"[^/]\n", "err", "#pop"),
            (r"\n", "err", "#pop"),
            (r"\[\^", "se", "regex_group"),
            (r"\[", "se", "regex_group"),
            (r"\\.", "se"),
            (r"[(][?][:=<!]", "se"),
            (r"[{][\d,]+[}]", "se"),
            (r"[()?]", "se"),
            (r".", "sr"),
        ],
        "regex_end": [(r"[gimuy]+", "sr", "#pop"), (r"", "", "#pop")],
        "regex_group": [
            (r"/", "se"),
            (r"[^/]\n", "err", "#pop2"),
            (r"\]", "se", "#pop"),
            (r"\\.", "se"),
            (r".", "sr"),
        ],
        "root": [
            (r"\A\s*#!.*?\n", "cp", "statement"),
            (r"(?<=\n)(?=\s|/|<!--)", "", "expr_start"),
            mixin("comments_and_whitespace"),
            (r"\+\+|--|~|\?\?=?|&&|\|\||\\(?=\n)|<<|>>>?|===|!==", "o", "expr_start"),
            (r"[-<>+*%&|\^/!=]=?", "o", "expr_start"),
            (r"[(\[,]", "p", "expr_start"),
            (r";", "p", "statement"),
            (r"[)\].]", "p"),
            (r"`", "s2", "template_string"),
            (r"[?][.]", "p"),
            (r"[?]", _ternary),
            (r"(@)(\w+)?", ("p", "nd"), "expr_start"),
            (r"[{}]", "p", "statement"),
            (_ID, _identifier),
            (r"[0-9][0-9]*\.[0-9]+([eE][0-9]+)?[fd]?", "mf"),
            (r"(?i)0x[0-9a-fA-F]+", "mh"),
            (r"(?i)0o[0-7][0-7_]*", "mo"),
            (r"(?i)0b[01][01_]*", "mb"),
            (r"[0-9]+", "mi"),
            (r'"', "dl", "dq"),
            (r"'", "dl", "sq"),
            (r":", "p"),
        ],
        "dq": [(r'\\[\\nrt"]?', "se"), (r'[^\\"]+', "s2"), (r'"', "dl", "#pop")],
        "sq": [(r"\\[\\nrt']?", "se"), (r"[^\\']+", "s1"), (r"'", "dl", "#pop")],
        "statement": [
            (r"case\b", "k", "@expr_start"),
            (rf"({_ID})(\s*)(:)", ("nl", "", "p")),
            mixin("expr_start"),
        ],
        "object": [
            mixin("comments_and_whitespace"),
            (r"[{]", "p", "#push"),
            (r"[}]", "p", "@statement"),
            (rf"({_ID})(\s*)(:)", ("na", "", "p"), "expr_start"),
            (r":", "p"),
            mixin("root"),
        ],
        "ternary": [(r":", "p", "@expr_start"), mixin("root")],
        "template_string": [
            (r"[$]{", "p", "template_string_expr"),
            (r"`", "s2", "#pop"),
            (r"\\[$`]", "se"),
            (r"[^$`\\]+", "s2"),
            (r"[\\$]", "s2"),
        ],
        "template_string_expr": [(r"}", "p", "#pop"), mixin("root")],
    }


class Json(Lexer):
    states = {
        "whitespace": [(r"\s+", "w")],
        "root": [
            mixin("whitespace"),
            (r"{", "p", "object"),
            (r"\[", "p", "array"),
            mixin("name"),
            mixin("value"),
            (r"[\]}]", "p"),
        ],
        "object": [
            mixin("whitespace"),
            mixin("name"),
            mixin("value"),
            (r"}", "p", "#pop"),
            (r",", "p"),
        ],
        "name": [(r'("(?:\\.|[^"\\\n])*?")(\s*)(:)', ("nl", "w", "p"))],
        "value": [
            mixin("whitespace"),
            mixin("constants"),
            (r'"', "s2", "string"),
            (r"\[", "p", "array"),
            (r"{", "p", "object"),
        ],
        "string": [(r'[^\\"]+', "s2"), (r"\\.", "se"), (r'"', "s2", "#pop")],
        "array": [mixin("value"), (r"\]", "p", "#pop"), (r",", "p")],
        "constants": [
            (r"(?:true|false|null)", "kc"),
            (r"(?i)-?(?:0|[1-9]\d*)\.\d+(?:e[+-]?\d+)?", "mf"),
            (r"(?i)-?(?:0|[1-9]\d*)(?:e[+-]?\d+)?", "mi"),
        ],
    }
