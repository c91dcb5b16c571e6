from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support import DEFAULT_CONTENT, ROOT, require_program

from generator.collateral import Asset, build_collateral
from generator.load import load_content


@pytest.fixture(scope="session")
def enablement(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Asset]]:
    """The default content's enablement output, built once per session."""
    target = tmp_path_factory.mktemp("enablement") / "enablement"
    assets = build_collateral(load_content(DEFAULT_CONTENT), target, ROOT / "enablement")
    return target, assets


def soffice_convert(files: list[Path], fmt: str, outdir: Path, profile: Path) -> None:
    """Convert files with one headless LibreOffice run (starting it is the slow part)."""
    soffice = require_program("soffice", "libreoffice")
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
         "--outdir", str(outdir), *map(str, files)],
        check=True, capture_output=True, timeout=600,
    )
