"""Shell sessions (``console``) as Rouge 3.30 lexes them (``lexers/console.rb``).

Line by line: everything up to the first ``$ # > ;`` is the prompt (``gp``), the space
after it ``w``, and the rest is shell, lexed by a shell lexer that keeps its state from one
command line to the next; any other line is output (``go``), and ``...`` lines are ``c``.
"""

from __future__ import annotations

import re

from broadsheet.render.markdown.rouge._engine import Lexer, merge
from broadsheet.render.markdown.rouge._shell import Shell

_LINE = re.compile(r".*?(?:\n|$)")
_SNIP = re.compile(r"\A\s*(?:<[.]+>|[.]+)\s*\Z")
_PROMPT = re.compile(r"(?s).*?(?:\$|#|>|;)")
_SPACE = re.compile(r"\s*")


class Console(Lexer):
    def continue_lex(self, text: str) -> list[tuple[str, str]]:
        shell = Shell()
        out: list[tuple[str, str]] = []
        pos = 0
        while pos < len(text):
            line = _LINE.match(text, pos).group()  # type: ignore[union-attr]
            pos += len(line) or 1
            if _SNIP.match(line):
                shell = Shell()
                out.append(("c", line))
            elif prompt := _PROMPT.match(line):
                out.append(("gp", prompt.group()))
                rest = line[prompt.end() :]
                space = _SPACE.match(rest).group()  # type: ignore[union-attr]
                if space:
                    out.append(("w", space))
                out.extend(shell.continue_lex(rest[len(space) :]))
            else:
                shell = Shell()
                out.append(("go", line))
        return merge([t for t in out if t[1]])
