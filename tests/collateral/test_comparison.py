"""Comparison sheets: the public matrix as a workbook and one printable slide, battlecards
per competitor, content text kept literal, reproducible bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from support import DEFAULT_CONTENT, require_program, soffice_convert
from test_workbook import PALE, foreign_fonts, low_contrast_cells, overlapping_words, pdf_words

from generator.content.load import load_content
from generator.model import Content
from generator.outputs.collateral import Asset
from generator.outputs.collateral.comparison import build_comparison_workbook

MOMENT = dt.datetime(2026, 10, 13, tzinfo=dt.UTC)
Enablement = tuple[Path, list[Asset]]


def _content() -> Content:
    return load_content(DEFAULT_CONTENT).content


def _many_rivals(count: int) -> Content:
    """Return the default content with ``count`` competitors, each with its own name."""
    c = _content()
    first = c.competitors[0]
    rivals = [first.model_copy(update={"id": f"rival-{i}", "name": f"Rival number {i}"}) for i in range(count)]
    return c.model_copy(update={"competitors": rivals})


def _branded(content: Content, brand: dict[str, str] | None) -> Content:
    if not brand:
        return content
    company = content.company.model_copy(update={"brand": content.company.brand.model_copy(update=brand)})
    return content.model_copy(update={"company": company})


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
        expected = [
            feature.label,
            _cell_text(feature.us),
            *[_cell_text(rival.features.get(feature.id, "")) for rival in c.competitors],
            _cell_text(feature.do_nothing),
        ]
        assert row == expected, feature.id
    every = "\n".join(str(cell.value) for row in ws.iter_rows() for cell in row if cell.value is not None)
    for rival in c.competitors:
        for claim in rival.claims:
            assert claim in every
        if rival.battlecard:
            for secret in [
                *rival.battlecard.landmines,
                *rival.battlecard.trap_questions,
                *rival.battlecard.where_they_win,
                *rival.battlecard.responses,
            ]:
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


def test_battlecard_is_one_page_head_to_head_with_the_call_in_the_notes(enablement: Enablement) -> None:
    """One slide: us against that competitor only; the trap questions and answers are in the notes."""
    target, _ = enablement
    content = _content()
    for rival in content.competitors:
        if rival.battlecard is None:
            continue
        prs = Presentation(str(target / "comparison" / f"battlecard-{rival.id}.pptx"))
        assert len(prs.slides) == 1
        slide = prs.slides[0]
        face = "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        table = next(shape.table for shape in slide.shapes if shape.has_table)
        header = [table.cell(0, i).text for i in range(len(table.columns))]
        assert header == ["", content.company.name, rival.name]
        assert [table.cell(r, 0).text for r in range(1, len(table.rows))] == [f.label for f in content.comparison.features]
        others = [r.name for r in content.competitors if r.id != rival.id]
        assert not any(name in face or name in header for name in others)
        assert "INTERNAL ONLY" in face
        notes = slide.notes_slide.notes_text_frame.text
        bc = rival.battlecard
        for item in [*bc.where_they_win, *bc.landmines, *bc.trap_questions, *bc.responses]:
            assert item in notes, item
        for item in bc.where_they_win[:3]:
            assert item.split()[0] in face


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
        # OOXML writes control characters as _xHHHH_ (Excel decodes them); openpyxl leaves them.
        value = re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), str(cell.value))
        assert value == text and cell.data_type == "s" and cell.quotePrefix, text


def test_comparison_workbook_bytes_are_reproducible() -> None:
    c = _content()
    assert build_comparison_workbook(c, MOMENT) == build_comparison_workbook(c, MOMENT)


def test_thirty_competitors_get_a_column_each() -> None:
    c = _many_rivals(30)
    assert c.comparison is not None
    ws = load_workbook(io.BytesIO(build_comparison_workbook(c, MOMENT)))["Comparison"]
    header = [cell.value for cell in ws[4]]
    assert header == ["Feature", c.company.name, *[f"Rival number {i}" for i in range(30)], c.comparison.do_nothing.name]
    # Every matrix column, past Z too (AA ... AG), has its width, not just the first 24.
    assert ws.max_column == 33
    widths = {col: dim.width for dim in ws.column_dimensions.values() for col in range(dim.min, dim.max + 1)}
    assert [col for col in range(1, 34) if widths.get(col, 0) < 15] == []


def _long_texts() -> Content:
    """Return the default content with a long cell, a long feature name and a long claim."""
    c = _content()
    assert c.comparison is not None
    words = "Works with every calendar, every phone and every accounting package we have ever been asked about, "
    features = [c.comparison.features[0].model_copy(update={"label": words * 2}), *c.comparison.features[1:]]
    rival = c.competitors[0]
    rival = rival.model_copy(
        update={"features": {**rival.features, features[1].id: words * 3}, "claims": [*rival.claims, words * 5]}
    )
    return c.model_copy(
        update={"comparison": c.comparison.model_copy(update={"features": features}), "competitors": [rival, *c.competitors[1:]]}
    )


@pytest.mark.parametrize("case", ["default", "30 competitors", "long texts"])
def test_comparison_prints_on_one_landscape_page_with_no_text_over_text(tmp_path: Path, case: str) -> None:
    c = {"default": _content, "30 competitors": lambda: _many_rivals(30), "long texts": _long_texts}[case]()
    assert c.comparison is not None
    source = tmp_path / "comparison.xlsx"
    source.write_bytes(build_comparison_workbook(c, MOMENT))
    soffice_convert([source], "pdf", tmp_path / "pdf", tmp_path / "profile")
    pdf = tmp_path / "pdf" / "comparison.pdf"
    info = subprocess.run([require_program("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info), info
    width, height = map(float, re.findall(r"Page size:\s+([\d.]+) x ([\d.]+)", info)[0])
    assert width > height
    words = pdf_words(pdf)
    text = " ".join(w[5] for w in words)
    for feature in c.comparison.features:
        assert feature.label.split()[0] in text
    # Only the brand's fonts: no serif fallback anywhere on the page.
    assert foreign_fonts(pdf, c.company.brand.body_font, c.company.brand.heading_font) == set()
    # Wrapped text that a row is too short for runs over the next row: words would overlap.
    assert overlapping_words(words) == []


@pytest.mark.parametrize("brand", [None, PALE], ids=["default brand", "pale brand"])
def test_every_cell_reads_at_4_5_to_1(brand: dict[str, str] | None) -> None:
    wb = load_workbook(io.BytesIO(build_comparison_workbook(_branded(_content(), brand), MOMENT)))
    assert low_contrast_cells(wb) == []
