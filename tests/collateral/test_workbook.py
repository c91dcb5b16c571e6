"""ROI workbooks: structure on the reopened file, and values recalculated by LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support import DEFAULT_CONTENT, soffice_convert

from generator.collateral.workbook import build_workbook
from generator.expr.excel import to_excel
from generator.expr.plan import plan_roi
from generator.load import load_content
from generator.model import Content, Offer

MOMENT = dt.datetime(2026, 10, 13, tzinfo=dt.UTC)


def _content() -> Content:
    return load_content(DEFAULT_CONTENT).content


def _roi_offers(content: Content) -> list[Offer]:
    return [o for o in content.offers if o.roi is not None]


def test_sheets_names_formulas_protection_and_validation() -> None:
    content = _content()
    offer = content.offer("dispatch")
    assert offer.roi is not None
    wb = load_workbook(io.BytesIO(build_workbook(content, offer, MOMENT)))
    assert wb.sheetnames == ["Inputs", "Calculations", "Summary", "Assumptions"]
    assert wb.calculation.fullCalcOnLoad is True
    names = {name: dn.attr_text for name, dn in wb.defined_names.items()}
    for i, item in enumerate(offer.roi.inputs):
        assert names[f"roi_{item.id}"] == f"Inputs!$B${6 + i}"
        cell = wb["Inputs"][f"B{6 + i}"]
        assert cell.value == item.default and cell.protection.locked is False
    plan, _ = plan_roi(offer.roi, offer.price)
    calc = wb["Calculations"]
    formulas = {str(calc[f"A{r}"].value): calc[f"B{r}"].value for r in range(5, calc.max_row + 1)}
    assert formulas["Total annual benefit"] == "=roi_office_savings+roi_added_gross_profit"
    assert formulas["Net benefit after Crewboard's cost"] == "=roi_annual_benefit-roi_annual_price*roi_technicians"
    for name, expr in plan.order:
        assert to_excel(expr) in formulas.values(), name
    for title in ("Inputs", "Calculations", "Summary", "Assumptions"):
        assert wb[title].protection.sheet is True and not wb[title].protection.password
    bounds = {str(dv.sqref): (dv.formula1, dv.formula2) for dv in wb["Inputs"].data_validations.dataValidation}
    for i, item in enumerate(offer.roi.inputs):
        low = f"{item.min:g}" if item.min is not None else None
        high = f"{item.max:g}" if item.max is not None else None
        expected = (low, high) if low and high else (low or high, None)
        assert bounds[f"B{6 + i}"] == expected
    assert wb["Summary"]["B5"].value == '=IFERROR(roi_annual_benefit,"n/a")'
    assert len(wb["Summary"]._charts) == 1


def test_workbook_bytes_are_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
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
    inputs, assumptions = wb["Inputs"], wb["Assumptions"]
    assert inputs["A6"].value == '=HYPERLINK("http://evil.example","click")' and inputs["A6"].data_type == "s"
    assert inputs["A7"].value == "+1-555-0100" and inputs["A7"].data_type == "s"
    assert inputs["D7"].value == "@SUM(A1:A9)" and inputs["D7"].data_type == "s"
    assert assumptions["C6"].value == "-2+3" and assumptions["C6"].data_type == "s"
    # LibreOffice agrees: after a recalculation the cells still hold the text.
    source = tmp_path / "injection.xlsx"
    source.write_bytes(data)
    soffice_convert([source], "xlsx", tmp_path / "out", tmp_path / "profile")
    again = load_workbook(tmp_path / "out" / "injection.xlsx", data_only=True)
    assert again["Inputs"]["A6"].value == '=HYPERLINK("http://evil.example","click")'
    assert again["Assumptions"]["C6"].value == "-2+3"


EDITS: dict[str, list[dict[str, float]]] = {
    "dispatch": [{"technicians": 45, "office_hourly_cost": 35.5}, {"technicians": 1, "extra_jobs_per_tech_per_month": 0},
                 {"scheduling_time_saved": 75, "gross_profit_per_job": 310, "scheduling_hours_per_day": 11}],
    "maintenance-plans": [{"active_agreements": 1800, "current_renewal_rate": 95}, {"renewal_rate_gain": 1},
                          {"agreement_price": 89, "repair_profit_per_member": 0, "active_agreements": 120}],
}


def test_libreoffice_recalculates_every_workbook_to_the_python_values(tmp_path: Path) -> None:
    content = _content()
    cases: list[tuple[Path, Offer, dict[str, float]]] = []
    for offer in _roi_offers(content):
        assert offer.roi is not None
        data = build_workbook(content, offer, MOMENT)
        for n, edit in enumerate([{}, *EDITS[offer.id]]):
            wb = load_workbook(io.BytesIO(data))
            for i, item in enumerate(offer.roi.inputs):
                if item.id in edit:
                    wb["Inputs"][f"B{6 + i}"].value = edit[item.id]
            path = tmp_path / "in" / f"{offer.id}-{n}.xlsx"
            path.parent.mkdir(exist_ok=True)
            wb.save(path)
            cases.append((path, offer, edit))
    assert len(cases) == 8
    soffice_convert([p for p, _, _ in cases], "xlsx", tmp_path / "out", tmp_path / "profile")
    for path, offer, edit in cases:
        assert offer.roi is not None
        plan, _ = plan_roi(offer.roi, offer.price)
        expected = plan.evaluate(edit)
        wb = load_workbook(tmp_path / "out" / path.name, data_only=True)
        calc = wb["Calculations"]
        names = {name: dn.attr_text.split("!")[1].replace("$", "") for name, dn in wb.defined_names.items()}
        for out in offer.roi.outputs:
            got = calc[names[f"roi_{out.id}"]].value
            assert got == pytest.approx(expected[out.id], rel=1e-9), (path.name, out.id)
        summary = {str(r[0].value).split(" (")[0]: r[1].value for r in wb["Summary"].iter_rows(min_row=5, max_col=2)
                   if r[0].value}
        headline = [o for o in offer.roi.outputs if o.headline]
        for out in headline:
            assert summary[out.label] == pytest.approx(expected[out.id], rel=1e-9)


def test_comparison_workbook_is_the_public_matrix() -> None:
    from generator.collateral.comparison import build_comparison_workbook

    content = _content()
    assert content.comparison is not None
    ws = load_workbook(io.BytesIO(build_comparison_workbook(content, MOMENT)))["Comparison"]
    assert [c.value for c in ws[4]] == ["Feature", "Crewboard", *[r.name for r in content.competitors],
                                        content.comparison.do_nothing.name]
    assert [ws.cell(row=5 + i, column=1).value for i in range(len(content.comparison.features))] == \
        [f.label for f in content.comparison.features]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    secrets = [line for r in content.competitors if r.battlecard
               for line in [*r.battlecard.landmines, *r.battlecard.trap_questions, *r.battlecard.responses]]
    assert secrets and [s for s in secrets if s in text] == []
    assert ws.protection.sheet is True
