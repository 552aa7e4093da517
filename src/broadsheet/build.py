"""``build()``: read → index → render → write, in that order, and nothing else.

Clean builds render in parallel (render/parallel.py): the site is read and indexed once,
the renderer (with its parsed layouts) is created, and then worker processes are forked,
so each inherits the site without pickling it, and write their pages straight into the
new output folder, which is swapped in only when every page is written.

Incremental builds (``--incremental``, and the dev server) are in cache/rebuild.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import plugins
from .config import Config, load_config
from .read.reader import SiteReader

if TYPE_CHECKING:  # imported while the posts are read: see import_render_stage
    from .index.site import Site
    from .render.parallel import Gatherer
    from .render.renderer import Renderer



@dataclass
class BuildOptions:
    """What ``broadsheet build`` was asked to do: the command line's options."""
    source: Path = Path(".")
    destination: Path | None = None
    config_files: list[Path] = field(default_factory=list)
    overrides: dict[str, Any] = field(default_factory=dict)
    jobs: int | None = None
    incremental: bool = False  # reuse the cache in the site's cache folder


@dataclass
class BuildReport:
    """What a build did, for the command line's closing line and the dev server."""
    documents: int
    pages_written: int
    static_files: int
    seconds: float
    destination: Path
    warnings: list[str] = field(default_factory=list)
    # an incremental build's files written or removed; None: the whole folder may differ
    touched: list[str] | None = None


def load_site(config: Config, jobs: int | None = None) -> Site:
    """Read and index a site: everything up to rendering."""
    content = SiteReader(config, jobs=jobs,
                         meanwhile=lambda: import_render_stage(config)).read()
    from .index.site import index_site  # imported by then

    return index_site(content)


def import_render_stage(config: Config | None = None) -> None:
    """Import what the stages after reading need: python-liquid, the renderer and the
    Markdown converter, the index, the render loop, the output folder, and the plugins
    ``config`` enables.

    That is about 40 ms of one core, a seventh of a clean build of 1,000 posts; the reader
    calls this while its workers parse posts, so it costs no time of its own. Modules are
    imported once per process, so calling it again, or after they were, costs nothing.
    """
    from .index import site  # noqa: F401
    from .render import markdown, parallel, renderer  # noqa: F401
    from .write import output  # noqa: F401

    if config is not None:
        from .plugins import enabled_by

        enabled_by(config)


def build(options: BuildOptions, progress: Callable[[int, int], None] | None = None
          ) -> BuildReport:
    started = time.perf_counter()
    config = load_config(options.source, options.destination, options.config_files or None,
                         options.overrides)
    if options.incremental:
        from .cache.rebuild import build_incremental

        site, written, touched = build_incremental(config, options.jobs, progress)
    else:
        touched = None
        site = load_site(config, options.jobs)
        from .render.renderer import Renderer

        written, _ = render_clean(site, Renderer(site), options.jobs, progress)
    return BuildReport(
        documents=len(site.posts) + sum(len(d) for d in site.collections.values()),
        pages_written=written, static_files=len(site.static_files),
        seconds=time.perf_counter() - started, destination=config.destination,
        warnings=plugins.unknown(site), touched=touched,
    )


def render_clean(site: Site, renderer: Renderer, jobs: int | None,
                 progress: Callable[[int, int], None] | None,
                 learned: Gatherer | None = None) -> tuple[int, Gatherer | None]:
    """Render every page into a new folder and swap it in place of the destination.

    With a tracking renderer, also gather what each output read, for the cache, into
    ``learned`` (or a new Learned), and return it."""
    from .render.parallel import render_all
    from .write.output import OutputFolder

    documents = [doc for doc in site.documents() if doc.write and doc.output_path]
    output = OutputFolder(site.config.destination, site.config.keep_files)
    try:
        written, learned = render_all(renderer, documents, output, jobs, progress, learned)
        for item in site.static_files:
            output.copy_file(item.output_path, item.source_path)
        output.commit()
    except BaseException:
        output.abandon()
        raise
    return written, learned


