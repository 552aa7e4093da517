from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.errors import FrontMatterError
from broadsheet.read.frontmatter import read_text, split


def test_front_matter_and_body_are_split_where_jekyll_splits_them() -> None:
    parsed = split("---\ntitle: Hello\ntags: [a, b]\n---\nBody line\n", "post.md")
    assert parsed.data == {"title": "Hello", "tags": ["a", "b"]}
    assert parsed.body == "Body line\n"
    assert parsed.body_line == 5


def test_a_file_without_a_leading_dashes_line_has_no_front_matter() -> None:
    parsed = split("title: nope\n---\nbody", "page.md")
    assert parsed.data is None
    assert parsed.body == "title: nope\n---\nbody"


def test_yaml_1_1_booleans_and_timestamps_follow_ruby() -> None:
    parsed = split("---\npublished: no\ndate: 2025-08-22T05:44:58\n---\n", "p.md")
    assert parsed.data is not None
    assert parsed.data["published"] is False
    assert parsed.data["date"].year == 2025


def test_broken_yaml_names_the_file_and_line() -> None:
    with pytest.raises(FrontMatterError) as caught:
        split("---\ntitle: ok\ntags: [unclosed\nauthor: x\n---\nbody", "_posts/2025-01-01-a.md")
    error = caught.value
    assert error.path == "_posts/2025-01-01-a.md"
    assert error.line is not None and error.line >= 3
    assert "_posts/2025-01-01-a.md:" in str(error)


def test_front_matter_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(FrontMatterError, match="mapping"):
        split("---\n- a\n- b\n---\n", "x.md")


def test_a_long_file_is_read_whole(tmp_path: Path) -> None:
    body = "".join(f"Paragraph {n} of a long report.\n\n" for n in range(8000))  # 270 KB
    path = tmp_path / "long.md"
    path.write_text("---\ntitle: Long\n---\n" + body, encoding="utf-8")
    assert len(body) > 3 * 65536
    assert split(read_text(path, "long.md"), "long.md").body == body
