"""ROI calculator workbooks (.xlsx): live formulas compiled from the offer's ROI model.

Inputs are the only editable cells; Calculations holds one formula per output, written over
defined names (``=roi_technicians*roi_extra_jobs*12*roi_gross_profit``) so that a rep or a
buyer's finance team can read them; Summary shows the headline outputs with a chart;
Assumptions says where each default comes from.
"""

from __future__ import annotations

import datetime as dt
import io
import math

from babel.numbers import get_currency_symbol
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from generator.collateral.cells import put_text
from generator.collateral.package import normalise
from generator.expr.excel import defined_name, to_excel
from generator.expr.plan import plan_roi
from generator.model import Content, Offer

INPUT_FILL = PatternFill("solid", fgColor="FFF4CC")
INPUT_FONT = Font(color="1F4E9E", bold=True)
THIN = Side(style="thin", color="C8CED3")


def _number_format(fmt: str, symbol: str, whole: bool = True) -> str:
    if fmt == "currency":
        money = f'"{symbol}"#,##0' + ("" if whole else ".00")
        return f"{money};-{money}"
    if fmt == "percent":
        return '0"%"'  # percent values are in percent points: 25 means 25 %
    return "#,##0" if whole else "#,##0.0"


def build_workbook(content: Content, offer: Offer, moment: dt.datetime) -> bytes:
    """Return the ROI calculator workbook of an offer that has an ROI model."""
    if offer.roi is None:
        raise ValueError(f"offer {offer.id} has no ROI model")
    plan, errors = plan_roi(offer.roi, offer.price)
    if errors:
        raise ValueError(f"offer {offer.id} has an invalid ROI model")
    brand = content.company.brand
    primary = brand.primary.lstrip("#").upper()
    symbol = get_currency_symbol(content.company.currency, locale=content.company.locale)
    heading = Font(name=brand.heading_font, bold=True, size=16, color=primary)
    header_fill = PatternFill("solid", fgColor=primary)
    header_font = Font(bold=True, color="FFFFFF")
    example = plan.evaluate()

    wb = Workbook()
    inputs = wb.active
    assert inputs is not None
    inputs.title = "Inputs"
    calc = wb.create_sheet("Calculations")
    summary = wb.create_sheet("Summary")
    assumptions = wb.create_sheet("Assumptions")

    def title(ws: Worksheet, text: str, subtitle: str) -> None:
        put_text(ws["A1"], text).font = heading
        put_text(ws["A2"], subtitle).font = Font(italic=True, color="5F6B73")
        ws.sheet_view.showGridLines = False

    def header(ws: Worksheet, row: int, labels: list[str]) -> None:
        for col, label in enumerate(labels, start=1):
            cell = put_text(ws.cell(row=row, column=col), label)
            cell.fill, cell.font = header_fill, header_font

    # Inputs: the only cells a rep types into.
    title(inputs, f"{offer.name}: ROI calculator", offer.roi.summary)
    put_text(inputs["A3"], "Change the yellow cells; everything else follows.").font = Font(color="5F6B73")
    header(inputs, 5, ["Input", "Value", "Unit", "What to enter"])
    for i, item in enumerate(offer.roi.inputs):
        row = 6 + i
        put_text(inputs.cell(row=row, column=1), item.label).alignment = Alignment(wrap_text=True, vertical="top")
        cell = inputs.cell(row=row, column=2, value=item.default)
        cell.alignment = Alignment(vertical="top")
        cell.fill, cell.font = INPUT_FILL, INPUT_FONT
        cell.protection = Protection(locked=False)
        cell.number_format = _number_format(item.format, symbol, float(item.default).is_integer())
        cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
        unit = item.unit or {"percent": "%", "currency": content.company.currency}.get(item.format, "")
        put_text(inputs.cell(row=row, column=3), unit).alignment = Alignment(vertical="top")
        put_text(inputs.cell(row=row, column=4), item.help or "").alignment = Alignment(wrap_text=True, vertical="top")
        # Spreadsheet programs do not grow rows for wrapped text on open; give the help room.
        lines = max(math.ceil(len(item.help or "") / 62), math.ceil(len(item.label) / 40), 1)
        inputs.row_dimensions[row].height = 15 * lines
        _name(wb, item.id, f"Inputs!$B${row}")
        if item.min is not None or item.max is not None:
            dv = _validation(item.min, item.max, item.label)
            inputs.add_data_validation(dv)
            dv.add(cell.coordinate)
    _widths(inputs, [46, 16, 18, 70])

    # Calculations: constants from the offer, then every output as a live formula.
    title(calc, "Calculations", "Formulas use the names of the inputs and outputs; they are protected.")
    header(calc, 4, ["Item", "Value", "Formula", "Expression in the content"])
    row = 5
    for name, label in (("price", "Offer price"), ("annual_price", "Offer price per year")):
        if name in plan.constants:
            put_text(calc.cell(row=row, column=1), label)
            cell = calc.cell(row=row, column=2, value=plan.constants[name])
            cell.number_format = _number_format("currency", symbol)
            put_text(calc.cell(row=row, column=3), "from the offer")
            _name(wb, name, f"Calculations!$B${row}")
            row += 1
    outputs = {o.id: o for o in offer.roi.outputs}
    output_cells: dict[str, str] = {}
    for name, expr in plan.order:
        out = outputs[name]
        put_text(calc.cell(row=row, column=1), out.label + (f" ({out.unit})" if out.unit else ""))
        formula = to_excel(expr)
        cell = calc.cell(row=row, column=2, value=formula)
        value = example.get(name)
        cell.number_format = _number_format(out.format, symbol, value is None or float(value).is_integer()
                                            or abs(value) >= 100)
        put_text(calc.cell(row=row, column=3), formula)
        put_text(calc.cell(row=row, column=4), out.expression)
        _name(wb, name, f"Calculations!$B${row}")
        output_cells[name] = f"Calculations!$B${row}"
        row += 1
    _widths(calc, [46, 18, 60, 60])

    # Summary: the headline outputs and a chart of the money ones.
    title(summary, f"{offer.name}: what it is worth", offer.roi.disclaimer or offer.roi.summary)
    header(summary, 4, ["Result", "Value"])
    headline = [o for o in offer.roi.outputs if o.headline] or offer.roi.outputs[:4]
    for i, out in enumerate(headline):
        r = 5 + i
        put_text(summary.cell(row=r, column=1), out.label + (f" ({out.unit})" if out.unit else "")).font = Font(bold=True)
        # IFERROR keeps a division by zero from showing #DIV/0! to a buyer.
        cell = summary.cell(row=r, column=2, value=f'=IFERROR({defined_name(out.id)},"n/a")')
        value = example.get(out.id)
        cell.number_format = _number_format(out.format, symbol, value is None or float(value).is_integer()
                                            or abs(value) >= 100)
        cell.font = Font(bold=True, size=14, color=primary)
    money = [i for i, o in enumerate(headline) if o.format == "currency"]
    if money:
        chart = BarChart()
        chart.type = "bar"
        chart.title = "Value in the first year"
        chart.legend = None
        first, last = 5 + money[0], 5 + money[-1]
        chart.add_data(Reference(summary, min_col=2, min_row=first, max_row=last), titles_from_data=False)
        chart.set_categories(Reference(summary, min_col=1, min_row=first, max_row=last))
        chart.height, chart.width = 7.5, 16
        chart.series[0].graphicalProperties.solidFill = content.company.brand.accent.lstrip("#").upper()
        chart.series[0].graphicalProperties.line.noFill = True
        summary.add_chart(chart, f"A{7 + len(headline)}")
    _widths(summary, [52, 22])

    # Assumptions: where each default comes from.
    title(assumptions, "Assumptions", "Where the starting values come from.")
    header(assumptions, 4, ["Input", "Default", "Source"])
    for i, item in enumerate(offer.roi.inputs):
        r = 5 + i
        put_text(assumptions.cell(row=r, column=1), item.label)
        cell = assumptions.cell(row=r, column=2, value=item.default)
        cell.number_format = _number_format(item.format, symbol, float(item.default).is_integer())
        put_text(assumptions.cell(row=r, column=3), item.source or "").alignment = Alignment(wrap_text=True, vertical="top")
    _widths(assumptions, [46, 14, 90])

    # Protect everything but the input cells; no password, so it stops accidents, not people.
    for ws in (inputs, calc, summary, assumptions):
        # Printed or saved as PDF, each sheet is one page wide, in landscape.
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.protection.sheet = True
        ws.protection.formatCells = False
        ws.protection.formatColumns = False
    wb.calculation.fullCalcOnLoad = True
    wb.properties.creator = content.company.name
    wb.properties.title = f"{offer.name} ROI calculator"
    wb.properties.created = wb.properties.modified = moment.replace(tzinfo=None)
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise(buffer.getvalue(), moment)


def _name(wb: Workbook, name: str, ref: str) -> None:
    wb.defined_names[defined_name(name)] = DefinedName(defined_name(name), attr_text=ref)


def _validation(low: float | None, high: float | None, label: str) -> DataValidation:
    if low is not None and high is not None:
        dv = DataValidation(type="decimal", operator="between", formula1=f"{low:g}", formula2=f"{high:g}")
        bounds = f"between {low:g} and {high:g}"
    elif low is not None:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=f"{low:g}")
        bounds = f"at least {low:g}"
    else:
        dv = DataValidation(type="decimal", operator="lessThanOrEqual", formula1=f"{high:g}")
        bounds = f"at most {high:g}"
    dv.allow_blank = False
    dv.showErrorMessage = True
    dv.errorTitle = "Value out of range"
    dv.error = f"{label}: enter a number {bounds}."[:255]
    dv.showInputMessage = True
    dv.promptTitle = "Allowed values"
    dv.prompt = f"A number {bounds}."
    return dv


def _widths(ws: Worksheet, widths: list[int]) -> None:
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
