"""JSON Schemas for each kind of content file, for completion and validation in editors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.model import (
    CaseStudy,
    Company,
    Comparison,
    Competitor,
    Faqs,
    Icp,
    LeadDefinition,
    MarketingPlan,
    Offer,
    Positioning,
)

#: Schema file stem -> (model, fields the loader fills in rather than the file).
KINDS: dict[str, tuple[type[BaseModel], tuple[str, ...]]] = {
    "company": (Company, ()),
    "icp": (Icp, ()),
    "positioning": (Positioning, ()),
    "offer": (Offer, ("id",)),
    "case_study": (CaseStudy, ("id",)),
    "faqs": (Faqs, ()),
    "comparison": (Comparison, ()),
    "competitor": (Competitor, ("id",)),
    "lead_definition": (LeadDefinition, ()),
    "marketing_plan": (MarketingPlan, ()),
}


def schema_for(kind: str) -> dict[str, Any]:
    """Return the JSON Schema of one kind of content file."""
    model, filled = KINDS[kind]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{kind}.schema.json"
    for name in filled:
        schema["properties"].pop(name, None)
        if name in schema.get("required", []):
            schema["required"].remove(name)
    return schema


def write_schemas(folder: Path) -> list[Path]:
    """Write ``<kind>.schema.json`` for every kind into ``folder``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(json.dumps(schema_for(kind), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written
