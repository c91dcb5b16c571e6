"""Writing content text into spreadsheet cells safely, in the brand's fonts (XlsxWriter)."""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from generator.colour import contrast, mix
from generator.outputs.collateral.package import normalise

#: Leading characters that make spreadsheet programs treat text as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: Body text size in points, and the height of one line of it (Open Sans and Lato run about 1.36 em).
BODY_SIZE = 10
LINE_HEIGHT = 14.0
WHITE, DARK = "#FFFFFF", "#1B1F23"
#: WCAG AA for body text.
READABLE = 4.5


def ink(colour: str, background: str = WHITE) -> str:
    """Return ``colour``, darkened (or lightened) just enough to read at 4.5:1 on ``background``."""
    target = "#000000" if contrast(background, "#000000") >= contrast(background, WHITE) else WHITE
    for step in range(11):
        candidate = mix(colour, target, step / 10)
        if contrast(candidate, background) >= READABLE:
            return candidate.upper()
    return target


def band(colour: str) -> tuple[str, str]:
    """Return (fill, text) for a band of ``colour``: white or dark text, or a darker fill if neither reads."""
    for text in (WHITE, DARK):
        if contrast(colour, text) >= READABLE:
            return colour, text
    return ink(colour, WHITE), WHITE  # a mid-tone brand colour: darken the fill under white text


def new_workbook(buffer: io.BytesIO, body_font: str) -> Workbook:
    """Return a workbook writing into ``buffer`` whose default style, empty cells too, is the body font."""
    return xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "constant_memory": False,
            "default_format_properties": {"font_name": body_font, "font_size": BODY_SIZE},
        },
    )


def finish(wb: Workbook, buffer: io.BytesIO, moment: dt.datetime, properties: dict[str, str]) -> bytes:
    """Close the workbook with its document properties; return reproducible bytes dated ``moment``."""
    wb.set_properties({**properties, "created": moment.astimezone(dt.UTC).replace(tzinfo=None)})
    wb.close()
    return normalise(buffer.getvalue(), moment)


class Styles:
    """Cell formats of one workbook, each in a brand font, created once and reused."""

    def __init__(self, workbook: Workbook, body_font: str, heading_font: str) -> None:
        self.workbook = workbook
        self.body_font = body_font
        self.heading_font = heading_font
        self._formats: dict[tuple[tuple[str, Any], ...], Format] = {}

    def format(self, **props: Any) -> Format:
        """Return the format with these XlsxWriter properties, in the body font unless one is given."""
        props = {"font_name": self.body_font, "font_size": BODY_SIZE, **props}
        if props.get("indent") and "align" not in props:
            props["align"] = "left"  # an indent only shows on an explicitly aligned cell
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.workbook.add_format(props)
        return self._formats[key]

    def text(self, ws: Worksheet, row: int, col: int, text: str | None, **props: Any) -> None:
        """Write content text as a literal string, never as a formula, whatever it starts with."""
        value = text or ""
        if value.startswith(FORMULA_TRIGGERS):
            # A string cell is never a formula; the quote prefix keeps it literal when a
            # person edits the cell or a program exports the sheet to CSV.
            props = {**props, "quote_prefix": True}
        ws.write_string(row, col, value, self.format(**props))

    def merged_text(self, ws: Worksheet, row: int, first: int, last: int, text: str, **props: Any) -> None:
        """Write literal text into a row of merged cells (first to last column)."""
        if first == last:
            self.text(ws, row, first, text, **props)
            return
        if text.startswith(FORMULA_TRIGGERS):
            props = {**props, "quote_prefix": True}
        ws.merge_range(row, first, row, last, "", self.format(**props))
        ws.write_string(row, first, text, self.format(**props))


def line_count(text: str, width: float, size: float = BODY_SIZE, bold: bool = False) -> int:
    """Return how many lines ``text`` wraps to in a column ``width`` characters wide.

    Column widths count the digit width of the default font; an average letter of running
    text in Open Sans or Lato is about a tenth narrower (measured on LibreOffice's PDFs), and
    bold text is about as wide as the digits; two characters of margin (the indent) keep the estimate on the safe side.
    """
    chars = max(1, int(width * (1.0 if bold else 1.1) * BODY_SIZE / size) - 2)
    return sum(max(1, len(textwrap.wrap(part, chars))) for part in (text or "").split("\n"))


def row_height(lines: int, size: float = BODY_SIZE) -> float:
    """Return a row height in points that shows ``lines`` lines of text of ``size`` points."""
    return round(lines * LINE_HEIGHT * size / BODY_SIZE + 4, 1)


def print_on_one_page(ws: Worksheet, locale: str) -> None:
    """Print the sheet on one landscape page: US Letter where the locale uses it, else A4."""
    ws.set_landscape()
    ws.set_paper(1 if locale.endswith(("_US", "_CA", "_MX")) else 9)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.fit_to_pages(1, 1)
    ws.center_horizontally()


def protect(ws: Worksheet) -> None:
    """Lock every cell not marked unlocked. No password: it stops accidents, not people."""
    ws.protect("", {"format_cells": True, "format_columns": True, "format_rows": True})
