"""Print how closely Broadsheet's output matches Jekyll's, site by site.

Usage: ``python -m tests.compat.report [-v] [SITE ...]`` from the repository root. A SITE
is a suite-site name (a folder of ``tests/compat/sites/``) or a path to any Jekyll site;
without one, every suite site is built. Jekyll builds come from the cache when the site is
unchanged, so re-running after an engine change costs only Broadsheet's builds.

The table is the progress measure for the compatibility issues: "strict" counts pages equal
as normalised HTML, "text" pages whose visible text is equal, "share" is the strict share of
Jekyll's pages. ``-v`` adds each site's first differences.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from .harness import (
    BuildError,
    CompareReport,
    build_with_broadsheet,
    build_with_jekyll,
    compare,
    format_table,
    resolve_site,
    suite_sites,
)


def main(argv: list[str] | None = None) -> int:
    """Build and compare the chosen sites; exit 1 if any engine failed to build one."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.compat.report", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("sites", nargs="*", help="suite-site names or site folders")
    parser.add_argument("-v", "--verbose", action="store_true", help="show first differences")
    parser.add_argument("--details", type=int, default=10, help="differences shown per site")
    args = parser.parse_args(argv)

    reports: list[CompareReport] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="broadsheet-compat-") as tmp:
        for name in args.sites or suite_sites():
            site = resolve_site(name)
            try:
                jekyll_out = build_with_jekyll(site)
                ours_out = build_with_broadsheet(site, work_dir=Path(tmp) / site.name)
            except BuildError as exc:
                failures.append(f"{site.name}: {exc}")
                continue
            report = compare(jekyll_out, ours_out, site=site.name)
            reports.append(report)
            if args.verbose:
                print(report.format(max_details=args.details), end="\n\n")
    if reports:
        print(format_table(reports))
    for failure in failures:
        print(f"\nBUILD FAILED {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
