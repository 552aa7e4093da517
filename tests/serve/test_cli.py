"""``broadsheet serve`` as a command: its flags, a busy port, and stopping with Ctrl-C."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from broadsheet.cli import parser
from tests.serve.harness import ServedSite

JEKYLL_FLAGS = ["--host", "--port", "--livereload", "--livereload-port", "--drafts",
                "--future", "--unpublished", "--incremental", "--baseurl", "--open-url",
                "--skip-initial-build", "--no-watch"]


def test_serve_takes_jekylls_flags() -> None:
    args = parser().parse_args(["s", "-H", "0.0.0.0", "-P", "4001", "--livereload",
                                "--livereload-port", "35729", "--drafts", "--future",
                                "--unpublished", "--incremental", "--baseurl", "/paper",
                                "--open-url", "--skip-initial-build", "--no-watch"])
    assert (args.host, args.port, args.livereload_port, args.baseurl) == (
        "0.0.0.0", 4001, 35729, "/paper")
    assert args.livereload and args.open_url and args.skip_initial_build and not args.watch
    assert args.drafts and args.future and args.unpublished and args.incremental
    help_text = parser()._subparsers._group_actions[0].choices["serve"].format_help()
    for flag in JEKYLL_FLAGS:
        assert flag in help_text


def test_serving_defaults() -> None:
    args = parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 4000)
    assert args.livereload and args.watch and args.incremental  # on while serving


def test_a_busy_port_is_one_clear_line(example_site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "broadsheet", "serve", "-s",
                                 str(example_site), "--port", str(port)],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: port {port} on 127.0.0.1 is already in use")
    assert "--port" in result.stderr and "Traceback" not in result.stderr
    assert not (example_site / "_site").exists()  # refused before building anything


def test_ctrl_c_stops_it_cleanly_with_pages_listening(example_site: Path) -> None:
    served = ServedSite(example_site, "--livereload-port", "0")
    with served:
        with urllib.request.urlopen(served.url, timeout=5) as response:
            page = response.read().decode()
        events = re.search(r'data-events="//([^"]+)"', page)
        assert events is not None and not events.group(1).startswith(served.url[7:])
        stream = urllib.request.urlopen(f"http://{events.group(1)}", timeout=5)
        assert stream.readline().startswith(b"retry:")  # an open stream must not hold it up
    stream.close()
    assert served.process is not None and served.process.returncode == 0
    assert served.lines[-1] == "Stopped."
    assert "Traceback" not in "\n".join(served.lines)
    assert processes_serving(example_site) == []  # the builder and its workers too


def processes_serving(site: Path) -> list[int]:
    """Processes whose command line names ``site`` (the builder is a fork: it does)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if entry.name.isdigit() and str(site).encode() in command:
            found.append(int(entry.name))
    return found


def test_skip_initial_build_and_no_watch_serve_what_is_there(example_site: Path) -> None:
    (example_site / "_site").mkdir()
    (example_site / "_site/index.html").write_text("<p>as it was</p>")
    with ServedSite(example_site, "--skip-initial-build", "--no-watch") as served:
        with urllib.request.urlopen(served.url, timeout=5) as response:
            assert response.read().startswith(b"<p>as it was</p>")
        assert not any(line.startswith("Built") for line in served.lines)


def test_a_burst_of_saves_is_one_rebuild(example_site: Path) -> None:
    posts = sorted((example_site / "_posts").glob("*.md"))
    with ServedSite(example_site) as served:
        seen = len(served.lines)
        for post in posts:  # like a git checkout touching every post
            post.write_text(post.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
        burst = served.wait_for_line(r"^Built in .*\((changed: .*)\)", after=seen)
        assert f"and {len(posts) - 3} more" in burst.group(1)
        seen = len(served.lines)
        (example_site / "about.md").write_text("---\ntitle: About\n---\nNew.\n")
        served.wait_for_line(r"^Built in .*changed: about\.md\)", after=seen)
    builds = [line for line in served.lines if line.startswith("Built in")]
    assert len(builds) == 3  # the first build, the burst, and about.md
