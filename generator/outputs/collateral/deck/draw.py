"""A typed drawing layer over python-pptx: boxes, text, cards, table cells and badges.

Slides are composed from these few calls, so every font, colour and size decision is made
in one place, and python-pptx's loosely typed corners stay here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.table import _Cell
from pptx.util import Inches, Pt

from generator.colour import rgb
from generator.outputs.collateral.deck.measure import fit_size

WIDTH, HEIGHT = 13.333, 7.5
MARGIN = 0.6
DARK = RGBColor(0x1F, 0x29, 0x33)
GREY = RGBColor(0x5F, 0x6B, 0x73)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
PALE = RGBColor(0xE8, 0xF1, 0xF2)


def _rgb(colour: str) -> RGBColor:
    return RGBColor(*rgb(colour))


@dataclass
class _Brand:
    primary: RGBColor
    secondary: RGBColor
    accent: RGBColor
    heading: str
    body: str
    logo: Path | None
    primary_hex: str


class Drawing:
    """The building blocks every slide is made of; a deck supplies its brand."""

    brand: _Brand

    def _rect(self, slide: Slide, x: float, y: float, w: float, h: float, colour: RGBColor, rounded: bool = False) -> Shape:
        shape = slide.shapes.add_shape(
            MSO_SHAPE.ROUNDED_RECTANGLE if rounded else MSO_SHAPE.RECTANGLE, Inches(x), Inches(y), Inches(w), Inches(h)
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = colour
        shape.line.fill.background()
        shape.shadow.inherit = False
        if rounded:
            shape.adjustments[0] = 0.08
        return shape

    def text(
        self,
        slide: Slide,
        x: float,
        y: float,
        w: float,
        h: float,
        paragraphs: Sequence[str],
        size: float,
        bold: bool = False,
        colour: RGBColor = DARK,
        font: str | None = None,
        bullets: bool = False,
        align: PP_ALIGN = PP_ALIGN.LEFT,
        anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
    ) -> None:
        box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
        frame = box.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = anchor
        frame.margin_left = frame.margin_right = Inches(0.05)
        frame.margin_top = frame.margin_bottom = Inches(0.03)
        for i, text in enumerate(paragraphs):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.alignment = align
            if i:
                para.space_before = Pt(size * 0.45)
            run = para.add_run()
            run.text = ("•  " if bullets else "") + text
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = colour
            run.font.name = font or self.brand.body

    def fitted(
        self,
        slide: Slide,
        x: float,
        y: float,
        w: float,
        h: float,
        paragraphs: Sequence[str],
        largest: int,
        smallest: int,
        **style: object,
    ) -> None:
        """Place text at the largest size that fits; callers split what cannot fit at all."""
        size = fit_size(paragraphs, w, h, largest, smallest) or smallest
        self.text(slide, x, y, w, h, paragraphs, size, **cast(dict[str, Any], style))

    @staticmethod
    def notes(slide: Slide, text: str) -> None:
        frame = slide.notes_slide.notes_text_frame
        assert frame is not None
        frame.text = text.strip() or "No talk track in the content yet."

    def card(
        self,
        slide: Slide,
        x: float,
        y: float,
        w: float,
        h: float,
        heading: str,
        lines: Sequence[str],
        heading_colour: RGBColor | None = None,
    ) -> None:
        self._rect(slide, x, y, w, h, self.brand.secondary, rounded=True)
        head = fit_size([heading], w - 0.4, 0.8, 20, 13) or 13
        self.text(
            slide,
            x + 0.2,
            y + 0.15,
            w - 0.4,
            0.8,
            [heading],
            head,
            bold=True,
            colour=heading_colour or self.brand.primary,
            font=self.brand.heading,
        )
        if lines:
            self.fitted(slide, x + 0.2, y + 0.95, w - 0.4, h - 1.1, lines, 15, 10, bullets=len(lines) > 1)

    def _cell(
        self, cell: _Cell, text: str, size: int, bold: bool = False, colour: RGBColor = DARK, fill: RGBColor | None = None
    ) -> None:
        cell.text = text
        if fill is not None:
            cell.fill.solid()
            cell.fill.fore_color.rgb = fill
        cell.margin_left = cell.margin_right = Inches(0.08)
        for para in cell.text_frame.paragraphs:
            for run in para.runs:
                run.font.size, run.font.bold, run.font.name = Pt(size), bold, self.brand.body
                run.font.color.rgb = colour

    def _internal_badge(self, slide: Slide) -> None:
        """Mark an internal-only slide on its face, so nobody puts it in front of a prospect."""
        badge = self._rect(slide, WIDTH - MARGIN - 3.4, 0.3, 3.4, 0.42, self.brand.accent, rounded=True)
        frame = badge.text_frame
        frame.margin_top = frame.margin_bottom = Inches(0.02)
        frame.word_wrap = False
        run = frame.paragraphs[0].add_run()
        run.text = "INTERNAL ONLY: DO NOT SEND"
        run.font.size = Pt(12)
        run.font.bold = True
        run.font.name = self.brand.heading
        run.font.color.rgb = WHITE
        frame.paragraphs[0].alignment = PP_ALIGN.CENTER

    def bar_chart(
        self, slide: Slide, x: float, y: float, w: float, h: float, bars: Sequence[tuple[str, float]], number_format: str
    ) -> None:
        """Add a native, editable bar chart: one labelled bar per value, in the brand accent."""
        data = CategoryChartData()
        data.categories = [label for label, _ in bars]
        data.add_series("Per year", [value for _, value in bars])
        frame: Any = slide.shapes.add_chart(
            XL_CHART_TYPE.BAR_CLUSTERED, Inches(x), Inches(y), Inches(w), Inches(h), cast(Any, data)
        )
        chart = frame.chart
        chart.has_legend = False
        chart.has_title = False  # the bars' own labels say what they are
        chart.font.size, chart.font.name = Pt(10), self.brand.body
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = number_format
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
        plot.series[0].format.fill.solid()
        plot.series[0].format.fill.fore_color.rgb = self.brand.accent
        chart.value_axis.visible = False
        chart.value_axis.has_major_gridlines = False
