"""Request paths → files of the built site; nothing outside it is ever reachable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from broadsheet.serve.paths import Outcome, normalise_baseurl, resolve
from tests.conftest import write_tree


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "secret.txt").write_text("outside\n")
    return write_tree(tmp_path / "_site", {
        "index.html": "<h1>front</h1>",
        "about.html": "about",
        "news/index.html": "news",
        "news/2025/story.html": "story",
        "assets/main.css": "body{}",
        "with space/é.html": "unicode",
    })


def test_files_folders_and_extensionless_pages(root: Path) -> None:
    assert resolve(root, "", "/assets/main.css").path == root / "assets/main.css"
    assert resolve(root, "", "/").path == root / "index.html"
    assert resolve(root, "", "/news/").path == root / "news/index.html"
    assert resolve(root, "", "/about").path == root / "about.html"
    assert resolve(root, "", "/news/2025/story.html?utm=x#top").path == (
        root / "news/2025/story.html")
    assert resolve(root, "", "/with%20space/%C3%A9.html").path == root / "with space/é.html"


def test_a_folder_without_its_slash_is_redirected(root: Path) -> None:
    found = resolve(root, "", "/news")
    assert (found.outcome, found.location) == (Outcome.REDIRECT, "/news/")


def test_missing_files_are_not_found(root: Path) -> None:
    for target in ("/nope.html", "/news/nope/", "/assets/", "/%ff%fe.html"):
        assert resolve(root, "", target).outcome is Outcome.NOT_FOUND, target


@pytest.mark.parametrize("target", [
    "/../secret.txt", "/news/../../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt",
    "/%2E%2E%2Fsecret.txt", "/assets/..%5c..%5csecret.txt", "/index.html%00.css",
])
def test_climbing_out_is_forbidden(root: Path, target: str) -> None:
    assert resolve(root, "", target).outcome is Outcome.FORBIDDEN


def test_symlinks_out_of_the_site_are_forbidden(root: Path) -> None:
    os.symlink(root.parent / "secret.txt", root / "leak.txt")
    os.symlink(root.parent, root / "up")
    os.symlink(root.parent / "secret.txt", root / "news/2025/index.html")
    assert resolve(root, "", "/leak.txt").outcome is Outcome.FORBIDDEN
    assert resolve(root, "", "/up/secret.txt").outcome is Outcome.FORBIDDEN
    assert resolve(root, "", "/news/2025/").outcome is Outcome.FORBIDDEN


def test_symlinks_inside_the_site_are_followed(root: Path) -> None:
    os.symlink(root / "assets", root / "static")
    assert resolve(root, "", "/static/main.css").path == root / "assets/main.css"


def test_the_site_is_served_under_its_baseurl(root: Path) -> None:
    assert resolve(root, "/paper", "/paper/about.html").path == root / "about.html"
    assert resolve(root, "/paper", "/paper/").path == root / "index.html"
    assert resolve(root, "/paper", "/").location == "/paper/"
    assert resolve(root, "/paper", "/paper").location == "/paper/"
    assert resolve(root, "/paper", "/about.html").outcome is Outcome.NOT_FOUND
    assert resolve(root, "/paper", "/paperback/").outcome is Outcome.NOT_FOUND
    assert resolve(root, "/paper", "/paper/../secret.txt").outcome is Outcome.FORBIDDEN


@pytest.mark.parametrize(("given", "expected"), [
    (None, ""), ("", ""), ("/", ""), ("paper", "/paper"), ("/paper/", "/paper"),
    ("/a/b", "/a/b"),
])
def test_baseurl_forms(given: str | None, expected: str) -> None:
    assert normalise_baseurl(given) == expected
