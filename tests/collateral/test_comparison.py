"""Comparison sheets: the public matrix as a workbook and one printable slide, battlecards
per competitor, content text kept literal, reproducible bytes."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import load_workbook
from pptx import Presentation
from support import DEFAULT_CONTENT

from generator.collateral import Asset
from generator.collateral.comparison import build_comparison_workbook
from generator.load import load_content
from generator.model import Content

MOMENT = dt.datetime(2026, 10, 13, tzinfo=dt.UTC)
Enablement = tuple[Path, list[Asset]]


def _content() -> Content:
    return load_content(DEFAULT_CONTENT).content


def _cell_text(value: object) -> str:
    return "Yes" if value is True else "No" if value is False else str(value)


def test_workbook_matrix_is_the_content_and_public_safe() -> None:
    c = _content()
    assert c.comparison is not None
    ws = load_workbook(io.BytesIO(build_comparison_workbook(c, MOMENT)))["Comparison"]
    header = [cell.value for cell in ws[4]]
    assert header == ["Feature", c.company.name, *[r.name for r in c.competitors], c.comparison.do_nothing.name]
    for r, feature in enumerate(c.comparison.features, start=5):
        row = [cell.value for cell in ws[r]]
        expected = [feature.label, _cell_text(feature.us),
                    *[_cell_text(rival.features.get(feature.id, "")) for rival in c.competitors],
                    _cell_text(feature.do_nothing)]
        assert row == expected, feature.id
    every = "\n".join(str(cell.value) for row in ws.iter_rows() for cell in row if cell.value is not None)
    for rival in c.competitors:
        for claim in rival.claims:
            assert claim in every
        if rival.battlecard:
            for secret in [*rival.battlecard.landmines, *rival.battlecard.trap_questions,
                           *rival.battlecard.where_they_win, *rival.battlecard.responses]:
                assert secret not in every
    assert ws.protection.sheet


def test_comparison_slide_is_one_printable_slide(enablement: Enablement) -> None:
    target, _ = enablement
    prs = Presentation(str(target / "comparison" / "comparison.pptx"))
    assert len(prs.slides) == 1
    tables = [s for s in prs.slides[0].shapes if s.has_table]
    assert len(tables) == 1
    c = _content()
    assert c.comparison is not None
    assert len(tables[0].table.rows) == len(c.comparison.features) + 1
    # Public: no battlecard material in the notes either, since this file may be sent.
    notes = prs.slides[0].notes_slide.notes_text_frame.text
    for rival in c.competitors:
        if rival.battlecard:
            assert not any(x in notes for x in rival.battlecard.landmines)


def test_battlecard_per_competitor_has_every_section(enablement: Enablement) -> None:
    target, _ = enablement
    for rival in _content().competitors:
        if rival.battlecard is None:
            continue
        prs = Presentation(str(target / "comparison" / f"battlecard-{rival.id}.pptx"))
        faces = "\n".join(shape.text_frame.text for slide in prs.slides for shape in slide.shapes
                          if shape.has_text_frame)
        bc = rival.battlecard
        for item in [*bc.where_they_win, *bc.landmines, *bc.trap_questions, *bc.responses]:
            assert item in faces, item


def test_content_text_in_the_matrix_stays_literal() -> None:
    c = _content()
    evil = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]
    rival = c.competitors[0]
    features = dict(rival.features)
    ids = [f.id for f in c.comparison.features] if c.comparison else []
    for feature_id, text in zip(ids, evil, strict=False):
        features[feature_id] = text
    rival = rival.model_copy(update={"features": features, "name": "=cmd|' /C calc'!A0"})
    content = c.model_copy(update={"competitors": [rival, *c.competitors[1:]]})
    ws = load_workbook(io.BytesIO(build_comparison_workbook(content, MOMENT)))["Comparison"]
    assert ws.cell(4, 3).value == "=cmd|' /C calc'!A0" and ws.cell(4, 3).data_type == "s"
    for r, text in enumerate(evil, start=5):
        cell = ws.cell(r, 3)
        assert cell.value == text and cell.data_type == "s", text


def test_comparison_workbook_bytes_are_reproducible() -> None:
    c = _content()
    assert build_comparison_workbook(c, MOMENT) == build_comparison_workbook(c, MOMENT)
