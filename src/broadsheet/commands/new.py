"""``broadsheet new PATH``: a working news site, with example posts of our own writing."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from ..errors import ConfigError

SCAFFOLD = Path(__file__).resolve().parent.parent / "scaffold"


def run(args: argparse.Namespace) -> int:
    target: Path = args.path
    if target.exists() and any(target.iterdir()) and not args.force:
        raise ConfigError(f"{target} exists and is not empty (use --force to write into it)")
    shutil.copytree(SCAFFOLD, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "_site"))
    print(f"New news site written to {target}. Build it with: broadsheet build -s {target}")
    return 0
