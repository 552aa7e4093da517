"""Shared helpers: write a small site into a temporary folder and build it."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from broadsheet.build import BuildOptions, build


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    def make(files: dict[str, str | bytes]) -> Path:
        return write_tree(tmp_path / "site", files)

    return make


@pytest.fixture
def build_site(tmp_path: Path) -> Callable[..., Path]:
    def run(source: Path, jobs: int = 1, **overrides: object) -> Path:
        destination = tmp_path / "out"
        build(BuildOptions(source=source, destination=destination, overrides=dict(overrides),
                           jobs=jobs))
        return destination

    return run


BASIC_LAYOUTS = {
    "_layouts/default.html": "<main>{{ content }}</main>\n",
    "_layouts/post.html": """
        ---
        layout: default
        ---
        <h1>{{ page.title }}</h1>{{ content }}
        """,
}
