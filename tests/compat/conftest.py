"""Pytest wiring for the compatibility suite: the ``compat`` marker and a closing table.

The strict (normalised-HTML) score is reported rather than asserted while the engine
catches up, so it has to be visible without ``-s``: the reports that ``test_compat.py``
collects are printed as a table in pytest's terminal summary.
"""

from __future__ import annotations

import pytest

from .harness import CompareReport, format_table

REPORTS_KEY = pytest.StashKey[list[CompareReport]]()


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker, so ``-m compat`` / ``-m 'not compat'`` select the suite."""
    config.addinivalue_line(
        "markers", "compat: builds sites with Jekyll and Broadsheet and compares the output"
    )
    config.stash[REPORTS_KEY] = []


@pytest.fixture(scope="session")
def compat_report_sink(pytestconfig: pytest.Config) -> list[CompareReport]:
    """The list the compat tests append their site reports to, for the summary below."""
    return pytestconfig.stash[REPORTS_KEY]


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Print the per-site agreement table when any compat test compared outputs."""
    reports = config.stash.get(REPORTS_KEY, [])
    if reports:
        terminalreporter.section("Jekyll compatibility")
        terminalreporter.write_line(format_table(reports))
