"""``broadsheet serve``: Jekyll's serve flags over the build's, then a dev-server session.

Two defaults differ from ``jekyll serve`` on purpose, because a writer runs this all
day: live reload is on (``--no-livereload`` turns it off), and rebuilds are incremental
(``--no-incremental`` forces full builds), as in Hugo.
"""

from __future__ import annotations

import argparse
import dataclasses

from .build import add_site_options, options_from


def add_serve_options(parser: argparse.ArgumentParser) -> None:
    add_site_options(parser)
    parser.add_argument("--no-incremental", dest="incremental", action="store_false",
                        help="rebuild the whole site on every change")
    parser.set_defaults(incremental=True)
    parser.add_argument("-H", "--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("-P", "--port", type=int, default=4000, help="port (0: any free one)")
    parser.add_argument("-l", "--livereload", action=argparse.BooleanOptionalAction,
                        default=True, help="reload open pages after each rebuild (default on)")
    parser.add_argument("--livereload-port", "--livereload_port", type=int,
                        help="serve live-reload events on their own port")
    parser.add_argument("-o", "--open-url", "--open_url", action="store_true",
                        help="open the site in the default browser")
    parser.add_argument("--skip-initial-build", "--skip_initial_build", action="store_true",
                        help="serve the destination as it is until the first change")
    parser.add_argument("-w", "--watch", action=argparse.BooleanOptionalAction, default=True,
                        help="rebuild when the source changes (default on)")


def run(args: argparse.Namespace) -> int:
    from ..serve.devserver import ServeOptions, serve  # not loaded for the other commands

    options = ServeOptions(
        build=dataclasses.replace(options_from(args), incremental=args.incremental),
        host=args.host, port=args.port, livereload=args.livereload,
        livereload_port=args.livereload_port, open_url=args.open_url,
        initial_build=not args.skip_initial_build, watch=args.watch, quiet=args.quiet,
    )
    return serve(options)
