from __future__ import annotations

from pathlib import Path

import pytest
from support import DEFAULT_CONTENT, ROOT

from generator.content.load import load_content
from generator.context import build_context
from generator.outputs.collateral import Asset, build_collateral


@pytest.fixture(scope="session")
def enablement(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Asset]]:
    """The default content's enablement output, built once per session."""
    target = tmp_path_factory.mktemp("enablement") / "enablement"
    assets = build_collateral(build_context(load_content(DEFAULT_CONTENT)), target, ROOT / "enablement")
    return target, assets
