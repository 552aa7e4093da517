"""``python -m broadsheet`` runs the CLI."""

from .cli import run

run()
