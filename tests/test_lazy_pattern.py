"""LazyPattern: a module-level regular expression compiled on its first use."""

from __future__ import annotations

import re

from broadsheet.lazy_pattern import LazyPattern


def test_it_answers_as_the_compiled_pattern_does() -> None:
    lazy, compiled = LazyPattern(r"(\d+)-(\w+)", re.IGNORECASE), re.compile(r"(\d+)-(\w+)", re.I)
    text = "12-ab 7-CD x-1"
    assert lazy.search(text).groups() == compiled.search(text).groups()
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.sub(r"\2", text) == compiled.sub(r"\2", text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.fullmatch("3-z") is not None and lazy.match("z") is None
    assert (lazy.pattern, lazy.flags, lazy.groups) == (compiled.pattern, compiled.flags, 2)


def test_it_compiles_once_and_only_when_used(monkeypatch) -> None:
    compiled = []
    real = re.compile

    def counting(*args):
        compiled.append(args)
        return real(*args)

    monkeypatch.setattr(re, "compile", counting)
    lazy = LazyPattern("a+b")
    assert compiled == []
    assert lazy.search("xaab") and lazy.search("ab") and not lazy.match("b")
    assert compiled == [("a+b", 0)]
