"""Comparison sheets: the public feature matrix as a workbook (the slide is a deck kind)."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from generator.collateral.cells import put_text
from generator.collateral.package import normalise
from generator.model import Content


def build_comparison_workbook(content: Content, moment: dt.datetime) -> bytes:
    """Return the public feature matrix: us, each competitor and doing nothing."""
    comparison = content.comparison
    if comparison is None:
        raise ValueError("no comparison.yaml in the content")
    rivals = content.competitors
    primary = content.company.brand.primary.lstrip("#").upper()
    accent = content.company.brand.accent.lstrip("#").upper()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Comparison"
    ws.sheet_view.showGridLines = False
    put_text(ws["A1"], f"{content.company.name} compared").font = Font(bold=True, size=16, color=primary)
    put_text(ws["A2"], "Public comparison: every cell is a public-safe claim.").font = Font(italic=True, color="5F6B73")
    columns = [content.company.name, *[r.name for r in rivals], comparison.do_nothing.name]
    for col, name in enumerate(["Feature", *columns], start=1):
        cell = put_text(ws.cell(row=4, column=col), name)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=accent if col == 2 else primary)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for r, feature in enumerate(comparison.features, start=5):
        put_text(ws.cell(row=r, column=1), feature.label)
        values = [feature.us, *[rival.features.get(feature.id, "") for rival in rivals], feature.do_nothing]
        for col, value in enumerate(values, start=2):
            text = "Yes" if value is True else "No" if value is False else str(value)
            put_text(ws.cell(row=r, column=col), text).alignment = Alignment(wrap_text=True, vertical="top")
    row = 6 + len(comparison.features)
    for rival in rivals:
        if rival.claims:
            put_text(ws.cell(row=row, column=1), f"{content.company.name} vs {rival.name}").font = Font(bold=True)
            row += 1
            for claim in rival.claims:
                put_text(ws.cell(row=row, column=1), claim).alignment = Alignment(wrap_text=True)
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(columns) + 1)
                ws.row_dimensions[row].height = 30
                row += 1
            row += 1
    ws.column_dimensions["A"].width = 44
    for i in range(len(columns)):
        ws.column_dimensions[chr(ord("B") + i)].width = 24
    ws.protection.sheet = True
    wb.calculation.fullCalcOnLoad = True
    wb.properties.creator = content.company.name
    wb.properties.created = wb.properties.modified = moment.replace(tzinfo=None)
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise(buffer.getvalue(), moment)
