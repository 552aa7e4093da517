"""Time from saving a post to the open browser tab showing the change, under ``serve``.

    python bench/serve_latency.py 1000 10000 [--runs 5] [--sites bench/sites]

For each size: write the bench corpus (news theme) unless it is there, start
``broadsheet serve`` on it, open the newest post in headless Chromium (the same harness
as tests/serve), then repeatedly change the post and save: its title (``--edit title``,
the default, which reaches the front page, sections, feed and neighbours) or a sentence of
its body (``--edit body``, the commonest edit, which the server applies to the site it
keeps). The time is from just before the file is written to the moment the reloaded
page's DOM is ready with the change — read from the browser's own clock, so Playwright's
polling adds nothing. The server's own "Built in" line is reported beside it, to show how
much of it is the build.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.serve.harness import ServedSite, launch_chromium, wait_until_connected  # noqa: E402

SHOWN_AT = """
document.addEventListener("DOMContentLoaded", () => { window.__shownAt = Date.now(); });
"""


def corpus(count: int, sites: Path) -> Path:
    site = sites / f"news-{count}"
    if not (site / "_posts").is_dir():
        subprocess.run([sys.executable, str(ROOT / "bench/corpus.py"), str(count), "--theme",
                        "news", "--out", str(site)], check=True)
    return site


def set_title(post: Path, title: str) -> None:
    text = post.read_text(encoding="utf-8")
    scratch = post.with_name(f".{post.name}.saving")
    scratch.write_text(re.sub(r"(?m)^title: .*$", f'title: "{title}"', text, count=1))
    scratch.replace(post)  # as an editor saves


def set_body(post: Path, sentence: str) -> None:
    text = re.sub(r"\n\nLatency marker: .*\n$", "\n", post.read_text(encoding="utf-8"))
    scratch = post.with_name(f".{post.name}.saving")
    scratch.write_text(text.rstrip("\n") + f"\n\nLatency marker: {sentence}\n")
    scratch.replace(post)


def measure(site: Path, runs: int, extra: list[str], edit: str = "title") -> dict[str, object]:
    post = sorted((site / "_posts").glob("*.md"))[-1]
    original = post.read_text(encoding="utf-8")
    started = time.perf_counter()
    results: list[tuple[float, float]] = []
    try:
        with ServedSite(site, *extra, startup_timeout=900) as served, \
                sync_playwright() as playwright:
            startup = time.perf_counter() - started
            browser = launch_chromium(playwright)
            page = browser.new_page()
            page.add_init_script(SHOWN_AT)
            page.goto(served.url)
            slug = post.stem[len("2025-08-22-"):]
            page.goto(served.url + page.locator(f'a[href$="/{slug}.html"]').first
                      .get_attribute("href").lstrip("/"))
            for run in range(runs):
                wait_until_connected(page)
                title = f"Latency run {run} of the Benchmark Herald"
                seen = len(served.lines)
                saved_at = time.time() * 1000
                if edit == "body":
                    set_body(post, title)
                    shown = expect(page.locator(".article__body")).to_contain_text
                else:
                    set_title(post, title)
                    shown = expect(page.locator("h1").first).to_have_text
                try:
                    shown(title, timeout=300_000)
                except AssertionError:
                    print("\n".join(served.lines[-40:]), file=sys.stderr)  # the server's side
                    raise
                shown_at = page.wait_for_function("() => window.__shownAt").json_value()
                built = served.wait_for_line(r"Built in ([\d.]+) s", 300, after=seen)
                results.append(((shown_at - saved_at) / 1000, float(built.group(1))))
            browser.close()
    finally:
        post.write_text(original, encoding="utf-8")
    visible = [seconds for seconds, _ in results]
    return {"startup_s": startup, "runs": results, "median_visible_s": statistics.median(visible),
            "median_build_s": statistics.median(build for _, build in results)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", type=int, nargs="+")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sites", type=Path, default=ROOT / "bench/sites")
    parser.add_argument("--no-incremental", action="store_true", help="full rebuilds")
    parser.add_argument("--edit", choices=("title", "body"), default="title")
    args = parser.parse_args()
    extra = ["--no-incremental"] if args.no_incremental else []
    for count in args.counts:
        result = measure(corpus(count, args.sites), args.runs, extra, args.edit)
        runs = ", ".join(f"{shown:.2f} s (build {build:.2f} s)" for shown, build in
                         result["runs"])  # type: ignore[union-attr]
        print(f"{count:>6} posts, {args.edit} edit: save → visible median "
              f"{result['median_visible_s']:.2f} s, "
              f"build median {result['median_build_s']:.2f} s; startup "
              f"{result['startup_s']:.1f} s; runs: {runs}", flush=True)


if __name__ == "__main__":
    main()
