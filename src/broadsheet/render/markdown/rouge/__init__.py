"""Rouge's own lexing rules for the languages news sites show most.

Pygments lexes these languages well but splits the spans differently from Rouge (quotes
apart from string bodies, keys of objects, shell flags...), and Jekyll's output is Rouge's.
So for them we run Rouge 3.30's rules on a small engine of the same semantics (``_engine``);
other languages still go through Pygments in ``broadsheet.render.highlight``.
"""

from __future__ import annotations

from broadsheet.render.markdown.rouge._console import Console
from broadsheet.render.markdown.rouge._engine import Lexer, lex
from broadsheet.render.markdown.rouge._javascript import Javascript, Json
from broadsheet.render.markdown.rouge._markup import Css, Html
from broadsheet.render.markdown.rouge._shell import Shell
from broadsheet.render.markdown.rouge._tweaks import python, ruby
from broadsheet.render.markdown.rouge._yaml import Yaml

__all__ = ["ROUGE_RULES", "TWEAKS", "lex"]

ROUGE_RULES: dict[str, type[Lexer]] = {
    "javascript": Javascript,
    "json": Json,
    "css": Css,
    "html": Html,
    "shell": Shell,
    "console": Console,
    "yaml": Yaml,
}

# Languages still lexed by Pygments, with the token stream adjusted to Rouge's shapes.
TWEAKS = {"python": python, "ruby": ruby}
