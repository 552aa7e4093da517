"""Build the same generated news site with Broadsheet, Jekyll and Hugo, and compare speed.

    python bench/run.py --sizes 1000,10000 --theme minima --engines broadsheet,jekyll,hugo

For every size the corpus (``bench/corpus.py``: deterministic, in the seed post's shape) is
written once and each engine builds its own copy of it. Per engine and size the table gives
the clean build time, the time to rebuild after one post's body changed, peak memory, the
pages written (so a reader can see the engines did comparable work) and the ratios to
Broadsheet measured in the same run — only ratios from one run on one machine mean much.

Why the numbers are measured as they are:

* every build is a fresh process whose caches were cleared first (``engines.Engine.clear``),
  and times are the best of ``--repeat`` runs: on a shared two-core machine other work only
  ever adds time, so the minimum is the least noisy estimate (every run is in the JSON);
* memory is sampled during the first run of each kind only, and with ``--repeat`` above 1
  times come from the other runs: the sampler's reads of ``/proc`` take time from the
  build it watches (``measure.py``). The same rule holds for every engine;
* what is cleared is moved into ``WORK/.trash`` and deleted after the last build, not
  before the next one: on ext4 without a journal, files created within six minutes of
  thousands being deleted cost several times more (``engines.Trash``). The trash holds
  every output of the run until then (about 0.2 GB at 1,000 posts, 2 GB at 10,000), and
  a run started sooner than that after one in the same ``--work`` waits out the rest
  (``--keep-trash`` leaves the trash, for runs in other folders to follow at once).
  Deleting many files elsewhere on the disk just before a run skews it the same way;
* the rebuild edits a different post each repeat and checks that the new text reached the
  output, so an engine that skips work it should do shows up as ``stale``, not as fast;
* ``--timeout`` bounds every build: Jekyll on 10,000 posts may take many minutes, and a
  timeout is a result (printed as ``timeout``), not a failure of the benchmark.

Broadsheet's rebuild uses ``--incremental``. Hugo has no incremental command-line build,
so its rebuild is a second full run; ``--hugo-server`` also measures how long
``hugo server`` takes to write the edited page.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from corpus import write_corpus
from engines import Engine, Trash, compile_broadsheet, edit_post, prepare
from hugo_server import server_reaction
from measure import Run, measure

ENGINES = ("broadsheet", "jekyll", "hugo")
FORGET_DELETED = 400.0  # seconds until ext4 without a journal reuses freed inodes (measured)


@dataclass
class Result:
    """One engine on one corpus size: what the table prints and the JSON keeps."""

    engine: str
    posts: int
    theme: str
    clean: float | None = None  # best of --repeat, seconds; None: timed out or failed
    rebuild: float | None = None
    clean_cpu: float | None = None  # user + system seconds of the best run's process tree
    rebuild_cpu: float | None = None
    max_rss_mb: float = 0.0  # the largest process of any run (a priming build included)
    tree_pss_mb: float = 0.0
    clean_rss_mb: float = 0.0  # the largest process of the clean builds alone
    html_pages: int = 0
    files: int = 0
    server_reaction: float | None = None
    status: str = "ok"  # ok, timeout, failed: ..., stale, skipped: ...
    warnings: list[str] = field(default_factory=list)  # the engine's own, first build
    runs: list[dict[str, float | str]] = field(default_factory=list)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    trash = Trash(args.work / ".trash")
    paused = trash.settle(FORGET_DELETED)  # see Trash: deleting costs the next builds
    if paused:
        print(f"  waited {paused:.0f} s after deleting an earlier run's files in "
              f"{trash.folder}", file=sys.stderr)
    results: list[Result] = []
    try:
        for size in args.sizes:
            corpus = write_corpus(size, args.work / f"corpus-{args.theme}-{size}", args.theme,
                                  discard=trash.discard)
            for name in args.engines:
                result = bench_engine(name, corpus, size, args, trash)
                results.append(result)
                print(f"  {name} {size}: {result.status}", file=sys.stderr, flush=True)
    finally:
        if not args.keep_trash:
            trash.empty()  # after the last timed build
    table = format_table(results)
    for result in results:
        table += "".join(f"\n{result.engine} {result.posts}: {w}" for w in result.warnings)
    print(table)
    report = {"arguments": {k: str(v) for k, v in vars(args).items()},
              "results": [asdict(r) for r in results], "table": table}
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\n(saved {args.json}; build logs in {args.work})")
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", type=_ints, help="post counts, e.g. 1000,10000")
    parser.add_argument("--theme", choices=["minima", "news"], default="minima")
    parser.add_argument("--engines", default=",".join(ENGINES), type=_engines)
    parser.add_argument("--timeout", type=float, default=900, help="seconds per build")
    parser.add_argument("--jobs", type=int, help="Broadsheet's -j (and Hugo's GOMAXPROCS)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (best kept)")
    parser.add_argument("--hugo-server", action="store_true",
                        help="also time how long `hugo server` takes to rewrite an edited post")
    parser.add_argument("--broadsheet-src", type=Path,
                        help="benchmark the broadsheet package under this src/ folder (e.g. "
                        "a `git archive` snapshot) instead of the installed one")
    parser.add_argument("--work", type=Path, default=Path("/tmp/broadsheet-bench"),
                        help="where corpora, site copies, outputs and logs go")
    parser.add_argument("--json", type=Path, help="results file (default: WORK/results.json)")
    parser.add_argument("--keep-trash", action="store_true",
                        help="leave WORK/.trash for you to delete, so that runs in other "
                        "--work folders can follow this one without waiting (see Trash)")
    args = parser.parse_args(argv)
    args.work = args.work.resolve()
    args.json = args.json or args.work / "results.json"
    return args


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]


def _engines(text: str) -> list[str]:
    names = [part for part in text.split(",") if part]
    unknown = sorted(set(names) - set(ENGINES))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown engine(s): {', '.join(unknown)}")
    return names


# --------------------------------------------------------------------------- one engine


def bench_engine(name: str, corpus: Path, size: int, args: argparse.Namespace,
                 trash: Trash) -> Result:
    """Clean builds, then one-post rebuilds, of one engine on one corpus."""
    result = Result(name, size, args.theme)
    if name != "broadsheet" and shutil.which(name) is None:
        result.status = f"skipped: {name} is not installed"
        return result
    work = args.work / f"{args.theme}-{size}"
    work.mkdir(parents=True, exist_ok=True)
    engine = prepare(name, corpus, work, args.jobs, trash)
    if name == "broadsheet":
        if args.broadsheet_src:
            engine.env["PYTHONPATH"] = str(args.broadsheet_src.resolve())
        compile_broadsheet(args.broadsheet_src.resolve() if args.broadsheet_src else None)
    clean_runs: list[Run] = []
    for number in range(args.repeat):
        engine.clear()
        run = _timed(engine, engine.clean_build(), work / f"{name}-clean-{number}.log", args,
                     sample_memory=number == 0)
        if not _record(result, run, "clean"):
            return result
        clean_runs.append(run)
        result.warnings = result.warnings or _warnings(run)
    best = min(_unsampled(clean_runs), key=lambda run: run.seconds)
    result.clean, result.clean_cpu = best.seconds, best.cpu_seconds
    result.html_pages, result.files = count_output(engine.out)
    result.rebuild = rebuild(engine, result, work, args)
    if args.hugo_server and name == "hugo" and result.status == "ok":
        result.server_reaction = server_reaction(engine, edit_target(engine, -1), args.timeout)
    return result


def rebuild(engine: Engine, result: Result, work: Path, args: argparse.Namespace) -> float | None:
    """Best time to rebuild after one post's body changed (after a priming build)."""
    prime = engine.prime_build()
    if prime is not None:
        run = _timed(engine, prime, work / f"{engine.name}-prime.log", args)
        if not _record(result, run, "prime"):
            return None
    times: list[Run] = []
    for number in range(args.repeat):
        post = edit_target(engine, number)
        marker = edit_post(post, number)
        log = work / f"{engine.name}-rebuild-{number}.log"
        run = _timed(engine, engine.rebuild(), log, args, sample_memory=number == 0)
        if not _record(result, run, "rebuild"):
            return None
        if not output_contains(engine.out, marker):
            result.status = "stale: the edited post's new text is not in the output"
        times.append(run)
    best = min(_unsampled(times), key=lambda run: run.seconds)
    result.rebuild_cpu = best.cpu_seconds
    return best.seconds


def _timed(engine: Engine, argv: list[str], log: Path, args: argparse.Namespace, *,
           sample_memory: bool = True) -> Run:
    return measure(argv, cwd=engine.site.parent, env=engine.env, timeout=args.timeout,
                   log=log, sample_memory=sample_memory)


def _unsampled(runs: list[Run]) -> list[Run]:
    """The runs whose memory was not sampled, when there are any: sampling costs the
    build time (measure.py), so the first run gives the memory and the rest the time."""
    return runs[1:] if len(runs) > 1 else runs


def _warnings(run: Run) -> list[str]:
    """Lines where the engine says it skipped something: they explain differing page counts."""
    text = run.log.read_text(encoding="utf-8", errors="replace")
    return sorted({line.strip() for line in text.splitlines()
                   if line.lstrip().lower().startswith(("warning:", "warn "))})


def _record(result: Result, run: Run, kind: str) -> bool:
    """Keep one run's numbers; say whether the benchmark of this engine can go on."""
    result.max_rss_mb = max(result.max_rss_mb, run.max_rss_mb)
    result.tree_pss_mb = max(result.tree_pss_mb, run.tree_pss_mb)
    if kind == "clean":
        result.clean_rss_mb = max(result.clean_rss_mb, run.max_rss_mb)
    result.runs.append({"kind": kind, "seconds": round(run.seconds, 3),
                        "cpu_seconds": round(run.cpu_seconds, 3),
                        "max_rss_mb": round(run.max_rss_mb, 1),
                        "tree_pss_mb": round(run.tree_pss_mb, 1), "log": str(run.log)})
    if run.timed_out:
        result.status = "timeout"
    elif not run.ok:
        result.status = f"failed ({kind}, exit {run.returncode}): see {run.log}"
        print(run.tail(), file=sys.stderr)
    return run.ok


# --------------------------------------------------------------------------- the edit


def edit_target(engine: Engine, number: int = 0) -> Path:
    """A post from the middle of the corpus (a different one per repeat)."""
    posts = sorted(engine.posts_dir().glob("*.md"))
    posts = [p for p in posts if not p.name.startswith("_")]
    return posts[(len(posts) // 2 + number) % len(posts)]


def output_contains(out: Path, text: str) -> bool:
    return any(text in page.read_text(encoding="utf-8", errors="replace")
               for page in out.rglob("*.html"))


def count_output(out: Path) -> tuple[int, int]:
    """(HTML pages, all files) in an output folder."""
    files = [p for p in out.rglob("*") if p.is_file()]
    return sum(p.suffix == ".html" for p in files), len(files)


# --------------------------------------------------------------------------- the table


COLUMNS = ("theme", "posts", "engine", "clean s", "cpu s", "rebuild s", "cpu s",
           "clean RSS MB", "max RSS MB",
           "tree PSS MB", "html", "files", "clean ×bs", "rebuild ×bs", "status")


def format_table(results: list[Result]) -> str:
    """A Markdown table; the ratios are each engine's time over Broadsheet's, same size."""
    ours = {r.posts: r for r in results if r.engine == "broadsheet"}
    rows = [COLUMNS, tuple("---" for _ in COLUMNS)]
    for r in results:
        base = ours.get(r.posts)
        rows.append((
            r.theme, str(r.posts), r.engine, _secs(r.clean, r.status), _secs(r.clean_cpu, ""),
            _secs(r.rebuild, r.status), _secs(r.rebuild_cpu, ""),
            f"{r.clean_rss_mb:.0f}", f"{r.max_rss_mb:.0f}", f"{r.tree_pss_mb:.0f}",
            str(r.html_pages), str(r.files),
            _ratio(r.clean, base.clean if base else None),
            _ratio(r.rebuild, base.rebuild if base else None),
            r.status if r.server_reaction is None
            else f"{r.status}; server rewrite {r.server_reaction:.2f} s",
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
             for row in rows]
    return "\n".join(f"| {line} |" for line in lines)


def _secs(value: float | None, status: str) -> str:
    if value is not None:
        return f"{value:.2f}"
    return "timeout" if status == "timeout" else "—"


def _ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:.1f}×" if value is not None and base else "—"


if __name__ == "__main__":
    sys.exit(main())
