"""enablement/decks.yaml: deck outlines as data, checked like content."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from generator.content.messages import validation_problems
from generator.content.positions import Positions
from generator.content.source import SourceError, parse_yaml, read_text
from generator.errors import ContentError, Problem
from generator.model.base import Id, Model, Text
from generator.resources import COLLATERAL_TEMPLATES, package_dir

SlideKind = Literal[
    "title",
    "problem",
    "personas",
    "positioning",
    "pillars",
    "case_studies",
    "offers",
    "roi_example",
    "comparison",
    "next_steps",
    "objections",
]


class DeckOutline(Model):
    id: Id = Field(description="File name stem of the deck, e.g. company or offer.")
    title: Text = Field(description="What the deck is called on the enablement page.")
    for_each: Literal["company", "offer"] = Field(description="company: one deck; offer: one deck per offer.")
    slides: list[SlideKind] = Field(min_length=1, description="Slide kinds in order.")


class Outlines(Model):
    decks: list[DeckOutline] = Field(min_length=1)


def load_outlines(path: Path | None = None) -> Outlines:
    """Read deck outlines (a project's own, else the shipped ones); raise `ContentError` with exact lines."""
    if path is None or not path.is_file():
        path = package_dir(*COLLATERAL_TEMPLATES) / "decks.yaml"
        rel = "decks.yaml (shipped with Handoff)"
    else:
        rel = _shown(path)
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


def _shown(path: Path) -> str:
    """Name a file as the person typed it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
