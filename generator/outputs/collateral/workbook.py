"""ROI calculator workbooks (.xlsx): live formulas compiled from the offer's ROI model.

The first sheet is the calculator a rep shares on a call: the inputs on the left (the only
editable cells), the headline results and a chart of cost against benefit on the right, on
one landscape page. Calculations holds one formula per output, written over defined names
(``=roi_technicians*roi_extra_jobs*12*roi_gross_profit``) so that a buyer's finance team can
read them; Assumptions says where each default comes from.

Every formula is written with its value at the default inputs, computed by the Python
evaluator, so that viewers that never recalculate (mail previews, Drive, Quick Look, phones)
show the numbers; spreadsheet programs recalculate on open.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from generator.context.formatting import UNITS, Formatter
from generator.expr.excel import defined_name, to_excel
from generator.expr.plan import RoiPlan, plan_roi
from generator.model import Content, Offer
from generator.model.offers import PERIODS_PER_YEAR, RoiInput, RoiOutput
from generator.outputs.collateral.cells import (
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
from generator.outputs.collateral.numbers import NumberFormats, output_digits

INPUT_FILL = "#FFF4CC"
INPUT_TEXT = "#1F4E9E"
GREY = "#5F6B73"
RULE = "#C8CED3"
#: A thin rule under each row of a table.
RULED: dict[str, object] = {"bottom": 1, "bottom_color": RULE}
#: The error a formula shows when the Python evaluator has no value (a division by zero).
NO_VALUE = "#DIV/0!"

#: Calculator columns: label, value, help, gap, result label, result value, room for the chart.
CALCULATOR_WIDTHS = [34, 17, 40, 3, 34, 17, 4]
#: First row of the input and result tables (0-based).
FIRST_ROW = 5


@dataclass(frozen=True)
class Layout:
    """Where the calculator puts things, so tests and the other sheets agree."""

    sheet: str = "Calculator"
    input_column: str = "B"

    def input_cell(self, index: int) -> str:
        """Return the A1 reference of the ``index``-th input's value cell."""
        return f"{self.input_column}{FIRST_ROW + 2 + index}"  # under the header, counted from 1


LAYOUT = Layout()


def build_workbook(
    content: Content,
    offer: Offer,
    moment: dt.datetime,
    inputs: Mapping[str, float] | None = None,
    prepared_for: str | None = None,
    plan: RoiPlan | None = None,
) -> bytes:
    """Return the ROI calculator workbook of an offer that has an ROI model.

    ``inputs`` pre-fill the buyer's own numbers (an account's), and ``prepared_for`` names them
    in the title; cached values are computed from what is filled in.
    """
    if offer.roi is None:
        raise ValueError(f"offer {offer.id} has no ROI model")
    # The build's context plans every model once; callers without one get the same plan here.
    plan = plan if plan is not None else plan_roi(offer.roi, offer.price)[0]
    if plan.errors:
        raise ValueError(f"offer {offer.id} has an invalid ROI model")
    buffer = io.BytesIO()
    wb = new_workbook(buffer, content.company.brand.body_font)
    writer = _Writer(wb, content, offer, plan, dict(inputs or {}), prepared_for)
    writer.calculator()
    writer.calculations()
    writer.assumptions()
    # XlsxWriter marks the workbook for a full recalculation on open (fullCalcOnLoad): the
    # cached values are what viewers that cannot calculate show.
    wb.set_calc_mode("auto")
    title = f"{offer.name} ROI calculator" + (f" for {prepared_for}" if prepared_for else "")
    return finish(
        wb,
        buffer,
        moment,
        {"title": title, "subject": offer.roi.summary, "author": content.company.name, "company": content.company.name},
    )


class _Writer:
    """Writes the three sheets of one offer's calculator."""

    def __init__(
        self,
        wb: xlsxwriter.Workbook,
        content: Content,
        offer: Offer,
        plan: RoiPlan,
        inputs: dict[str, float],
        prepared_for: str | None,
    ) -> None:
        assert offer.roi is not None
        self.wb, self.content, self.offer, self.roi, self.plan = wb, content, offer, offer.roi, plan
        self.prepared_for = prepared_for
        #: What the yellow cells hold: the buyer's numbers where given, else the model's defaults.
        self.given = {**plan.defaults(), **inputs}
        brand = content.company.brand
        self.accent = brand.accent
        # Brand colours as text only where they read at 4.5:1; pale brands get a darker shade.
        self.ink = ink(brand.primary)
        self.band, self.on_band = band(brand.primary)
        self.styles = Styles(wb, brand.body_font, brand.heading_font)
        self.numbers = NumberFormats(content.company.currency, content.company.locale)
        self.values = plan.evaluate(inputs)
        self.headline = [o for o in self.roi.outputs if o.headline] or self.roi.outputs[:4]
        self.calc = "Calculations"
        roles = {o.role: o for o in self.roi.outputs if o.role}
        #: The outputs charted on the calculator: what it costs, then what it brings.
        self.bars = [roles["cost"], roles["benefit"]] if "cost" in roles and "benefit" in roles else []
        # The chart's data sits under the formulas on Calculations (1-based row of the first bar).
        self.chart_data_row = 4 + len(plan.constants) + len(plan.order) + 3

    # Shared pieces ---------------------------------------------------------------------

    def _sheet(self, name: str, widths: list[int], title: str, subtitle: str | None) -> Worksheet:
        ws = self.wb.add_worksheet(name)
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        ws.hide_gridlines(2)
        print_on_one_page(ws, self.content.company.locale)
        protect(ws)
        s = self.styles
        ws.set_row(0, 30)
        s.text(ws, 0, 0, title, font_name=s.heading_font, font_size=18, bold=True, font_color=self.ink)
        if subtitle:
            width = sum(widths)
            ws.set_row(1, row_height(line_count(subtitle, width)))
            s.merged_text(ws, 1, 0, len(widths) - 1, subtitle, italic=True, font_color=GREY, text_wrap=True, valign="top")
        return ws

    def _header(self, ws: Worksheet, row: int, col: int, labels: list[str]) -> None:
        for i, label in enumerate(labels):
            self.styles.text(
                ws,
                row,
                col + i,
                label,
                bold=True,
                font_color=self.on_band,
                bg_color=self.band,
                valign="vcenter",
                align="right" if i == 1 else "left",
                indent=1,
            )

    def _input_format(self, item: RoiInput, **props: object) -> dict[str, object]:
        return {"num_format": self.numbers.input(item), **props}

    def _output_format(self, out: RoiOutput) -> str:
        return self.numbers.output(out, output_digits(out.format, self.values.get(out.id)))

    # Calculator ------------------------------------------------------------------------

    def calculator(self) -> None:
        s, roi = self.styles, self.roi
        # The value column fits the longest value with its unit ("10 percentage points") in bold.
        fmt = Formatter(self.content.company)
        longest = max(len(fmt.value(i.max if i.max is not None else i.default, i.format, i.unit)) for i in roi.inputs)
        widths = list(CALCULATOR_WIDTHS)
        widths[1] = max(widths[1], round(longest * 1.15) + 4)
        self.widths = widths
        title = f"{self.offer.name}: ROI calculator" + (f" for {self.prepared_for}" if self.prepared_for else "")
        ws = self._sheet(LAYOUT.sheet, widths, title, roi.summary)
        s.text(ws, 2, 0, "Type your numbers into the yellow cells; the results and the chart follow.", font_color=GREY)
        ws.set_row(FIRST_ROW, 22)
        self._header(ws, FIRST_ROW, 0, ["Your numbers", "Value", "What to enter"])
        ws.merge_range(
            FIRST_ROW,
            4,
            FIRST_ROW,
            5,
            "Results",
            s.format(bold=True, font_color=self.on_band, bg_color=self.band, valign="vcenter", indent=1),
        )
        heights: dict[int, float] = {}
        for i, item in enumerate(roi.inputs):
            row = FIRST_ROW + 1 + i
            s.text(ws, row, 0, item.label, text_wrap=True, valign="top", bottom=1, bottom_color=RULE)
            ws.write_number(
                row,
                1,
                self.given[item.id],
                s.format(
                    **self._input_format(
                        item,
                        bg_color=INPUT_FILL,
                        font_color=INPUT_TEXT,
                        bold=True,
                        locked=False,
                        valign="top",
                        border=1,
                        border_color=RULE,
                        align="right",
                        indent=1,
                    )
                ),
            )
            s.text(
                ws,
                row,
                2,
                item.help or "",
                text_wrap=True,
                valign="top",
                font_color=GREY,
                font_size=9,
                bottom=1,
                bottom_color=RULE,
                indent=1,
            )
            lines = max(line_count(item.label, widths[0]), line_count(item.help or "", widths[2], 9), 1)
            heights[row] = row_height(lines)
            self.wb.define_name(defined_name(item.id), f"={LAYOUT.sheet}!${LAYOUT.input_column}${row + 1}")
            self._validate(ws, row, item)
        # Headline results beside the inputs: the big numbers a buyer reads first.
        for i, out in enumerate(self.headline):
            row = FIRST_ROW + 1 + i
            s.text(ws, row, 4, out.label, text_wrap=True, valign="vcenter", bold=True, bottom=1, bottom_color=RULE)
            value = self.values.get(out.id)
            ws.write_formula(
                row,
                5,
                f'=IFERROR({defined_name(out.id)},"n/a")',
                s.format(
                    num_format=self._output_format(out),
                    font_name=s.heading_font,
                    font_size=16,
                    bold=True,
                    font_color=self.ink,
                    align="right",
                    valign="vcenter",
                    bottom=1,
                    bottom_color=RULE,
                ),
                "n/a" if value is None else value,
            )
            lines = max(line_count(out.label, widths[4], bold=True), 1)
            heights[row] = max(heights.get(row, 0), row_height(lines), 28)
        # One height for every row of the two tables, so they read as one even grid.
        for row in heights:
            ws.set_row(row, max(heights.values()))
        last_input = FIRST_ROW + len(roi.inputs)
        chart_row = FIRST_ROW + 2 + len(self.headline)
        chart_bottom = chart_row + self._chart(ws, chart_row)
        row = max(last_input, chart_bottom) + 2
        note = roi.disclaimer or ""
        if note:
            ws.set_row(row, row_height(line_count(note, sum(widths), 9), 9))
            s.merged_text(
                ws, row, 0, len(widths) - 1, note, italic=True, font_color=GREY, font_size=9, text_wrap=True, valign="top"
            )
        ws.print_area(0, 0, row, len(widths) - 1)
        ws.activate()
        ws.set_tab_color(self.band)
        ws.set_selection(LAYOUT.input_cell(0))  # opened, the cursor waits in the first yellow cell

    def _chart(self, ws: Worksheet, row: int) -> int:
        """Chart cost against benefit under the results; return how many rows it covers."""
        if not self.bars:
            return 0
        data = self.chart_data_row
        s = self.styles
        body = {"name": s.body_font, "size": 9, "color": "#333F48"}
        chart = self.wb.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": "Per year",
                "categories": f"={self.calc}!$A${data}:$A${data + 1}",
                "values": f"={self.calc}!$B${data}:$B${data + 1}",
                "points": [{"fill": {"color": self.band}}, {"fill": {"color": self.accent}}],
                "data_labels": {
                    "value": True,
                    "num_format": self.numbers.money(0),
                    "position": "outside_end",
                    "font": {**body, "bold": True, "size": 10},
                },
                "gap": 60,
            }
        )
        chart.set_title(
            {
                "name": "Per year: what it costs and what it brings",
                "name_font": {"name": s.heading_font, "size": 11, "bold": True, "color": self.ink},
            }
        )
        chart.set_legend({"none": True})
        chart.set_x_axis({"num_font": body, "line": {"color": RULE}})
        chart.set_y_axis(
            {
                "num_font": body,
                "num_format": self.numbers.money(0),
                "min": 0,
                "major_gridlines": {"visible": True, "line": {"color": "#E6EAED"}},
                "line": {"none": True},
            }
        )
        chart.set_chartarea({"border": {"none": True}})
        px = sum(int(w * 7 + 5) for w in self.widths[4:6])  # as wide as the results above it
        chart.set_size({"width": px, "height": 250})
        ws.insert_chart(row, 4, chart, {"object_position": 1})
        # How many default-height rows (20 px) the chart covers below its anchor.
        return 250 // 20 + 1

    def _validate(self, ws: Worksheet, row: int, item: RoiInput) -> None:
        low, high = item.min, item.max
        if low is None and high is None and not item.whole:
            return
        kind = "a whole number" if item.whole else "a number"
        options: dict[str, object] = {"validate": "integer" if item.whole else "decimal", "ignore_blank": False}
        if low is not None and high is not None:
            options.update(criteria="between", minimum=f"{low:g}", maximum=f"{high:g}")
            bounds = f"{kind} between {low:g} and {high:g}"
        elif low is not None:
            options.update(criteria=">=", value=f"{low:g}")
            bounds = f"{kind} of at least {low:g}"
        elif high is not None:
            options.update(criteria="<=", value=f"{high:g}")
            bounds = f"{kind} of at most {high:g}"
        else:
            options.update(criteria="between", minimum="-999999999999", maximum="999999999999")
            bounds = kind
        options.update(
            error_type="stop",
            error_title="Value out of range",
            error_message=f"{item.label}: enter {bounds}."[:255],
            input_title="Allowed values",
            input_message=f"Enter {bounds}."[:255],
        )
        ws.data_validation(row, 1, row, 1, options)

    # Calculations ----------------------------------------------------------------------

    def calculations(self) -> None:
        s = self.styles
        widths = [40, 18, 56, 56]
        ws = self._sheet(
            self.calc,
            widths,
            "Calculations",
            "Every result is a formula over the names of the inputs and outputs; the sheet is protected.",
        )
        ws.set_row(3, 22)
        self._header(ws, 3, 0, ["Item", "Value", "Formula", "Expression in the content"])
        row = 4
        price = self.offer.price
        qualifier = f", {price.qualifier}" if price.qualifier else ""
        constants = {
            "price": f"Offer price ({UNITS.get(price.per or '', '')}{qualifier})",
            "annual_price": f"Offer price per year{' (' + price.qualifier + ')' if price.qualifier else ''}",
        }
        for name, label in constants.items():
            if name not in self.plan.constants:
                continue
            s.text(ws, row, 0, label, text_wrap=True, valign="top")
            ws.write_number(
                row,
                1,
                self.plan.constants[name],
                s.format(
                    num_format=self.numbers.money(0 if float(self.plan.constants[name]).is_integer() else 2),
                    valign="top",
                    align="right",
                    indent=1,
                ),
            )
            periods = PERIODS_PER_YEAR.get(price.per or "", 1)
            s.text(
                ws,
                row,
                2,
                "from the offer" + (f" (price x {periods:g})" if name == "annual_price" else ""),
                font_color=GREY,
                valign="top",
                indent=1,
            )
            self.wb.define_name(defined_name(name), f"={self.calc}!$B${row + 1}")
            row += 1
        outputs = {o.id: o for o in self.roi.outputs}
        for name, expr in self.plan.order:
            out = outputs[name]
            formula = to_excel(expr)
            value = self.values.get(name)
            s.text(ws, row, 0, out.label, text_wrap=True, valign="top", **RULED)
            ws.write_formula(
                row,
                1,
                formula,
                s.format(num_format=self._output_format(out), valign="top", bold=True, align="right", indent=1, **RULED),
                NO_VALUE if value is None else value,
            )
            s.text(ws, row, 2, formula, text_wrap=True, valign="top", font_color=GREY, indent=1, **RULED)
            s.text(ws, row, 3, out.expression, text_wrap=True, valign="top", font_color=GREY, indent=1, **RULED)
            lines = max(
                line_count(out.label, widths[0]), line_count(formula, widths[2]), line_count(out.expression, widths[3]), 1
            )
            ws.set_row(row, row_height(lines))
            self.wb.define_name(defined_name(name), f"={self.calc}!$B${row + 1}")
            row += 1
        if self.bars:
            # The chart's two bars, as formulas over the outputs, so the chart follows the inputs.
            row = self.chart_data_row - 1
            ws.set_row(row - 1, 22)
            self._header(ws, row - 1, 0, ["Chart on the Calculator", "Value"])
            for i, out in enumerate(self.bars):
                value = self.values.get(out.id)
                s.text(ws, row + i, 0, out.label, valign="top")
                ws.write_formula(
                    row + i,
                    1,
                    f"={defined_name(out.id)}",
                    s.format(num_format=self._output_format(out), bold=True, align="right", indent=1),
                    NO_VALUE if value is None else value,
                )

    # Assumptions -----------------------------------------------------------------------

    def assumptions(self) -> None:
        s = self.styles
        widths = [36, 18, 48, 56]
        ws = self._sheet("Assumptions", widths, "Assumptions", "Where the starting values come from.")
        ws.set_row(3, 22)
        self._header(ws, 3, 0, ["Input", "Default", "What to enter", "Source"])
        for i, item in enumerate(self.roi.inputs):
            row = 4 + i
            s.text(ws, row, 0, item.label, text_wrap=True, valign="top", **RULED)
            ws.write_number(
                row, 1, item.default, s.format(**self._input_format(item, valign="top", align="right", indent=1, **RULED))
            )
            s.text(ws, row, 2, item.help or "", text_wrap=True, valign="top", indent=1, **RULED)
            s.text(ws, row, 3, item.source or "", text_wrap=True, valign="top", font_color=GREY, indent=1, **RULED)
            lines = max(
                line_count(item.label, widths[0]),
                line_count(item.help or "", widths[2]),
                line_count(item.source or "", widths[3]),
                1,
            )
            ws.set_row(row, row_height(lines))
