from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitekit import DEFAULT_CONTENT, FIXTURES, build_to, serving
from support import require_program

from generator.content.load import load_content


@pytest.fixture(scope="session")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The default content's public site, built once per test session."""
    yield build_to(load_content(DEFAULT_CONTENT), tmp_path_factory.mktemp("site") / "site")


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def server(default_site: Path) -> Iterator[str]:
    with serving(default_site) as url:
        yield url


@pytest.fixture(scope="session")
def consumer_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The consumer fixture's public site (en_GB, GBP, brand fonts not vendored), built once."""
    yield build_to(load_content(FIXTURES / "b2c_minimal"), tmp_path_factory.mktemp("b2c") / "site")


@pytest.fixture(scope="session")
def consumer_server(consumer_site: Path) -> Iterator[str]:
    with serving(consumer_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    chromium = require_program("chromium", "chromium-browser")
    from playwright import sync_api  # in the test extra; only the browser is a system program

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
