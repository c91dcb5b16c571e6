"""JSON Schemas for each kind of content file, for completion and validation in editors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.content.kinds import KINDS, kind


def schema_for(name: str) -> dict[str, Any]:
    """Return the JSON Schema of one kind of content file."""
    found = kind(name)
    schema = found.model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{name}.schema.json"
    for field in found.filled:
        schema["properties"].pop(field, None)
        if field in schema.get("required", []):
            schema["required"].remove(field)
    return schema


def write_schemas(folder: Path) -> list[Path]:
    """Write ``<kind>.schema.json`` for every kind into ``folder``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for each in KINDS:
        if not each.has_schema:
            continue
        path = folder / f"{each.name}.schema.json"
        path.write_text(json.dumps(schema_for(each.name), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written
