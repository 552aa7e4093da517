"""``broadsheet build``: Jekyll's flags, a progress bar on long builds, a one-line summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..build import BuildOptions, build


def add_site_options(parser: argparse.ArgumentParser) -> None:
    """The flags ``build`` and ``serve`` share, named as Jekyll names them."""
    parser.add_argument("-s", "--source", type=Path, default=Path("."), help="site folder")
    parser.add_argument("-d", "--destination", type=Path, help="output folder (_site)")
    parser.add_argument("--config", help="configuration files, comma separated, merged in order")
    parser.add_argument("-D", "--drafts", action="store_true", help="render posts in _drafts")
    parser.add_argument("--future", action="store_true", help="publish posts dated in the future")
    parser.add_argument("--unpublished", action="store_true", help="render published: false")
    parser.add_argument("-b", "--baseurl", help="serve the site from this path")
    parser.add_argument("--limit_posts", "--limit-posts", type=int, help="only the newest N posts")
    parser.add_argument("-I", "--incremental", action="store_true",
                        help="rebuild only what changed since the last build")
    parser.add_argument("-j", "--jobs", type=int, help="worker processes (default: all cores)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    parser.add_argument("-V", "--verbose", action="store_true", help="print more")


def options_from(args: argparse.Namespace) -> BuildOptions:
    overrides: dict[str, Any] = {}
    if args.drafts:
        overrides["show_drafts"] = True
    if args.future:
        overrides["future"] = True
    if args.unpublished:
        overrides["unpublished"] = True
    if args.baseurl is not None:
        overrides["baseurl"] = args.baseurl
    if args.limit_posts is not None:
        overrides["limit_posts"] = args.limit_posts
    configs = [Path(item.strip()) for item in (args.config or "").split(",") if item.strip()]
    return BuildOptions(
        source=args.source, destination=args.destination, config_files=configs,
        overrides=overrides, jobs=args.jobs, incremental=args.incremental,
    )


def run(args: argparse.Namespace) -> int:
    options = options_from(args)
    show_progress = not args.quiet and sys.stderr.isatty()
    if show_progress:
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("Rendering", total=None)
            report = build(options, lambda done, total: bar.update(task, completed=done,
                                                                   total=total))
    else:
        report = build(options)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not args.quiet:
        print(
            f"Built {report.documents:,} documents into {report.pages_written:,} pages "
            f"and {report.static_files:,} files in {report.seconds:.2f} s → {report.destination}"
        )
    return 0
