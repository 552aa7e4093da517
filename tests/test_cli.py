"""The ``broadsheet`` command as a user runs it: exit codes, messages, files written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from broadsheet.cli import main
from tests.conftest import BASIC_LAYOUTS, write_tree


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "broadsheet", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_new_then_build_makes_a_whole_news_site(tmp_path: Path) -> None:
    site = tmp_path / "paper"
    assert main(["new", str(site)]) == 0
    posts = sorted((site / "_posts").glob("*.md"))
    assert len(posts) >= 10
    result = _cli("build", "-s", str(site), "-d", str(site / "_site"))
    assert result.returncode == 0, result.stderr
    assert re.search(r"Built \d+ documents into \d+ pages", result.stdout)
    out = site / "_site"
    assert (out / "index.html").is_file()
    assert (out / "404.html").is_file()
    ignored = (site / ".gitignore").read_text().splitlines()  # output and caches, as jekyll new
    assert {"_site/", ".jekyll-cache/"} <= set(ignored)
    assert not (out / ".gitignore").exists()
    news = (out / "category/news/index.html").read_text()
    assert "Council approves the new riverside tram line" in news
    assert "Aske Rovers" not in news  # a sport story stays out of the news section
    assert any(out.glob("author/*/index.html"))
    assert any(out.rglob("*.css"))


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    assert main(["new", str(tmp_path / "taken")]) == 1
    assert "not empty" in capsys.readouterr().err
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"


def test_post_writes_the_seed_front_matter_shape(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", {"_config.yml": "timezone: UTC\n"})
    code = main(["post", "Council backs the tram: what's next?", "-s", str(site),
                 "--category", "News", "--tag", "transport", "--author", "mlewis"])
    assert code == 0
    (path,) = (site / "_posts").glob("*.md")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-council-backs-the-tram-what-s-next\.md", path.name)
    text = path.read_text()
    header = text.split("---")[1]
    keys = [line.split(":", 1)[0] for line in header.strip().splitlines()]
    assert keys == ["layout", "title", "date", "author", "categories", "tags", "excerpt"]
    data = yaml.safe_load(header)
    assert data["title"] == "Council backs the tram: what's next?"
    assert data["categories"] == ["News"] and data["tags"] == ["transport"]


def test_a_build_error_is_one_line_with_file_and_exit_1(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", {
        **BASIC_LAYOUTS, "about.md": "---\nlayout: default\n---\n{% for x in %}\n",
    })
    result = _cli("build", "-s", str(site), "-d", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: about.md:")
    assert not (tmp_path / "out").exists()


def test_a_source_that_is_not_there_is_an_error_not_an_empty_site(tmp_path: Path) -> None:
    for source, says in ((tmp_path / "no-such-site", "does not exist"),
                         (write_tree(tmp_path / "x", {"file.md": "x"}) / "file.md",
                          "is not a folder")):
        result = _cli("build", "-s", str(source), "-d", str(tmp_path / "out"))
        assert result.returncode == 1
        assert result.stderr.startswith("error: the site's source folder ")
        assert says in result.stderr and "Traceback" not in result.stderr
        assert not (tmp_path / "out").exists()


def test_help_is_laid_out_as_argparse_would_for_the_terminals_width(monkeypatch) -> None:
    """The help formatter measures the terminal as shutil would, without importing it."""
    import argparse

    from broadsheet import cli

    def helps() -> list[str]:
        top = cli.parser()
        verbs = top._subparsers._group_actions[0].choices  # type: ignore[union-attr]
        return [top.format_help(), verbs["build"].format_help(), verbs["serve"].format_help()]

    for columns in ("40", "120"):
        monkeypatch.setenv("COLUMNS", columns)
        ours = helps()
        with monkeypatch.context() as patched:
            patched.setattr(cli, "_Formatter", argparse.HelpFormatter)
            assert helps() == ours
        assert ours[1].startswith("usage: broadsheet build")
