"""The builder process: builds, reports errors as values, survives a crash, stops cleanly."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from broadsheet.build import BuildOptions
from broadsheet.serve.builder import Builder
from tests.conftest import BASIC_LAYOUTS, write_tree


def site(tmp_path: Path, front_matter: str = "title: Hello") -> Path:
    return write_tree(tmp_path / "site", {
        **BASIC_LAYOUTS,
        "_posts/2025-01-02-hello.md": f"---\nlayout: post\n{front_matter}\n---\nHi.\n",
    })


def test_builds_and_reports_a_broken_file_with_its_line(tmp_path: Path) -> None:
    source = site(tmp_path)
    options = BuildOptions(source=source, destination=tmp_path / "out")
    builder = Builder([])
    try:
        assert builder.build(options).problem is None
        assert (tmp_path / "out/2025/01/02/hello.html").is_file()
        site(tmp_path, "title: [unclosed")
        result = builder.build(options)
        assert result.problem is not None
        assert result.problem.file is not None and "hello.md" in result.problem.file
        assert result.problem.line is not None and "YAML" in result.problem.message
        assert result.report.startswith("error: ")
    finally:
        assert builder.close() is False  # idle: nothing had to be killed
    assert not builder._process.is_alive()


def test_a_crashed_builder_is_replaced(tmp_path: Path) -> None:
    options = BuildOptions(source=site(tmp_path), destination=tmp_path / "out")
    builder = Builder([])
    try:
        assert builder._process.pid is not None
        os.kill(builder._process.pid, signal.SIGKILL)
        builder._process.join(5)
        crashed = builder.build(options)
        assert crashed.problem is not None and "restarted" in crashed.problem.message
        assert builder.build(options).problem is None
    finally:
        builder.close()
