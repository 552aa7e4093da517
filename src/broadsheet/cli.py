"""The ``broadsheet`` command. Verbs and flags follow Jekyll's where Jekyll has them.

Errors the user can cause are printed as one line naming the file and line, with exit
status 1; a traceback means a bug in Broadsheet.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from . import __version__
from .errors import BroadsheetError


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, told the terminal's width the way it would ask
    ``shutil.get_terminal_size``: argparse makes one for every option it adds, and
    importing shutil (and with it bz2, lzma and zlib) cost 1.5 ms before a build could
    start."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None):
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def parser() -> argparse.ArgumentParser:
    from .commands.build import add_site_options
    from .commands.serve import add_serve_options

    top = argparse.ArgumentParser(prog="broadsheet", description="A fast static news-site "
                                  "engine for Jekyll sites.", formatter_class=_Formatter)
    top.add_argument("--version", action="version", version=f"broadsheet {__version__}")
    verbs = top.add_subparsers(dest="verb", required=True)
    build = verbs.add_parser("build", aliases=["b"], help="build the site into _site",
                             formatter_class=_Formatter)
    add_site_options(build)
    new = verbs.add_parser("new", help="create a new news site", formatter_class=_Formatter)
    new.add_argument("path", type=Path)
    new.add_argument("--force", action="store_true", help="write into a non-empty folder")
    post = verbs.add_parser("post", help="write a new post dated now",
                            formatter_class=_Formatter)
    post.add_argument("title")
    post.add_argument("-s", "--source", type=Path, default=Path("."))
    post.add_argument("--category", action="append", help="a category (repeatable)")
    post.add_argument("--tag", action="append", help="a tag (repeatable)")
    post.add_argument("--author")
    post.add_argument("--excerpt")
    post.add_argument("--image")
    serve = verbs.add_parser("serve", aliases=["s"], help="build, serve, rebuild on changes "
                             "and reload open pages", formatter_class=_Formatter)
    add_serve_options(serve)
    return top


def run() -> None:
    """The console script: ``main``, then an exit that skips tearing down the heap.

    A build leaves millions of small objects (documents, parsed templates, facts); freeing
    them one by one at exit took longer than the rebuild of one post. Files are closed and
    the cache is committed before ``main`` returns, so nothing is lost by not freeing them.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.verb in ("build", "b"):
            from .commands import build

            # The cyclic collector would walk the whole site again and again while it is
            # read; the site's objects live until the build ends, so collect less often.
            thresholds = gc.get_threshold()
            gc.set_threshold(50_000, 20, 50)
            try:
                return build.run(args)
            finally:
                gc.set_threshold(*thresholds)
        if args.verb == "new":
            from .commands import new

            return new.run(args)
        if args.verb == "post":
            from .commands import post

            return post.run(args)
        if args.verb in ("serve", "s"):
            from .commands import serve

            return serve.run(args)
    except BroadsheetError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 2
