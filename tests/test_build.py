"""The whole build: every output, reproducible bytes, and the public/internal split."""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

import pytest
from support import DEFAULT_CONTENT, build_files

from generator.pipeline import build


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Everything, PDFs and the portal included; the second build renders afresh, without the cache."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(DEFAULT_CONTENT, tmp_path / "one")
    monkeypatch.setenv("HANDOFF_CACHE", "off")
    build(DEFAULT_CONTENT, tmp_path / "two")
    files = build_files(tmp_path / "one")
    assert files == build_files(tmp_path / "two")
    assert {f.split("/")[0] for f in files} == {".handoff-build", "data", "enablement", "site"}
    assert len([f for f in files if f.endswith((".pptx", ".xlsx"))]) >= 10
    if shutil.which("soffice") or os.environ.get("HANDOFF_REQUIRE_TOOLS") == "1":
        assert len([f for f in files if f.endswith(".pdf")]) >= 15
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "one", tmp_path / "two", files, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_the_public_site_holds_no_collateral(tmp_path: Path) -> None:
    build(DEFAULT_CONTENT, tmp_path / "out")
    site = build_files(tmp_path / "out" / "site")
    assert not [f for f in site if f.endswith((".pptx", ".xlsx", ".json")) and not f.startswith("search/")]
    assert not any(
        "enablement" in (tmp_path / "out" / "site" / f).read_text(errors="replace") for f in site if f.endswith(".html")
    )


def test_a_builder_crashing_mid_build_leaves_the_previous_build_and_no_staging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import pipeline

    out = tmp_path / "out"
    build(DEFAULT_CONTENT, out)
    before = {f: (out / f).read_bytes() for f in build_files(out)}

    def crash(*args: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setitem(pipeline.BUILDERS, "enablement", crash)
    with pytest.raises(RuntimeError, match="disk full"):
        build(DEFAULT_CONTENT, out)
    assert {f: (out / f).read_bytes() for f in build_files(out)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_rebuilding_over_a_build_replaces_it_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(DEFAULT_CONTENT, out)
    stale = out / "site" / "stale.html"
    stale.write_text("from an older build")
    build(DEFAULT_CONTENT, out)
    assert not stale.exists()
    assert (out / "site/index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_drafts_and_internal_case_studies_stay_off_the_site(tmp_path: Path) -> None:
    from support import copy_content

    content = copy_content(
        DEFAULT_CONTENT,
        tmp_path / "content",
        {
            "articles/two-hour-arrival-windows.md": ("---\n", "---\ndraft: true\n"),
            # A proof point that cites the internal story: the claim may be public, the story is not.
            "positioning.yaml": (
                "    case_study: kessler-comfort\n  - id: status-calls",
                "    case_study: summit-ridge-electric\n  - id: status-calls",
            ),
        },
    )
    result = build(content, tmp_path / "out")
    site = tmp_path / "out/site"
    assert not (site / "articles/two-hour-arrival-windows").exists()
    texts = [p.read_text(errors="replace") for p in site.rglob("*") if p.suffix in {".html", ".json", ".xml"}]
    assert not [t for t in texts if "two-hour-arrival-windows" in t]
    assert not [t for t in texts if "summit-ridge-electric" in t or "Summit Ridge" in t]
    point = next(p for p in result.context.public["positioning"]["proof_points"] if p["id"] == "kessler-office-hours")
    assert point["case_study"] is None
    internal = next(p for p in result.context.internal["positioning"]["proof_points"] if p["id"] == "kessler-office-hours")
    assert internal["case_study"] == "summit-ridge-electric"


def test_parallel_and_serial_builds_in_fresh_processes_are_byte_identical(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    runs = {"parallel": {"HANDOFF_JOBS": "2", "PYTHONHASHSEED": "1"}, "serial": {"HANDOFF_JOBS": "1", "PYTHONHASHSEED": "2"}}
    for name, env in runs.items():
        subprocess.run(
            [sys.executable, "-m", "generator", "build", "--content", str(DEFAULT_CONTENT), "--out", str(tmp_path / name)],
            check=True,
            capture_output=True,
            env={**os.environ, **env, "NO_MKDOCS_2_WARNING": "1"},
        )
    files = build_files(tmp_path / "parallel")
    assert files == build_files(tmp_path / "serial")
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "parallel", tmp_path / "serial", files, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_a_build_tunes_the_garbage_collector_only_while_it_runs(tmp_path: Path) -> None:
    import gc

    from generator.errors import ContentError
    from generator.pipeline import YOUNG_COLLECTION_EVERY, check_project
    from generator.project import Project

    seen: list[int] = []
    before = gc.get_threshold()
    gc.callbacks.append(lambda phase, info: seen.append(gc.get_threshold()[0]) if phase == "start" else None)
    try:
        check_project(Project.locate(DEFAULT_CONTENT))
        assert gc.get_threshold() == before
        broken = tmp_path / "content"
        shutil.copytree(DEFAULT_CONTENT, broken)
        (broken / "company.yaml").write_text("name: [unclosed\n", encoding="utf-8")
        with pytest.raises(ContentError):
            check_project(Project.locate(broken))
        assert gc.get_threshold() == before  # restored on failure too
    finally:
        gc.callbacks.pop()
    assert YOUNG_COLLECTION_EVERY in seen  # the checks' collections ran tuned
