"""Shared fixtures of the incremental-build tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.cache import rebuild


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The sites each build read from their files (not from a kept or snapshot site)."""
    found: list[Path] = []
    read_and_build = rebuild._read_and_build

    def counted(store: object, config: object, *args: object) -> object:
        found.append(config.source)  # type: ignore[attr-defined]
        return read_and_build(store, config, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(rebuild, "_read_and_build", counted)
    return found
