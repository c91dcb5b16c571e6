"""The JSON Schemas: up to date in content/schemas, and they accept the default content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from support import DEFAULT_CONTENT, FIXTURES

from generator.content.kinds import KINDS
from generator.content.schema import schema_for
from generator.content.source import parse_yaml

KIND_OF_SINGLE = {k.path: k.name for k in KINDS if not k.many}
KIND_OF_FOLDER = {k.path: k.name for k in KINDS if k.many and k.has_schema}


def _files(folder: Path) -> list[tuple[Path, str]]:
    found = [(folder / f, kind) for f, kind in KIND_OF_SINGLE.items() if (folder / f).exists()]
    for sub, kind in KIND_OF_FOLDER.items():
        found += [(p, kind) for p in sorted((folder / sub).glob("*.yaml"))]
    return found


@pytest.mark.parametrize("folder", [DEFAULT_CONTENT, FIXTURES / "small_b2b", FIXTURES / "b2c_minimal"], ids=lambda p: p.name)
def test_schemas_accept_the_content(folder: Path) -> None:
    files = _files(folder)
    assert files
    for path, kind in files:
        value = parse_yaml(path.read_text(encoding="utf-8"), str(path)).value
        errors = list(Draft202012Validator(schema_for(kind)).iter_errors(value))
        assert errors == [], f"{path}: {errors[0].message}"


def test_schemas_reject_what_the_loader_rejects() -> None:
    validator = Draft202012Validator(schema_for("offer"))
    bad = {
        "name": "X",
        "summary": "Y",
        "price": {"amount": "free", "per": "month"},
        "inclusions": ["a"],
        "outcomes": ["b"],
        "pirce": 1,
    }
    messages = sorted(e.message for e in validator.iter_errors(bad))
    assert messages == [
        "'free' is not valid under any of the given schemas",
        "Additional properties are not allowed ('pirce' was unexpected)",
    ]


def test_committed_schemas_are_up_to_date() -> None:
    for kind in KINDS:
        if not kind.has_schema:
            continue
        committed = json.loads((DEFAULT_CONTENT / "schemas" / f"{kind.name}.schema.json").read_text())
        assert committed == schema_for(kind.name), f"run `handoff schema` to refresh {kind.name}.schema.json"


def test_default_content_files_point_at_their_schema() -> None:
    for path, kind in _files(DEFAULT_CONTENT):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        relative = "./schemas" if path.parent == DEFAULT_CONTENT else "../schemas"
        assert first == f"# yaml-language-server: $schema={relative}/{kind}.schema.json", path


def test_content_reference_is_up_to_date() -> None:
    from generator.content.reference import render

    committed = (DEFAULT_CONTENT.parent / "docs" / "content-reference.md").read_text(encoding="utf-8")
    assert committed == render(), "run `python -m generator.content.reference > docs/content-reference.md`"
