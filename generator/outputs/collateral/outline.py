"""enablement/decks.yaml: deck outlines as data, checked like content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationError

from generator.content.messages import validation_problems
from generator.content.positions import Positions
from generator.content.source import SourceError, parse_yaml, read_text
from generator.errors import ContentError, Problem, shown_path
from generator.model.base import Id, Model, Text
from generator.resources import COLLATERAL_TEMPLATES, package_dir


def _known_kind(kind: str) -> str:
    from generator.outputs.collateral.deck import SLIDE_KINDS

    if kind not in SLIDE_KINDS:
        choices = ", ".join(json.dumps(k) for k in SLIDE_KINDS)
        raise ValueError(f"expected one of {choices}, got {json.dumps(kind)}")
    return kind


#: A slide kind: one of those the deck module registers (`generator.outputs.collateral.deck.SLIDE_KINDS`).
SlideKind = Annotated[str, AfterValidator(_known_kind)]


class DeckOutline(Model):
    id: Id = Field(description="File name stem of the deck, e.g. company or offer.")
    title: Text = Field(description="What the deck is called on the enablement page.")
    for_each: Literal["company", "offer", "competitor"] = Field(
        description="company: one deck; offer: one deck per offer; competitor: one per competitor with a battlecard."
    )
    slides: list[SlideKind] = Field(min_length=1, description="Slide kinds in order.")
    one_page: bool = Field(False, description="true to fit each slide kind on one printable page (the comparison sheet).")


class Outlines(Model):
    decks: list[DeckOutline] = Field(min_length=1)


def load_outlines(path: Path | None = None) -> Outlines:
    """Read deck outlines (a project's own, else the shipped ones); raise `ContentError` with exact lines."""
    if path is None or not path.is_file():
        path = package_dir(*COLLATERAL_TEMPLATES) / "decks.yaml"
        rel = "decks.yaml (shipped with Handoff)"
    else:
        rel = shown_path(path)
    try:
        source = parse_yaml(read_text(path, rel), rel)
    except SourceError as e:
        raise ContentError([e.problem]) from e
    positions = Positions(root={"outlines": source.value})
    positions.add(("outlines",), source)
    try:
        return Outlines.model_validate(source.value)
    except ValidationError as e:
        problems = validation_problems(e, positions, root=Outlines, prefix=("outlines",))
        raise ContentError(problems or [Problem(rel, 1, 1, "", str(e))]) from e
