"""Comparison sheets: the public feature matrix as a workbook (the slide is a deck kind).

The sheet prints on one landscape page: every text cell wraps inside its own column and
each row is tall enough for its longest cell, so no text runs over a neighbour.
"""

from __future__ import annotations

import datetime as dt
import io

from xlsxwriter.utility import xl_col_to_name

from generator.model import Content
from generator.outputs.collateral.cells import (
    DARK,
    Styles,
    band,
    finish,
    ink,
    line_count,
    new_workbook,
    print_on_one_page,
    protect,
    row_height,
)

GREY = "#5F6B73"
RULE = "#C8CED3"
FEATURE_WIDTH = 40
COLUMN_WIDTH = 22


def build_comparison_workbook(content: Content, moment: dt.datetime) -> bytes:
    """Return the public feature matrix: us, each competitor and doing nothing."""
    comparison = content.comparison
    if comparison is None:
        raise ValueError("no comparison.yaml in the content")
    rivals = content.competitors
    brand = content.company.brand
    buffer = io.BytesIO()
    wb = new_workbook(buffer, brand.body_font)
    s = Styles(wb, brand.body_font, brand.heading_font)
    # Brand colours as text only where they read at 4.5:1; pale brands get a darker shade.
    title_ink, (header_fill, header_text) = ink(brand.primary), band(brand.primary)
    us_fill, us_text = band(brand.secondary)
    ws = wb.add_worksheet("Comparison")
    columns = [content.company.name, *[r.name for r in rivals], comparison.do_nothing.name]
    last = len(columns)
    widths = [FEATURE_WIDTH] + [COLUMN_WIDTH] * len(columns)
    ws.set_column(0, 0, FEATURE_WIDTH)
    # Column letters from the library: chr() arithmetic runs out of letters after Z.
    ws.set_column(f"{xl_col_to_name(1)}:{xl_col_to_name(last)}", COLUMN_WIDTH)
    ws.hide_gridlines(2)

    ws.set_row(0, 30)
    s.text(
        ws, 0, 0, f"{content.company.name} compared", font_name=brand.heading_font, font_size=18, bold=True, font_color=title_ink
    )
    s.text(ws, 1, 0, "Public comparison: every cell is a public-safe claim.", italic=True, font_color=GREY)

    header = ["Feature", *columns]
    ws.set_row(3, row_height(max(line_count(text, widths[i], bold=True) for i, text in enumerate(header))))
    for col, name in enumerate(header):
        s.text(
            ws, 3, col, name, bold=True, font_color=header_text, text_wrap=True, valign="vcenter", indent=1, bg_color=header_fill
        )
    row = 4
    for feature in comparison.features:
        values = [feature.us, *[rival.features.get(feature.id, "") for rival in rivals], feature.do_nothing]
        texts = [feature.label, *["Yes" if v is True else "No" if v is False else str(v) for v in values]]
        for col, text in enumerate(texts):
            # Our column on the brand's pale colour, so the eye finds it down the page.
            s.text(
                ws,
                row,
                col,
                text,
                text_wrap=True,
                valign="top",
                bottom=1,
                bottom_color=RULE,
                indent=1,
                bold=col == 0,
                bg_color=us_fill if col == 1 else "#FFFFFF",
                font_color=us_text if col == 1 else DARK,
            )
        ws.set_row(row, row_height(max(line_count(text, widths[i], bold=i == 0) for i, text in enumerate(texts))))
        row += 1
    row += 1
    for rival in rivals:
        if not rival.claims:
            continue
        s.text(
            ws,
            row,
            0,
            f"{content.company.name} vs {rival.name}",
            font_name=brand.heading_font,
            font_size=12,
            bold=True,
            font_color=title_ink,
        )
        ws.set_row(row, 22)
        row += 1
        for claim in rival.claims:
            ws.set_row(row, row_height(line_count(claim, sum(widths))))
            s.merged_text(ws, row, 0, last, claim, text_wrap=True, valign="top")
            row += 1
        row += 1

    print_on_one_page(ws, content.company.locale)
    ws.print_area(0, 0, row, last)
    protect(ws)
    return finish(
        wb,
        buffer,
        moment,
        {"title": f"{content.company.name} compared", "author": content.company.name, "company": content.company.name},
    )
