"""Parsed content files kept on the machine between loads (`generator.content.parsecache`).

A kept parse must be indistinguishable from a fresh one: same values, same marks (so the
same error lines), and never used for a file whose text changed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import DEFAULT_CONTENT

from generator.content import load
from generator.content.load import load_content
from generator.errors import ContentError


@pytest.fixture
def machine_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.delenv("HANDOFF_CACHE", raising=False)
    return cache / "handoff" / "parsed"


def _fresh_parses_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again, though the file was kept")

    monkeypatch.setattr(load, "parse_yaml", refuse)
    monkeypatch.setattr(load, "parse_markdown", refuse)


def test_kept_parse_equals_a_fresh_parse_value_for_value_and_mark_for_mark(
    tmp_path: Path, machine_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT, content)
    first = load_content(content)
    assert len(list(machine_cache.glob("*.bin"))) == 1
    with monkeypatch.context() as m:
        _fresh_parses_forbidden(m)
        kept = load_content(content)
    assert kept.content == first.content
    assert kept.positions.root == first.positions.root
    assert kept.positions.marks == first.positions.marks
    assert kept.positions.key_marks == first.positions.key_marks
    assert [m.span for m in kept.positions.marks.values()] == [m.span for m in first.positions.marks.values()]
    assert kept.warnings == first.warnings


def test_an_edited_file_is_parsed_afresh_and_its_errors_point_at_the_new_text(tmp_path: Path, machine_cache: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT, content)
    load_content(content)
    offer = content / "offers" / "dispatch.yaml"
    text = offer.read_text(encoding="utf-8")
    offer.write_text(text.replace("name: ", "name: Renamed ", 1), encoding="utf-8")
    assert next(o for o in load_content(content).content.offers if o.id == "dispatch").name.startswith("Renamed ")
    # A broken file is never kept: its problem is found on every load, at its place.
    offer.write_text("\n\nname: [unclosed\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ContentError) as raised:
            load_content(content)
        problem = next(p for p in raised.value.problems if p.file.endswith("offers/dispatch.yaml"))
        assert (problem.line, problem.column) == (4, 1) and problem.message.startswith("expected valid YAML")


def test_a_damaged_cache_file_is_ignored(tmp_path: Path, machine_cache: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT, content)
    first = load_content(content)
    (kept,) = machine_cache.glob("*.bin")
    kept.write_bytes(b"\x00not marshal at all")
    assert load_content(content).content == first.content
    kept.write_bytes(kept.read_bytes()[:100])  # rewritten whole by the load above; now cut short
    assert load_content(content).content == first.content


def test_no_cache_means_nothing_is_kept(tmp_path: Path, machine_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOFF_CACHE", "off")
    load_content(DEFAULT_CONTENT)
    assert not machine_cache.exists()
