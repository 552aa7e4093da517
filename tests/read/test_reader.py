"""What the reader makes of a site folder: which documents, with which data and URLs."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.build import load_site
from broadsheet.config import load_config
from broadsheet.errors import ContentError
from tests.conftest import BASIC_LAYOUTS, write_tree

SEED = """
---
layout: post
title: "Harbour board delays the ferry vote"
date: 2025-08-22T05:44:58
author: "jdoe"
categories: [News]
tags: []
excerpt: "The board wants more time."
image: assets/images/0a1b2c3d4e5f60718293a4b5c6d7e8f9.jpg
---
Body.
"""


def _site(tmp_path: Path, files: dict[str, str | bytes], **overrides: object):
    root = write_tree(tmp_path / "site", {**BASIC_LAYOUTS, **files})
    return load_site(load_config(root, tmp_path / "out", overrides=overrides))


def test_a_seed_shaped_post_gets_jekylls_url_date_and_categories(tmp_path: Path) -> None:
    site = _site(tmp_path, {"_config.yml": "timezone: UTC\n",
                            "_posts/2025-08-22-harbour-vote.md": SEED})
    (post,) = site.posts
    assert post.url == "/news/2025/08/22/harbour-vote.html"
    assert post.output_path == "news/2025/08/22/harbour-vote.html"
    assert str(post.date) == "2025-08-22 05:44:58 +0000"
    assert post.data["categories"] == ["News"]
    assert post.data["tags"] == []
    assert post.data["slug"] == "harbour-vote"


def test_unquoted_dates_are_utc_shown_in_the_site_zone(tmp_path: Path) -> None:
    site = _site(tmp_path, {"_config.yml": "timezone: America/New_York\n",
                            "_posts/2025-08-22-harbour-vote.md": SEED,
                            "_posts/2025-08-23-quoted.md":
                                "---\ndate: '2025-08-23 10:00:00'\n---\nx\n"})
    unquoted, quoted = site.posts
    assert str(unquoted.date) == "2025-08-22 01:44:58 -0400"
    assert str(quoted.date) == "2025-08-23 10:00:00 -0400"


def test_categories_come_from_folders_above_posts_and_front_matter(tmp_path: Path) -> None:
    site = _site(tmp_path, {
        "sport/_posts/2025-01-02-final.md": "---\ncategories: Football Cup\ncategory: Late\n---\n",
    })
    (post,) = site.posts
    assert post.data["categories"] == ["sport", "Football", "Cup", "Late"]
    assert post.url == "/sport/football/cup/late/2025/01/02/final.html"


def test_future_unpublished_and_drafts_are_left_out_unless_asked(tmp_path: Path) -> None:
    files = {
        "_posts/2999-01-01-future.md": "---\ntitle: F\n---\n",
        "_posts/2020-01-01-hidden.md": "---\npublished: false\n---\n",
        "_posts/2020-01-02-shown.md": "---\n---\n",
        "_drafts/idea.md": "---\ntitle: Idea\n---\n",
    }
    assert [p.data["slug"] for p in _site(tmp_path / "a", files).posts] == ["shown"]
    everything = _site(tmp_path / "b", files, future=True, unpublished=True, show_drafts=True)
    assert sorted(p.data["slug"] for p in everything.posts) == ["future", "hidden", "idea",
                                                                "shown"]


def test_front_matter_defaults_apply_by_path_and_type(tmp_path: Path) -> None:
    site = _site(tmp_path, {
        "_config.yml": """
            defaults:
              - scope: {path: ""}
                values: {layout: default, author: desk}
              - scope: {path: "", type: posts}
                values: {layout: post}
              - scope: {path: "opinion"}
                values: {author: editor}
            """,
        "_posts/2025-01-01-a.md": "---\n---\n",
        "opinion/view.md": "---\n---\n",
        "about.md": "---\nauthor: me\n---\n",
    })
    assert site.posts[0].data["layout"] == "post"
    pages = {p.relative_path: p for p in site.pages}
    assert pages["opinion/view.md"].data["author"] == "editor"
    assert pages["about.md"].data["author"] == "me"
    assert pages["about.md"].data["layout"] == "default"


def test_data_files_of_every_format_nest_by_folder(tmp_path: Path) -> None:
    site = _site(tmp_path, {
        "_data/authors.yml": "jdoe: {name: Jane Doe}\n",
        "_data/desk/sections.json": '["News", "Sport"]',
        "_data/scores.csv": "team,points\nReds,3\n",
        "_data/rota.tsv": "day\tname\nMon\tAl\n",
    })
    assert site.data["authors"]["jdoe"]["name"] == "Jane Doe"
    assert site.data["desk"]["sections"] == ["News", "Sport"]
    assert site.data["scores"] == [{"team": "Reds", "points": "3"}]
    assert site.data["rota"] == [{"day": "Mon", "name": "Al"}]


def test_collections_pages_and_static_files(tmp_path: Path) -> None:
    site = _site(tmp_path, {
        "_config.yml": "collections:\n  desks:\n    output: true\n",
        "_desks/metro.md": "---\ntitle: Metro\n---\n",
        "_desks/logo.txt": "plain",
        "team/index.md": "---\n---\n",
        "robots.txt": "User-agent: *\n",
        "_private.md": "---\n---\n",
        ".hidden": "x",
    })
    assert [d.url for d in site.collections["desks"]] == ["/desks/metro.html"]
    assert [p.url for p in site.pages] == ["/team/"]
    assert sorted(s.output_path for s in site.static_files) == ["desks/logo.txt", "robots.txt"]


def test_a_post_file_name_without_a_date_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        _site(tmp_path, {"_posts/no-date-here.md": "---\ntitle: x\n---\n"})
    assert caught.value.path == "_posts/no-date-here.md"
    assert "YYYY-MM-DD" in caught.value.message


@pytest.mark.parametrize("setting", ["data_dir", "layouts_dir", "includes_dir"])
def test_config_folders_outside_the_site_are_refused(tmp_path: Path, setting: str) -> None:
    from broadsheet.errors import UnsafePathError

    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(UnsafePathError, match=setting):
        _site(tmp_path, {"_config.yml": f"{setting}: ../elsewhere\n"})
