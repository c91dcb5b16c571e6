"""The whole build: every output, reproducible bytes, and the public/internal split."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from support import DEFAULT_CONTENT

from generator.pipeline import build


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(DEFAULT_CONTENT, tmp_path / "one")
    build(DEFAULT_CONTENT, tmp_path / "two")
    files = _files(tmp_path / "one")
    assert files == _files(tmp_path / "two")
    assert {f.split("/")[0] for f in files} == {".handoff-build", "data", "enablement", "site"}
    assert len([f for f in files if f.endswith((".pptx", ".xlsx"))]) >= 10
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "one", tmp_path / "two", files, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_the_public_site_holds_no_collateral(tmp_path: Path) -> None:
    build(DEFAULT_CONTENT, tmp_path / "out")
    site = _files(tmp_path / "out" / "site")
    assert not [f for f in site if f.endswith((".pptx", ".xlsx", ".json")) and not f.startswith("search/")]
    assert not any("enablement" in (tmp_path / "out" / "site" / f).read_text(errors="replace")
                   for f in site if f.endswith(".html"))
