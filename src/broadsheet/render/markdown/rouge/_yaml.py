"""YAML as Rouge 3.30 lexes it (``lexers/yaml.rb``).

Rouge's YAML lexer follows indentation with a stack, as YAML itself does, and its classes
are its own: keys ``na``, indicators (``:``, ``-``, ``|``) ``pi``, plain scalars ``s``,
``true``/``false``/``null`` ``no``, and inside quotes each space is ``nv`` between ``s``
words. The indentation bookkeeping is replayed here exactly, since it decides where plain
scalars and blocks end.
"""

from __future__ import annotations

import re

from broadsheet.render.markdown.rouge._engine import Lexer, mixin

_PLAIN_START = r"""[^ \t\n\r\f\v?:,\[\]{}#&*!|>'"%@`]"""


class Yaml(Lexer):
    flags = re.M

    def __init__(self) -> None:
        super().__init__()
        self.reset_indent()

    def reset_indent(self) -> None:
        self.indents = [0]
        self.next_indent = 0
        self.block_indent: int | None = None

    @property
    def indent(self) -> int:
        return self.indents[-1]

    def save_indent(self, spaces: str) -> tuple[str, str]:
        self.next_indent = len(spaces)
        if self.next_indent < self.indent:
            while len(self.indents) > 1 and self.next_indent < self.indent:
                self.indents.pop()
            return spaces[: self.indent], spaces[self.indent :]
        return spaces, ""

    def set_indent(self, text: str, *, implicit: bool = False) -> None:
        if self.indent < self.next_indent:
            self.indents.append(self.next_indent)
        if not implicit:
            self.next_indent += len(text)

    # -- rule actions ---------------------------------------------------------------------
    def _directive(self, m: re.Match[str], state: str) -> None:
        self.token("nt", m.group())
        self.reset_indent()
        self.push(state)

    def _document(self, m: re.Match[str]) -> None:
        self.token("nn", m.group())
        self.reset_indent()
        self.push("block_line")

    def _line_start(self, m: re.Match[str]) -> None:
        text, err = self.save_indent(m.group())
        self.token("", text)
        self.token("err", err)
        self.push("block_line")
        self.push("indentation")

    def _indent_more(self, m: re.Match[str]) -> None:
        self.token("", m.group())
        self.next_indent += len(m.group())

    def _indicator(self, m: re.Match[str]) -> None:
        self.set_indent(m.group())
        self.token("pi", m.group())

    def _indent_done(self, m: re.Match[str]) -> None:
        self._indent_more(m)
        self.pop()

    def _key(self, m: re.Match[str]) -> None:
        self.token("na", m.group(1))
        self.token("pi", m.group(2))
        self.set_indent(m.group(), implicit=True)

    def _block_scalar(self, m: re.Match[str]) -> None:
        self.token("pi", m.group())
        self.push("block_scalar_content")
        self.push("block_scalar_header")

    def _blank_in_block(self, m: re.Match[str]) -> None:
        text = m.group()
        mark = self.block_indent if self.block_indent is not None else len(text)
        self.token("", text[:mark])
        self.token("no", text[mark:])

    def _block_line_start(self, m: re.Match[str]) -> None:
        self.token("", m.group())
        size = len(m.group())
        dedent_level = self.block_indent if self.block_indent is not None else self.indent
        if self.block_indent is None:
            self.block_indent = size
        if size < dedent_level:
            self.save_indent(m.group())
            self.pop()
            self.push("indentation")

    def _block_header(self, m: re.Match[str]) -> None:
        self.block_indent = None
        self.goto("ignored_line")
        if not m.group():
            return
        increment = m.group(2) or m.group(3)
        if increment:
            self.block_indent = self.indent + int(increment)
        self.token("pi", m.group())

    def _scalar_new_line(self, m: re.Match[str]) -> None:
        self.token("", m.group())
        self.pop()
        if len(m.group()) <= self.indent:
            self.pop()
            self.save_indent(m.group())
            self.push("indentation")

    states = {
        "basic": [(r"#.*$", "c1")],
        "root": [
            mixin("basic"),
            (r"\n+", ""),
            (r"[ ]+(?=#|$)", ""),
            (r"^%YAML\b", lambda lx, m: lx._directive(m, "yaml_directive")),
            (r"^%TAG\b", lambda lx, m: lx._directive(m, "tag_directive")),
            (r"^(?:---|\.\.\.)(?= |$)", lambda lx, m: lx._document(m)),
            (r"[ ]*(?!\s|$)", lambda lx, m: lx._line_start(m)),
        ],
        "indentation": [
            (r"\s*?\n", "", "#pop2"),
            (r"[ ]+(?=[-:?](?:[ ]|$))", lambda lx, m: lx._indent_more(m)),
            (r"[?:-](?=[ ]|$)", lambda lx, m: lx._indicator(m)),
            (r"[ ]*", lambda lx, m: lx._indent_done(m)),
        ],
        "block_line": [
            (r"[ ]*(?=#|$)", "", "#pop"),
            (r"[ ]+", ""),
            mixin("descriptors"),
            mixin("block_nodes"),
            mixin("flow_nodes"),
            (rf"(?={_PLAIN_START}|[?:-][^ \t\n\r\f\v])", "nv", "plain_scalar_in_block_context"),
        ],
        "descriptors": [
            (r"!<[0-9A-Za-z;/?:@&=+$,_.!~*'()\[\]%-]+>", "kt"),
            (r"(?:![\w-]+)?!(?:[\w;/?:@&=+$,.!~*'()\[\]%-]*)", "kt"),
            (r"&[\w-]+", "nl"),
            (r"\*[\w-]+", "nv"),
        ],
        "block_nodes": [
            (r"""([^#,:?\[\]{}"'\n]+)(:)(?=\s|$)""", lambda lx, m: lx._key(m)),
            (r"[|>][+-]?", lambda lx, m: lx._block_scalar(m)),
        ],
        "flow_nodes": [
            (r"\[", "pi", "flow_sequence"),
            (r"\{", "pi", "flow_mapping"),
            (r"'", "s1", "single_quoted_scalar"),
            (r'"', "s2", "double_quoted_scalar"),
        ],
        "flow_collection": [
            (r"\s+", ""),
            mixin("basic"),
            (r"[?:,]", "pi"),
            mixin("descriptors"),
            mixin("flow_nodes"),
            (rf"(?={_PLAIN_START})", "", "plain_scalar_in_flow_context"),
        ],
        "flow_sequence": [(r"\]", "pi", "#pop"), mixin("flow_collection")],
        "flow_mapping": [(r"\}", "pi", "#pop"), mixin("flow_collection")],
        "block_scalar_content": [
            (r"\n+", ""),
            (r"^[ ]+$", lambda lx, m: lx._blank_in_block(m)),
            (r"^[ ]*", lambda lx, m: lx._block_line_start(m)),
            (r"[^\n\r\f\v]+", "s"),
        ],
        "block_scalar_header": [
            (r"(([1-9])[+-]?|[+-]?([1-9])?)(?=[ ]|$)", lambda lx, m: lx._block_header(m)),
        ],
        "ignored_line": [mixin("basic"), (r"[ ]+", ""), (r"\n", "", "#pop")],
        "quoted_scalar_whitespaces": [
            (r"^[ ]+", ""),
            (r"[ ]+$", ""),
            (r"\n+", ""),
            (r"[ ]+", "nv"),
        ],
        "single_quoted_scalar": [
            mixin("quoted_scalar_whitespaces"),
            (r"\\'", "se"),
            (r"'", "s", "#pop"),
            (r"[^\s']+", "s"),
        ],
        "double_quoted_scalar": [
            (r'"', "s", "#pop"),
            mixin("quoted_scalar_whitespaces"),
            (r'\\[0abt\tn\nvfre "\\N_LP]', "se"),
            (r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})", "se"),
            (r'[^ \t\n\r\f\v"\\]+', "s"),
        ],
        "plain_scalar_in_block_context_new_line": [
            (r"^[ ]+\n", ""),
            (r"\n+", ""),
            (r"^(?=---|\.\.\.)", "", "#pop3"),
            (r"^[ ]*", lambda lx, m: lx._scalar_new_line(m)),
        ],
        "plain_scalar_in_block_context": [
            (r"[ ]*(?=:[ \n]|:$)", "", "#pop"),
            (r"[ ]*:\S+", "s"),
            (r"[ ]+(?=#)", "", "#pop"),
            (r"[ ]+$", ""),
            (r"\n+", "", "plain_scalar_in_block_context_new_line"),
            (r"[ ]+", "s"),
            (r"true|false|null", "no"),
            (r"\d+(?:\.\d+)?(?=(\r?\n)| +#)", "m", "#pop"),
            (r"[^\s:]+", "s"),
        ],
        "plain_scalar_in_flow_context": [
            (r"[ ]*(?=[,:?\[\]{}])", "", "#pop"),
            (r"[ ]+(?=#)", "", "#pop"),
            (r"^[ ]+", ""),
            (r"[ ]+$", ""),
            (r"\n+", ""),
            (r"[ ]+", "nv"),
            (r"[^\s,:?\[\]{}]+", "nv"),
        ],
        "yaml_directive": [(r"([ ]+)(\d+\.\d+)", ("", "m"), "@ignored_line")],
        "tag_directive": [
            (
                r"([ ]+)(!|![\w-]*!)([ ]+)(!|!?[\w;/?:@&=+$,.!~*'()\[\]%-]+)",
                ("", "kt", "", "kt"),
                "@ignored_line",
            )
        ],
    }
