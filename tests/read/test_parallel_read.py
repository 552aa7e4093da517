"""Posts parsed by several processes come back the same, in the same order, and a bad file
among them is reported as a single process would report it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from broadsheet import forked
from broadsheet.build import load_site
from broadsheet.config import load_config
from broadsheet.errors import BroadsheetError
from broadsheet.read import parallel, reader
from broadsheet.read.reader import SiteReader
from tests.conftest import BASIC_LAYOUTS, write_tree


def _post(day: int, hour: int) -> str:
    return (f"---\nlayout: post\ntitle: \"Council story {day}-{hour}\"\n"
            f"date: 2025-03-{day:02d}T{hour:02d}:15:00\nauthor: \"desk\"\n"
            f"categories: [{'City' if hour % 2 else 'Port'}]\ntags: [t{hour % 3}]\n"
            f"excerpt: \"Summary {day}-{hour}.\"\n---\nThe body of story {day}-{hour}.\n")


def _files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {**BASIC_LAYOUTS, "_config.yml": "timezone: UTC\n"}
    for day in range(1, 11):
        for hour in range(6):
            files[f"_posts/2025-03-{day:02d}-story-{day}-{hour}.md"] = _post(day, hour)
    return files


def _read(root: Path, out: Path, jobs: int):  # noqa: ANN202
    return load_site(load_config(root, out), jobs)


@pytest.fixture(autouse=True, params=[1, 7, 100], ids=["runs-of-1", "runs-of-7", "one-run"])
def small_threshold(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Sixty posts, taken one at a time, seven at a time, or all in one run."""
    monkeypatch.setattr(reader, "PARALLEL_READ", 10)
    monkeypatch.setattr(parallel, "RUN_POSTS", request.param)


@pytest.mark.parametrize("jobs", [2, 3])
def test_posts_read_in_parallel_equal_posts_read_in_one_process(
    tmp_path: Path, jobs: int
) -> None:
    root = write_tree(tmp_path / "site", _files())
    one = _read(root, tmp_path / "out", 1).posts
    many = _read(root, tmp_path / "out", jobs).posts
    assert len(one) == len(many) == 60
    for a, b in zip(one, many, strict=True):
        assert (a.relative_path, a.source_path, a.url, a.date, a.data, a.content) == (
            b.relative_path, b.source_path, b.url, b.date, b.data, b.content)
    assert many[-1].url == "/city/2025/03/10/story-10-5.html"


def test_a_bad_post_among_many_is_named_with_its_line(tmp_path: Path) -> None:
    files = _files()
    files["_posts/2025-03-04-story-4-2.md"] = "---\ntitle: fine\ntags: [unclosed\n---\nBody\n"
    files["_posts/2025-03-09-story-9-1.md"] = "---\ntitle: [also bad\n---\nBody\n"
    root = write_tree(tmp_path / "site", files)
    with pytest.raises(BroadsheetError) as raised:
        _read(root, tmp_path / "out", 2)
    assert "_posts/2025-03-04-story-4-2.md" in str(raised.value)  # the first in reading order
    assert raised.value.line is not None and raised.value.line >= 2


def test_a_bad_post_read_by_a_worker_is_named_with_its_line(tmp_path: Path) -> None:
    files = _files()
    files["_posts/2025-03-09-story-9-1.md"] = "---\ntitle: [also bad\n---\nBody\n"
    root = write_tree(tmp_path / "site", files)
    with pytest.raises(BroadsheetError) as alone:
        _read(root, tmp_path / "out", 1)
    with pytest.raises(BroadsheetError) as raised:
        _read(root, tmp_path / "out", 2)  # the last share is read by a worker process
    assert "_posts/2025-03-09-story-9-1.md" in str(raised.value)
    assert (str(raised.value), raised.value.line) == (str(alone.value), alone.value.line)


def test_the_render_stage_is_imported_while_workers_read(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "site", _files())
    calls: list[int] = []

    def meanwhile() -> None:  # how many processes this one has forked and not reaped
        tasks = Path(f"/proc/{os.getpid()}/task")
        calls.append(sum(len((task / "children").read_text().split())
                         for task in tasks.iterdir()))

    site = SiteReader(load_config(root, tmp_path / "out"), jobs=2, meanwhile=meanwhile).read()
    assert calls == [1]  # once, while the one worker was reading
    assert len(site.posts) == 60


def test_every_run_is_taken_once_by_one_of_the_processes() -> None:
    runs = forked.Runs(forked.MOST_RUNS)

    def take_all(sender: forked.Sender) -> None:
        taken = []
        while (number := runs.take()) is not None:
            taken.append(number)
        sender.send(taken)

    worker = forked.Worker(take_all)
    mine = []
    while (number := runs.take()) is not None:
        mine.append(number)
    (theirs,) = list(worker.received(wait=True))
    worker.close()
    runs.close()
    assert sorted(mine + theirs) == list(range(forked.MOST_RUNS))
    assert mine == sorted(mine) and theirs == sorted(theirs)
    assert worker.exit_code == 0


def test_a_slow_start_here_leaves_more_posts_to_the_workers(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    import os
    import time

    root = write_tree(tmp_path / "site", _files())
    here = os.getpid()
    readers: list[int] = []
    real = SiteReader.make_document

    def make_document(self: SiteReader, *args: object, **kwargs: object):  # noqa: ANN202
        if os.getpid() == here:
            readers.append(here)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SiteReader, "make_document", make_document)
    site = SiteReader(load_config(root, tmp_path / "out"), jobs=2,
                      meanwhile=lambda: time.sleep(0.5)).read()
    assert len(site.posts) == 60
    assert readers == []  # the worker read every post while this process was busy


def test_a_reading_worker_that_dies_fails_the_build_naming_its_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    root = write_tree(tmp_path / "site", _files())
    real = parallel._send_runs

    def dies_holding_a_run(runs: object, sender: object) -> None:
        runs.take()  # type: ignore[attr-defined]
        os._exit(3)

    monkeypatch.setattr(parallel, "_send_runs", dies_holding_a_run)
    with pytest.raises(BroadsheetError, match=r"a worker reading posts stopped \(exit code 3\)"):
        _read(root, tmp_path / "out", 2)
    monkeypatch.setattr(parallel, "_send_runs", real)
    assert len(_read(root, tmp_path / "out", 2).posts) == 60


def test_a_bug_in_a_reading_worker_is_shown_and_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    root = write_tree(tmp_path / "site", _files())

    def buggy(runs: object, sender: object) -> None:
        raise RuntimeError("a bug in the reader")

    monkeypatch.setattr(parallel, "_send_runs", buggy)
    with pytest.raises(BroadsheetError, match=r"a worker reading posts stopped \(exit code 1\)"):
        _read(root, tmp_path / "out", 2)
    assert "RuntimeError: a bug in the reader" in capfd.readouterr().err


def test_every_run_number_fits_the_smallest_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    """All run numbers are written before anything reads them: in a pipe of one page (what
    Linux gives once a user's pipes have used up their quota) that must not wait."""
    import fcntl
    import os
    import threading

    if not hasattr(fcntl, "F_SETPIPE_SZ"):
        pytest.skip("pipe sizes are Linux's")
    real = os.pipe

    def one_page_pipe() -> tuple[int, int]:
        reader_end, writer_end = real()
        fcntl.fcntl(writer_end, fcntl.F_SETPIPE_SZ, 4096)
        return reader_end, writer_end

    monkeypatch.setattr(os, "pipe", one_page_pipe)
    made: list[forked.Runs] = []
    writer = threading.Thread(target=lambda: made.append(forked.Runs(forked.MOST_RUNS)),
                              daemon=True)
    writer.start()
    writer.join(5)
    assert made, "writing the run numbers waited for a reader"
    taken = []
    while (number := made[0].take()) is not None:
        taken.append(number)
    made[0].close()
    assert taken == list(range(forked.MOST_RUNS))
