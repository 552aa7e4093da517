"""Fixtures for the dev server's tests: an example site per test, one browser per run."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from broadsheet.cli import main
from tests.serve.harness import CHROMIUM, launch_chromium


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: drives headless Chromium against a served site")


@pytest.fixture(scope="session")
def example_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("template") / "paper"
    assert main(["new", str(site)]) == 0
    return site


@pytest.fixture
def example_site(example_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the example news site that ``broadsheet new`` writes."""
    return Path(shutil.copytree(example_template, tmp_path / "paper"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright  # a test extra: missing is a failure

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
