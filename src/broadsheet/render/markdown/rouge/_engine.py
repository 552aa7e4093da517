"""A small regex state machine with Rouge's ``RegexLexer`` semantics.

Rouge decides span boundaries by its lexers' rules, and Pygments' lexers for the same
languages split differently, so for the common languages we replay Rouge's rules. The
machine behaves as Rouge's does where it shows in the output: rules are tried in order and
the first match wins (not the longest), mixins are spliced in place, an empty match may
change state at most a few times in a row, an unmatched character is an error token, and
consecutive tokens of one type are merged.

Tokens are Rouge's short class names (``"k"``, ``"s2"``); ``""`` is plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

Action = str | tuple[str, ...] | Callable[["Lexer", "re.Match[str]"], None]
# (regex, action[, next]): next is a state to push, "#pop", "#pop2", "@state" (goto) or
# "#push" (the current state again).
RuleSpec = tuple[Any, ...]
_MAX_NULL_STEPS = 5


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``, for keyword lists."""
    return frozenset(text.split())


def mixin(name: str) -> tuple[str, str]:
    """A rule that splices in the rules of state ``name``."""
    return ("mixin", name)


class Lexer:
    """Subclasses set ``states``: state name -> rules; lexing starts in ``root``."""

    states: dict[str, Sequence[RuleSpec]] = {}
    flags = re.M
    _compiled: dict[str, list[tuple[re.Pattern[str], Action, str | None]]]

    def __init_subclass__(cls) -> None:
        cls._compiled = {}

    def __init__(self) -> None:
        self.stack: list[str] = ["root"]
        self.out: list[tuple[str, str]] = []

    @classmethod
    def rules(cls, state: str) -> list[tuple[re.Pattern[str], Action, str | None]]:
        done = cls._compiled.get(state)
        if done is None:
            done = []
            for spec in cls.states[state]:
                if spec[0] == "mixin":
                    done.extend(cls.rules(spec[1]))
                    continue
                rx = spec[0] if isinstance(spec[0], re.Pattern) else re.compile(spec[0], cls.flags)
                done.append((rx, spec[1], spec[2] if len(spec) > 2 else None))
            cls._compiled[state] = done
        return done

    # -- what rule actions may do ---------------------------------------------------------
    def token(self, tok: str, val: str) -> None:
        if val:
            self.out.append((tok, val))

    def push(self, state: str) -> None:
        self.stack.append(state)

    def pop(self, times: int = 1) -> None:
        del self.stack[max(1, len(self.stack) - times) :]

    def goto(self, state: str) -> None:
        self.stack[-1] = state

    def delegate(self, other: Lexer, text: str) -> None:
        """Lex ``text`` with ``other``, which keeps its state between calls (Rouge's
        ``delegate``)."""
        self.out.extend(other.continue_lex(text))

    # -- running --------------------------------------------------------------------------
    def _move(self, nxt: str) -> None:
        if nxt == "#pop":
            self.pop()
        elif nxt.startswith("#pop"):
            self.pop(int(nxt[4:] or 1))
        elif nxt == "#push":
            self.push(self.stack[-1])
        elif nxt[0] == "@":
            self.goto(nxt[1:])
        else:
            self.push(nxt)

    def continue_lex(self, text: str) -> list[tuple[str, str]]:
        """Tokens of ``text`` from the current state, same-type neighbours merged."""
        saved, self.out = self.out, []
        pos = 0
        end = len(text)
        null_steps = 0
        while pos < end:
            for rx, action, nxt in self.rules(self.stack[-1]):
                m = rx.match(text, pos)
                if m is None:
                    continue
                if type(action) is str:
                    self.token(action, m.group())
                elif type(action) is tuple:
                    for tok, val in zip(action, m.groups(), strict=False):
                        if val:
                            self.out.append((tok, val))
                else:
                    action(self, m)
                if nxt is not None:
                    self._move(nxt)
                if m.end() == pos:
                    null_steps += 1
                    if null_steps > _MAX_NULL_STEPS:
                        self.out.append(("err", text[pos]))
                        pos += 1
                        null_steps = 0
                else:
                    null_steps = 0
                    pos = m.end()
                break
            else:
                self.out.append(("err", text[pos]))
                pos += 1
        tokens, self.out = self.out, saved
        return merge(tokens)


def merge(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join consecutive tokens of the same type, as Rouge's ``continue_lex`` does."""
    merged: list[tuple[str, str]] = []
    for tok, val in tokens:
        if merged and merged[-1][0] == tok:
            merged[-1] = (tok, merged[-1][1] + val)
        else:
            merged.append((tok, val))
    return merged


def lex(lexer_class: type[Lexer], text: str) -> Iterator[tuple[str, str]]:
    """Tokens of ``text`` lexed from scratch."""
    yield from lexer_class().continue_lex(text)
