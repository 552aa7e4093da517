"""Shell as Rouge 3.30 lexes it (``lexers/shell.rb``).

Rouge's shell lexer is loose in ways that show in the markup: keywords and builtins take the
whitespace after them (``<span class="k">for </span>``), flags are ``nt``, a bare ``*`` is a
keyword and a number counts only before a space or the end of the text.
"""

from __future__ import annotations

import re

from broadsheet.render.markdown.rouge._engine import Lexer, mixin


def _words(text: str) -> list[str]:
    """Rouge's order matters in an alternation (first match wins), so keep it."""
    return text.split()


_KEYWORDS = "if|fi|else|while|do|done|for|then|return|function|select|continue|until|esac|elif|in"
_BUILTINS = "|".join(
    _words(
        """alias bg bind break builtin caller cd command compgen complete declare dirs disown
    enable eval exec exit export false fc fg getopts hash help history jobs let local logout
    mapfile popd pushd pwd read readonly set shift shopt source suspend test time times trap
    true type typeset ulimit umask unalias unset wait cat tac nl od base32 base64 fmt pr fold
    head tail split csplit wc sum cksum b2sum md5sum sha1sum sha224sum sha256sum sha384sum
    sha512sum sort shuf uniq comm ptx tsort cut paste join tr expand unexpand ls dir vdir
    dircolors cp dd install mv rm shred link ln mkdir mkfifo mknod readlink rmdir unlink chown
    chgrp chmod touch df du stat sync truncate echo printf yes expr tee basename dirname
    pathchk mktemp realpath pwd stty printenv tty id logname whoami groups users who date arch
    nproc uname hostname hostid uptime chcon runcon chroot env nice nohup stdbuf timeout kill
    sleep factor numfmt seq tar grep sudo awk sed gzip gunzip"""
    )
)


def _heredoc(lx: Lexer, m: re.Match[str]) -> None:
    for tok, val in zip(("o", "", "sh", "sh", "no", "sh"), m.groups(), strict=True):
        lx.token(tok, val)
    lx.heredoc = m.group(5)  # type: ignore[attr-defined]
    lx.push("heredoc")


def _heredoc_line(lx: Lexer, m: re.Match[str]) -> None:
    if m.group(1) == getattr(lx, "heredoc", None):
        lx.token("no", m.group())
        lx.pop(2)
    else:
        lx.token("sh", m.group())


class Shell(Lexer):
    flags = re.M | re.A
    states = {
        "basic": [
            (r"#.*$", "c"),
            (rf"\b({_KEYWORDS})\s*\b", "k"),
            (r"\bcase\b", "k", "case"),
            (rf"\b({_BUILTINS})\s*\b(?!(\.|-))", "nb"),
            (r"[.](?=\s)", "nb"),
            (r"(\b\w+)(=)", ("nv", "o")),
            (r"[\[\]{}()!=>]", "o"),
            (r"&&|\|\|", "o"),
            (r"<<<", "o"),
            (r"""(<<-?)(\s*)(['"]?)(\\?)(\w+)(\3)""", _heredoc),
        ],
        "heredoc": [
            (r"\n", "sh", "heredoc_nl"),
            (r"[^$\n\\]+", "sh"),
            mixin("interp"),
            (r"[$]", "sh"),
        ],
        "heredoc_nl": [(r"\s*(\w+)\s*\n", _heredoc_line), (r"", "", "#pop")],
        "double_quotes": [
            (r'(?:\$#?)?"', "s2", "#pop"),
            mixin("interp"),
            (r'[^"`\\$]+', "s2"),
        ],
        "ansi_string": [(r"\\.", "se"), (r"[^\\']+", "s1"), mixin("single_quotes")],
        "single_quotes": [(r"'", "s1", "#pop"), (r"[^']+", "s1")],
        "data": [
            (r"\s+", ""),
            (r"\\.", "se"),
            (r'\$?"', "s2", "double_quotes"),
            (r"\$'", "s1", "ansi_string"),
            (r"'", "s1", "single_quotes"),
            (r"\*", "k"),
            (r";", "p"),
            (r"--?[\w-]+", "nt"),
            (r"""[^=\*\s{}()$"'`;\\<]+""", ""),
            (r"\d+(?= |\n?\Z)", "m"),
            (r"<", ""),
            mixin("interp"),
        ],
        "curly": [
            (r"}", "k", "#pop"),
            (r":-", "k"),
            (r"[a-zA-Z0-9_]+", "nv"),
            (r"""[^}:"`'$]+""", "p"),
            mixin("root"),
        ],
        "paren_interp": [(r"\)", "si", "#pop"), (r"\(", "o", "paren_inner"), mixin("root")],
        "paren_inner": [(r"\(", "o", "#push"), (r"\)", "o", "#pop"), mixin("root")],
        "math": [
            (r"\)\)", "k", "#pop"),
            (r"[-+*/%^|&!]|\*\*|\|\|", "o"),
            (r"\d+(#\w+)?", "m"),
            mixin("root"),
        ],
        "case": [
            (r"\besac\b", "k", "#pop"),
            (r"\|", "p"),
            (r"\)", "p", "case_stanza"),
            mixin("root"),
        ],
        "case_stanza": [(r";;", "p", "#pop"), mixin("root")],
        "backticks": [(r"`", "sb", "#pop"), mixin("root")],
        "interp": [
            (r"\\$", "se"),
            (r"\\.", "se"),
            (r"\$\(\(", "k", "math"),
            (r"\$\(", "si", "paren_interp"),
            (r"\${#?", "k", "curly"),
            (r"`", "sb", "backticks"),
            (r"\$#?(\w+|.)", "nv"),
            (r"\$[*@]", "nv"),
        ],
        "root": [mixin("basic"), mixin("data")],
    }
