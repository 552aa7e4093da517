"""Regular expressions compiled when first used, not when their module is imported.

Every command imports the render stage, and its modules compiled about 10 ms of patterns
at import, most of them for input a build seldom meets: the CJK classes of
``number_of_words`` (3.4 ms alone: thousands of code points), the dozen ways ``date``
reads a date written as text, the block rules of the general Markdown path that plain
news copy never takes. ``re`` has no lazy form, so this is one: ``LazyPattern`` compiles
on the first attribute read and then keeps the compiled pattern's methods as its own
attributes, so later calls cost what they cost on the pattern itself.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """``re.compile(pattern, flags)``, done the first time the pattern is used."""

    def __init__(self, pattern: str, flags: int = 0):
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only for names not yet set: the first use
        compiled = re.compile(*self._source)
        for method in ("match", "fullmatch", "search", "sub", "subn", "split", "findall",
                       "finditer"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0]!r}, {self._source[1]!r})"
