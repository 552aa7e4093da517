"""Nothing a permalink says may put a file outside the folder being written."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.errors import UnsafePathError
from broadsheet.write.output import OutputFolder, StagingFolder, UpdateFolder

ESCAPES = ["../outside.html", "a/../../outside.html", "/etc/passwd", "", ".", "a/.."]


@pytest.mark.parametrize("relative", ESCAPES)
@pytest.mark.parametrize("kind", [OutputFolder, StagingFolder, UpdateFolder])
def test_paths_that_leave_the_folder_are_refused(tmp_path: Path, kind: type,
                                                 relative: str) -> None:
    destination = tmp_path / "_site"
    destination.mkdir()
    folder = kind(destination, []) if kind is OutputFolder else kind(destination)
    with pytest.raises(UnsafePathError, match="would leave the destination"):
        folder.write_text(relative, "x", source="_posts/p.md")
    assert not (tmp_path / "outside.html").exists()


@pytest.mark.parametrize("kind", [OutputFolder, StagingFolder, UpdateFolder])
def test_dot_segments_that_stay_inside_are_written_where_they_lead(tmp_path: Path,
                                                                   kind: type) -> None:
    destination = tmp_path / "_site"
    destination.mkdir()
    folder = kind(destination, []) if kind is OutputFolder else kind(destination)
    folder.write_text("news/./2025/../story.html", "<p>story</p>")
    assert (folder.root / "news" / "story.html").read_text() == "<p>story</p>"


def test_a_link_in_an_existing_destination_does_not_lead_out(tmp_path: Path) -> None:
    destination = tmp_path / "_site"
    destination.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (destination / "linked").symlink_to(elsewhere)
    with pytest.raises(UnsafePathError):
        UpdateFolder(destination).write_text("linked/page.html", "x")
    assert list(elsewhere.iterdir()) == []


def test_pages_deep_in_new_folders_are_written_and_a_file_in_the_way_is_an_error(
    tmp_path: Path,
) -> None:
    output = OutputFolder(tmp_path / "site", [])
    output.write_text("news/2025/08/22/talks.html", "<p>one</p>")
    output.write_text("news/2025/08/23/more.html", "<p>two</p>")
    output.write_text("news/2025/08/22/again.html", "<p>three</p>")
    output.write_text("news/2025/plain.html", "<p>four</p>")
    with pytest.raises(FileExistsError):  # as os.makedirs raises
        output.write_text("news/2025/plain.html/inside.html", "<p>five</p>")
    output.commit()
    assert (tmp_path / "site/news/2025/08/23/more.html").read_text() == "<p>two</p>"
    assert sorted(p.name for p in (tmp_path / "site/news/2025/08/22").iterdir()) == [
        "again.html", "talks.html"]


def test_a_path_joined_without_normpath_is_where_normpath_would_put_it() -> None:
    """Plain page paths are joined to the folder as text; any path, plain or not, must end
    where os.path.normpath puts it, or be refused where it would be."""
    import itertools
    import os

    from broadsheet.write.output import _inside

    base = "/tmp/out-xyz"
    for length in range(1, 6):
        for parts in itertools.product(["a", ".", "/", "b.html", "..", ".h"], repeat=length):
            relative = "".join(parts)
            expected = os.path.normpath(os.path.join(base, relative))
            if expected.startswith(base + os.sep):
                assert _inside(base, relative, None) == expected, relative
            else:
                with pytest.raises(UnsafePathError):
                    _inside(base, relative, None)
