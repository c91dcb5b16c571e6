from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support import FIXTURES, Edits, copy_content


@pytest.fixture
def small_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Return a function that makes an edited copy of tests/fixtures/small_b2b as ./content."""
    monkeypatch.chdir(tmp_path)

    def make(edits: Edits | None = None) -> Path:
        return copy_content(FIXTURES / "small_b2b", tmp_path / "content", edits)

    return make
