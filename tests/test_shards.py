"""`handoff build --shard K/N` and `handoff merge`: N slices put back together equal one build."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import DEFAULT_CONTENT, ROOT, build_differences, copy_content

from generator.cli import cli
from generator.errors import BuildError
from generator.outputs.collateral.shards import Shard
from generator.pipeline import build, build_shard, merge
from generator.project import Project


def test_three_shards_merged_equal_one_build_byte_for_byte(tmp_path: Path) -> None:
    """PDFs and thumbnails included when LibreOffice is here (CI requires it)."""
    render = bool(shutil.which("soffice")) or os.environ.get("HANDOFF_REQUIRE_TOOLS") == "1"
    project = Project.locate(DEFAULT_CONTENT)
    shards = [build_shard(project, Shard(k, 3), tmp_path / f"shard-{k}", render=render) for k in (1, 2, 3)]
    sizes = [len(json.loads((s.out / "shard.json").read_text())["assets"]) for s in shards]
    merged = merge(project, [s.out for s in shards], tmp_path / "merged")
    single = build(project, tmp_path / "single", render=render, cache=False)
    assert sum(sizes) == len(list((single.out / "enablement").rglob("*.pptx"))) + len(
        [p for p in (single.out / "enablement").rglob("*") if p.suffix in (".xlsx", ".docx")]
    )
    assert max(sizes) - min(sizes) <= 1  # every Nth file: the slices are even
    if render:
        assert len(list((merged.out / "enablement").rglob("*.pdf"))) >= 15
    assert build_differences(merged.out, single.out) == []


def test_a_shard_holds_only_its_slice_with_a_manifest(tmp_path: Path) -> None:
    result = build_shard(DEFAULT_CONTENT, Shard(2, 4), tmp_path / "s", render=False)
    manifest = json.loads((result.out / "shard.json").read_text())
    assert manifest["shard"] == "2/4"
    assert [a["index"] for a in manifest["assets"]] == list(range(1, manifest["total"], 4))
    written = {p.relative_to(result.out / "collateral").as_posix() for p in (result.out / "collateral").rglob("*.*")}
    assert {a["path"] for a in manifest["assets"]} <= written
    assert not (result.out / "site").exists()


@pytest.fixture(scope="module")
def two_shards(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("shards")
    return [build_shard(DEFAULT_CONTENT, Shard(k, 2), root / f"s{k}", render=False).out for k in (1, 2)]


def test_merge_refuses_a_missing_or_doubled_shard(two_shards: list[Path], tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"^missing shard 2/2: merge needs all 2$"):
        merge(DEFAULT_CONTENT, two_shards[:1], tmp_path / "out")
    with pytest.raises(BuildError, match=r"^shard 1/2 is given twice: "):
        merge(DEFAULT_CONTENT, [two_shards[0], two_shards[0], two_shards[1]], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_merge_refuses_shards_of_other_content(two_shards: list[Path], tmp_path: Path) -> None:
    content = copy_content(DEFAULT_CONTENT, tmp_path / "content", {"faqs.yaml": [("?", "??")]})
    (tmp_path / "enablement").symlink_to(ROOT / "enablement")
    with pytest.raises(BuildError, match=r"was built from other content, templates or another Handoff version than"):
        merge(content, two_shards, tmp_path / "out")


def test_merge_refuses_a_folder_that_is_not_a_shard(tmp_path: Path) -> None:
    (tmp_path / "nothing").mkdir()
    with pytest.raises(BuildError, match=r"nothing is not a shard: .*shard\.json is missing or unreadable"):
        merge(DEFAULT_CONTENT, [tmp_path / "nothing"], tmp_path / "out")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--shard", "4/3"], 'Invalid value for --shard: expected K/N with 1 <= K <= N, such as 2/4, got "4/3"'),
        (["--shard", "two"], 'Invalid value for --shard: expected K/N with 1 <= K <= N, such as 2/4, got "two"'),
        (["--shard", "1/2", "--account", "northgate-electric"], "--shard and --account cannot be used together"),
    ],
)
def test_the_command_line_names_a_bad_shard(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["build", "--content", str(DEFAULT_CONTENT), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_the_command_line_builds_and_merges_shards(tmp_path: Path) -> None:
    runner = CliRunner()
    for k in (1, 2):
        done = runner.invoke(
            cli, ["build", "--content", str(DEFAULT_CONTENT), "--shard", f"{k}/2", "--no-pdf", "--out", str(tmp_path / f"s{k}")]
        )
        assert done.exit_code == 0, done.output
        assert f"shard {k}/2: " in done.output
    merged = runner.invoke(
        cli,
        ["merge", str(tmp_path / "s1"), str(tmp_path / "s2"), "--content", str(DEFAULT_CONTENT), "--out", str(tmp_path / "out")],
    )
    assert merged.exit_code == 0, merged.output
    assert "files, 0 PDFs and a" in merged.output
    assert (tmp_path / "out" / "site" / "index.html").is_file()
