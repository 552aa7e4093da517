"""``python -m broadsheet`` runs the CLI."""

from .cli import main

raise SystemExit(main())
