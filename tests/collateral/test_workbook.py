"""ROI workbooks: structure on the reopened file, cached values checked against LibreOffice and
a second engine (formulas), and the rendered PDF: one landscape page per sheet, brand fonts,
units shown once."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from support import DEFAULT_CONTENT, require_program, soffice_convert

from generator.content.load import load_content
from generator.errors import ContentError
from generator.expr.excel import to_excel
from generator.expr.plan import plan_roi
from generator.model import Content, Offer
from generator.outputs.collateral.numbers import NumberFormats
from generator.outputs.collateral.workbook import LAYOUT, build_workbook

MOMENT = dt.datetime(2026, 10, 13, tzinfo=dt.UTC)
SHEETS = ["Calculator", "Calculations", "Assumptions"]


def _content() -> Content:
    return load_content(DEFAULT_CONTENT).content


def _roi_offers(content: Content) -> list[Offer]:
    return [o for o in content.offers if o.roi is not None]


def _large_offer(content: Content) -> Offer:
    """Return the dispatch offer with twelve inputs and every output a headline: a crowded calculator."""
    offer = content.offer("dispatch")
    assert offer.roi is not None
    extra = [
        item.model_copy(update={"id": f"{item.id}_next_year", "label": f"{item.label} (next year)"}) for item in offer.roi.inputs
    ]
    outputs = [out.model_copy(update={"headline": True}) for out in offer.roi.outputs]
    roi = offer.roi.model_copy(update={"inputs": [*offer.roi.inputs, *extra], "outputs": outputs})
    return offer.model_copy(update={"id": "large", "roi": roi})


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, Path, Path]]:
    """Each default ROI workbook: its bytes, LibreOffice's recalculated copy and its PDF."""
    root = tmp_path_factory.mktemp("workbooks")
    content = _content()
    built: dict[str, bytes] = {}
    for offer in _roi_offers(content):
        built[offer.id] = build_workbook(content, offer, MOMENT)
    built["large"] = build_workbook(content, _large_offer(content), MOMENT)
    for name, data in built.items():
        (root / f"{name}.xlsx").write_bytes(data)
    files = [root / f"{name}.xlsx" for name in built]
    soffice_convert(files, "xlsx", root / "recalculated", root / "profile")
    soffice_convert(files, "pdf", root / "pdf", root / "profile")
    return {name: (data, root / "recalculated" / f"{name}.xlsx", root / "pdf" / f"{name}.pdf") for name, data in built.items()}


def _formula_cells(data: bytes) -> list[tuple[str, str, str]]:
    """Return (sheet, cell, formula) for every formula in the workbook."""
    wb = load_workbook(io.BytesIO(data))
    return [
        (ws.title, cell.coordinate, str(cell.value))
        for ws in wb
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def _same(ours: Any, theirs: Any) -> bool:
    if isinstance(ours, (int, float)) and isinstance(theirs, (int, float)):
        return theirs == pytest.approx(ours, rel=1e-12, abs=1e-9)
    return bool(ours == theirs)


def test_sheets_names_formulas_protection_and_validation() -> None:
    content = _content()
    offer = content.offer("dispatch")
    assert offer.roi is not None
    wb = load_workbook(io.BytesIO(build_workbook(content, offer, MOMENT)))
    assert wb.sheetnames == SHEETS
    assert wb.calculation.fullCalcOnLoad is True
    names = {name: dn.attr_text for name, dn in wb.defined_names.items()}
    for i, item in enumerate(offer.roi.inputs):
        assert names[f"roi_{item.id}"] == f"Calculator!${LAYOUT.input_cell(i)[0]}${LAYOUT.input_cell(i)[1:]}"
        cell = wb["Calculator"][LAYOUT.input_cell(i)]
        assert cell.value == item.default and cell.protection.locked is False
    plan, _ = plan_roi(offer.roi, offer.price)
    calc = wb["Calculations"]
    formulas: dict[str, Any] = {}
    for r in range(5, calc.max_row + 1):  # the first of each label: the chart's data repeats two
        formulas.setdefault(str(calc[f"A{r}"].value), calc[f"B{r}"].value)
    assert formulas["Total annual benefit"] == "=roi_office_savings+roi_added_gross_profit"
    assert formulas["Net benefit after Crewboard's cost"] == "=roi_annual_benefit-roi_annual_cost"
    for name, expr in plan.order:
        assert to_excel(expr) in formulas.values(), name
    for title in SHEETS:
        assert wb[title].protection.sheet is True and not wb[title].protection.password
    validations = {str(dv.sqref): dv for dv in wb["Calculator"].data_validations.dataValidation}
    for i, item in enumerate(offer.roi.inputs):
        low = f"{item.min:g}" if item.min is not None else None
        high = f"{item.max:g}" if item.max is not None else None
        expected = (low, high) if low and high else (low or high, None)
        dv = validations[LAYOUT.input_cell(i)]
        assert (dv.formula1, dv.formula2) == expected
        # Technicians come in whole numbers: 20.5 is refused, 20 accepted.
        assert dv.type == ("whole" if item.id == "technicians" else "decimal"), item.id
    results = wb["Calculator"]
    assert results["F7"].value == '=IFERROR(roi_annual_benefit,"n/a")'
    assert [results[f"E{7 + i}"].value for i in range(4)] == [o.label for o in offer.roi.outputs if o.headline]


def test_the_chart_sets_the_cost_against_the_benefit() -> None:
    content = _content()
    for offer in _roi_offers(content):
        wb = load_workbook(io.BytesIO(build_workbook(content, offer, MOMENT)))
        charts = wb["Calculator"]._charts
        assert len(charts) == 1
        series = charts[0].series
        assert len(series) == 1
        sheet, ref = series[0].val.numRef.f.split("!")
        first, last = (int(re.sub(r"\D", "", part)) for part in ref.split(":"))
        bars = [wb[sheet][f"B{r}"].value for r in range(first, last + 1)]
        # Never net benefit against total benefit: what it costs, then what it brings.
        assert bars == ["=roi_annual_cost", "=roi_annual_benefit"], offer.id
        # Previews draw the chart from its own cache: it holds the same numbers as the cells.
        assert offer.roi is not None
        values = plan_roi(offer.roi, offer.price)[0].evaluate()
        cache = [point.v for point in series[0].val.numRef.numCache.pt]
        assert cache == pytest.approx([values["annual_cost"], values["annual_benefit"]]), offer.id
        assert wb["Calculator"].sheet_view.selection[0].activeCell == LAYOUT.input_cell(0)


def test_a_model_without_cost_and_benefit_roles_gets_no_chart(small_content: Callable[..., Path]) -> None:
    content = load_content(small_content()).content
    wb = load_workbook(io.BytesIO(build_workbook(content, content.offer("first-offer"), MOMENT)))
    assert wb.sheetnames == SHEETS and wb["Calculator"]._charts == []


def test_every_formula_carries_the_value_libreoffice_computes(rendered: dict[str, tuple[bytes, Path, Path]]) -> None:
    content = _content()
    for offer in _roi_offers(content):
        assert offer.roi is not None
        data, recalculated, _ = rendered[offer.id]
        cached = load_workbook(io.BytesIO(data), data_only=True)
        theirs = load_workbook(recalculated, data_only=True)
        cells = _formula_cells(data)
        assert len(cells) >= len(offer.roi.outputs) + 4
        for sheet, ref, formula in cells:
            ours = cached[sheet][ref].value
            assert ours is not None, (offer.id, sheet, ref, formula)
            assert _same(ours, theirs[sheet][ref].value), (offer.id, sheet, ref, formula, ours, theirs[sheet][ref].value)
        # And they are the Python evaluator's numbers, cell by cell through the defined names.
        values = plan_roi(offer.roi, offer.price)[0].evaluate()
        for name, dn in cached.defined_names.items():
            sheet, ref = dn.attr_text.replace("$", "").split("!")
            assert cached[sheet][ref].value == pytest.approx(values[name.removeprefix("roi_")], rel=1e-15), name


def test_a_second_engine_computes_the_cached_values(tmp_path: Path) -> None:
    formulas = pytest.importorskip("formulas")
    content = _content()
    for offer in _roi_offers(content):
        data = build_workbook(content, offer, MOMENT)
        path = tmp_path / f"{offer.id}.xlsx"
        path.write_bytes(data)
        solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
        computed = {
            key.split("]", 1)[1].replace("'", "").upper(): value.value[0][0]
            for key, value in solution.items()
            if hasattr(value, "value")
        }
        cached = load_workbook(io.BytesIO(data), data_only=True)
        cells = _formula_cells(data)
        assert cells
        for sheet, ref, formula in cells:
            theirs = computed[f"{sheet.upper()}!{ref}"]
            assert _same(cached[sheet][ref].value, theirs), (offer.id, sheet, ref, formula)


EDITS: dict[str, list[dict[str, float]]] = {
    "dispatch": [
        {"technicians": 45, "office_hourly_cost": 35.5},
        {"technicians": 1, "extra_jobs_per_tech_per_month": 0},
        {"scheduling_time_saved": 75, "gross_profit_per_job": 310, "scheduling_hours_per_day": 11},
    ],
    "maintenance-plans": [
        {"active_agreements": 1800, "current_renewal_rate": 95},
        {"renewal_rate_gain": 1},
        {"agreement_price": 89, "repair_profit_per_member": 0, "active_agreements": 120},
    ],
}


def test_libreoffice_recalculates_edited_inputs_to_the_python_values(tmp_path: Path) -> None:
    content = _content()
    cases: list[tuple[Path, Offer, dict[str, float]]] = []
    for offer in _roi_offers(content):
        assert offer.roi is not None
        data = build_workbook(content, offer, MOMENT)
        for n, edit in enumerate(EDITS[offer.id]):
            wb = load_workbook(io.BytesIO(data))
            for i, item in enumerate(offer.roi.inputs):
                if item.id in edit:
                    wb["Calculator"][LAYOUT.input_cell(i)].value = edit[item.id]
            path = tmp_path / "in" / f"{offer.id}-{n}.xlsx"
            path.parent.mkdir(exist_ok=True)
            wb.save(path)
            cases.append((path, offer, edit))
    assert len(cases) == 6
    soffice_convert([p for p, _, _ in cases], "xlsx", tmp_path / "out", tmp_path / "profile")
    for path, offer, edit in cases:
        assert offer.roi is not None
        expected = plan_roi(offer.roi, offer.price)[0].evaluate(edit)
        wb = load_workbook(tmp_path / "out" / path.name, data_only=True)
        for out in offer.roi.outputs:
            sheet, ref = wb.defined_names[f"roi_{out.id}"].attr_text.replace("$", "").split("!")
            assert wb[sheet][ref].value == pytest.approx(expected[out.id], rel=1e-9), (path.name, out.id)
        results = {str(r[0].value): r[1].value for r in wb["Calculator"].iter_rows(min_row=7, min_col=5, max_col=6) if r[0].value}
        for out in [o for o in offer.roi.outputs if o.headline]:
            assert results[out.label] == pytest.approx(expected[out.id], rel=1e-9)


def _pdf_pages(pdf: Path) -> list[tuple[float, float, str]]:
    """Return (width, height, text) of every page of a PDF."""
    pdfinfo = require_program("pdfinfo")
    info = subprocess.run([pdfinfo, "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True).stdout
    sizes = [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    text = subprocess.run(
        [require_program("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    return [(w, h, pages[i]) for i, (w, h) in enumerate(sizes)]


def pdf_words(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """Return (page, x0, y0, x1, y1, word) for every word pdftotext finds."""
    html = subprocess.run(
        [require_program("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = []
    for page, body in enumerate(html.split("<page ")[1:], start=1):
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body
        ):
            words.append((page, float(x0), float(y0), float(x1), float(y1), word))
    return words


def overlapping_words(words: list[tuple[int, float, float, float, float, str]]) -> list[tuple[str, str]]:
    """Return the pairs of words printed over each other on the same page."""
    return [
        (a[5], b[5])
        for i, a in enumerate(words)
        for b in words[i + 1 :]
        if a[0] == b[0] and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5 and a[2] < b[4] - 0.5 and b[2] < a[4] - 0.5
    ]


def foreign_fonts(pdf: Path, *fonts: str) -> set[str]:
    """Return the fonts in the PDF that are none of ``fonts`` (a fallback font, say)."""
    listed = subprocess.run(
        [require_program("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    used = {line.split()[0].split("+")[-1] for line in listed}
    assert used, "no fonts in the PDF"
    return {name for name in used if not any(name.startswith(f.replace(" ", "")) for f in fonts)}


def test_every_sheet_prints_on_one_landscape_page(rendered: dict[str, tuple[bytes, Path, Path]]) -> None:
    content = _content()
    for offer in [*_roi_offers(content), _large_offer(content)]:
        pages = _pdf_pages(rendered[offer.id][2])
        assert len(pages) == len(SHEETS), offer.id
        assert all(w > h for w, h, _ in pages), offer.id
        first, calculations, assumptions = (text for _, _, text in pages)
        # The calculator page has the inputs, the results and the chart's labels together.
        assert f"{offer.name}: ROI calculator" in first and "Results" in first and "what it costs" in first
        assert "Calculations" in calculations and "Assumptions" in assumptions
        # No text over text: not the chart's labels over a cell, not wrapped text over the next row.
        assert overlapping_words(pdf_words(rendered[offer.id][2])) == [], offer.id


def test_units_show_once_on_the_rendered_calculator(rendered: dict[str, tuple[bytes, Path, Path]]) -> None:
    text = " ".join(_pdf_pages(rendered["dispatch"][2])[0][2].split())
    for shown in ("20 technicians", "6 hours per day", "40%", "$28", "1.5 jobs", "$70,800", "328%", "2.8 months"):
        assert shown in text, shown
    for doubled in ("% %", "%%", "USD", "$$", "months months", "technicians technicians"):
        assert doubled not in text, doubled


def test_brand_fonts_on_every_cell_and_in_the_pdf(rendered: dict[str, tuple[bytes, Path, Path]]) -> None:
    brand = _content().company.brand
    fonts = {brand.body_font, brand.heading_font}
    for data, _, pdf in rendered.values():
        wb: Workbook = load_workbook(io.BytesIO(data))
        assert wb._fonts[0].name == brand.body_font  # the default style: empty cells too
        for ws in wb:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        assert cell.font.name in fonts, (ws.title, cell.coordinate, cell.font.name)
        assert foreign_fonts(pdf, *fonts) == set()


def test_workbook_bytes_are_reproducible() -> None:
    content = _content()
    offer = content.offer("maintenance-plans")
    first = build_workbook(content, offer, MOMENT)
    assert build_workbook(content, offer, MOMENT) == first
    assert build_workbook(content, offer, MOMENT + dt.timedelta(days=1)) != first


INJECTION = {
    "offers/first-offer.yaml": [
        ("label: Hours saved each week", 'label: "=HYPERLINK(\\"http://evil.example\\",\\"click\\")"'),
        ("label: Cost of an hour of staff time", 'label: "+1-555-0100"\n      help: "@SUM(A1:A9)"\n      source: "-2+3"'),
    ],
}


def test_content_text_never_becomes_a_formula(small_content: Callable[..., Path], tmp_path: Path) -> None:
    content = load_content(small_content(INJECTION)).content
    data = build_workbook(content, content.offer("first-offer"), MOMENT)
    wb = load_workbook(io.BytesIO(data))
    calculator, assumptions = wb["Calculator"], wb["Assumptions"]
    assert calculator["A7"].value == '=HYPERLINK("http://evil.example","click")' and calculator["A7"].data_type == "s"
    assert calculator["A8"].value == "+1-555-0100" and calculator["A8"].data_type == "s"
    assert calculator["C8"].value == "@SUM(A1:A9)" and calculator["C8"].data_type == "s"
    assert assumptions["D6"].value == "-2+3" and assumptions["D6"].data_type == "s"
    assert calculator["A7"].quotePrefix and assumptions["D6"].quotePrefix
    # LibreOffice agrees: after a recalculation the cells still hold the text.
    source = tmp_path / "injection.xlsx"
    source.write_bytes(data)
    soffice_convert([source], "xlsx", tmp_path / "out", tmp_path / "profile")
    again = load_workbook(tmp_path / "out" / "injection.xlsx", data_only=True)
    assert again["Calculator"]["A7"].value == '=HYPERLINK("http://evil.example","click")'
    assert again["Assumptions"]["D6"].value == "-2+3"


@pytest.mark.parametrize(
    "edit, message",
    [
        (
            ("      default: 5\n", "      default: 5.5\n      whole: true\n"),
            "offers.first-offer.roi.inputs.hours_saved_per_week: expected a whole number as default (whole is true), got 5.5",
        ),
        (
            ("      headline: true\n", "      headline: true\n      role: cost\n"),
            "offers.first-offer.roi: expected at most one output with role cost, got annual_benefit, net_benefit",
        ),
    ],
)
def test_whole_and_role_are_checked(small_content: Callable[..., Path], edit: tuple[str, str], message: str) -> None:
    old, new = edit
    path = small_content()
    offer = path / "offers" / "first-offer.yaml"
    offer.write_text(offer.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(path)
    assert [str(p).split(": ", 1)[1] for p in info.value.problems] == [message]


@pytest.mark.parametrize(
    "currency, locale, money, percent",
    [
        ("USD", "en_US", '"$"#,##0;-"$"#,##0', '#,##0"%"'),
        ("EUR", "de_DE", '[$-407]#,##0"\u00a0€";-#,##0"\u00a0€"', '[$-407]#,##0"\u00a0%"'),
        ("GBP", "en_GB", '"£"#,##0.00" per hour";-"£"#,##0.00" per hour"', '#,##0"%"'),
    ],
)
def test_number_formats_follow_the_locale(currency: str, locale: str, money: str, percent: str) -> None:
    formats = NumberFormats(currency, locale)
    unit = " per hour" if locale == "en_GB" else None
    assert formats.money(2 if unit else 0, unit.strip() if unit else None) == money
    assert formats.value("percent", 0) == percent
    tag = "[$-407]" if locale == "de_DE" else ""  # German separators wherever the workbook is opened
    assert formats.value("number", None, 'a "b"') == tag + 'General" a "\\""b"\\"""'


UNDEFINED = {
    "offers/first-offer.yaml": (
        "      format: currency\n      headline: true\n",
        "      format: currency\n      headline: true\n"
        "    - id: per_spare_hour\n      label: Value per hour above 60\n"
        "      expression: annual_benefit / (hourly_cost - 60)\n      format: currency\n"
        "      headline: true\n",
    ),
}


def test_a_result_without_a_value_is_cached_as_libreoffice_shows_it(small_content: Callable[..., Path], tmp_path: Path) -> None:
    content = load_content(small_content(UNDEFINED)).content
    offer = content.offer("first-offer")
    assert offer.roi is not None and plan_roi(offer.roi, offer.price)[0].evaluate()["per_spare_hour"] is None
    data = build_workbook(content, offer, MOMENT)
    source = tmp_path / "undefined.xlsx"
    source.write_bytes(data)
    soffice_convert([source], "xlsx", tmp_path / "out", tmp_path / "profile")
    cached = load_workbook(io.BytesIO(data), data_only=True)
    theirs = load_workbook(tmp_path / "out" / "undefined.xlsx", data_only=True)
    sheet, ref = cached.defined_names["roi_per_spare_hour"].attr_text.replace("$", "").split("!")
    assert cached[sheet][ref].value == theirs[sheet][ref].value == "#DIV/0!"
    shown = {r[0].value: r[1].value for r in cached["Calculator"].iter_rows(min_row=7, min_col=5, max_col=6)}
    assert shown["Value per hour above 60"] == "n/a"
    for sheet, ref, formula in _formula_cells(data):
        assert cached[sheet][ref].value == theirs[sheet][ref].value, (sheet, ref, formula)


GERMAN = {"company.yaml": [("currency: USD", "currency: EUR"), ("locale: en_US", "locale: de_DE")]}


@pytest.mark.parametrize(
    "edits, money, paper", [({}, '"$"#,##0', 1), (GERMAN, '[$-407]#,##0"\u00a0€"', 9)], ids=["en_US", "de_DE"]
)
def test_money_and_paper_follow_the_company_locale(
    small_content: Callable[..., Path], edits: dict[str, Any], money: str, paper: int
) -> None:
    content = load_content(small_content(edits)).content
    wb = load_workbook(io.BytesIO(build_workbook(content, content.offer("first-offer"), MOMENT)))
    assert wb["Calculator"]["F7"].number_format == f"{money};-{money.removeprefix('[$-407]')}"
    assert {int(ws.page_setup.paperSize) for ws in wb} == {paper}  # US Letter, or A4
    assert all(ws.page_setup.orientation == "landscape" for ws in wb)


PALE = {"primary": "#F2D16B", "secondary": "#FFF8E1", "accent": "#FFD54F"}


def low_contrast_cells(wb: Workbook) -> list[tuple[str, str, float]]:
    """Return every text or number cell whose font colour reads below 4.5:1 on its fill."""
    from generator.colour import contrast

    found = []
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in (None, ""):
                    continue
                rgb = cell.font.color.rgb if cell.font.color is not None else None
                text = "#" + (rgb[-6:] if isinstance(rgb, str) else "000000")
                fill = "#FFFFFF"
                if cell.fill.patternType == "solid" and isinstance(cell.fill.fgColor.rgb, str):
                    fill = "#" + cell.fill.fgColor.rgb[-6:]
                ratio = contrast(text, fill)
                if ratio < 4.5:
                    found.append((ws.title, cell.coordinate, round(ratio, 2)))
    return found


@pytest.mark.parametrize("brand", [None, PALE], ids=["default brand", "pale brand"])
def test_every_cell_reads_at_4_5_to_1(brand: dict[str, str] | None) -> None:
    content = _content()
    if brand:
        company = content.company.model_copy(update={"brand": content.company.brand.model_copy(update=brand)})
        content = content.model_copy(update={"company": company})
    for offer in _roi_offers(content):
        wb = load_workbook(io.BytesIO(build_workbook(content, offer, MOMENT)))
        assert low_contrast_cells(wb) == [], offer.id
