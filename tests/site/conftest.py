from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sitekit import DEFAULT_CONTENT, build_to

from generator.content.load import load_content


@pytest.fixture(scope="session")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The default content's public site, built once per test session."""
    yield build_to(load_content(DEFAULT_CONTENT), tmp_path_factory.mktemp("site") / "site")
