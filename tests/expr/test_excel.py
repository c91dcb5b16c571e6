"""The Excel back end: exact formulas, and LibreOffice agreeing with the Python evaluator."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.workbook.defined_name import DefinedName
from support import require_program

from generator.expr import evaluate, parse
from generator.expr.excel import defined_name, to_excel


@pytest.mark.parametrize(
    "text, formula",
    [
        ("hours * rate * 52 - annual_price", "=roi_hours*roi_rate*52-roi_annual_price"),
        ("a - (b - c)", "=roi_a-(roi_b-roi_c)"),
        ("a - b - c", "=roi_a-roi_b-roi_c"),
        ("a / (b * c)", "=roi_a/(roi_b*roi_c)"),
        ("(a - b) / (c * d)", "=(roi_a-roi_b)/(roi_c*roi_d)"),
        # Excel's unary minus binds tighter than ^, and ^ groups from the left.
        ("-a ** 2", "=(-(roi_a^2))"),
        ("a ** -b", "=roi_a^(-roi_b)"),
        ("a ** b ** c", "=roi_a^(roi_b^roi_c)"),
        ("(a ** b) ** c", "=roi_a^roi_b^roi_c"),
        ("-(a + b) * c", "=(-(roi_a+roi_b))*roi_c"),
        ("round(a / 3)", "=ROUND(roi_a/3,0)"),
        ("round(a, 2) + max(a, b, 0.5)", "=ROUND(roi_a,2)+MAX(roi_a,roi_b,0.5)"),
        ("min(a, 1e14)", "=MIN(roi_a,100000000000000)"),
    ],
)
def test_to_excel(text: str, formula: str) -> None:
    assert to_excel(parse(text)) == formula


def test_defined_names_never_look_like_cell_references() -> None:
    # ab12 and r1c1 are cell addresses in Excel; the prefix keeps every name a name.
    assert defined_name("ab12") == "roi_ab12"
    assert defined_name("r1c1") == "roi_r1c1"


#: Expressions where Excel and Python disagree on precedence or rounding unless compiled with care.
TRICKY = [
    "-a ** 2",
    "a ** -b",
    "a ** b ** c",
    "(a ** b) ** c",
    "a - b - c",
    "a / b / c",
    "a - (b - c)",
    "-(a + b) * c",
    "round(a / 3, 2)",
    "round(-2.5)",
    "round(2.5)",
    "round(0.125, 2)",
    "max(a, b, c) - min(a, -b)",
    "a * b / c ** 2",
    "+a - -b",
]
VALUES = {"a": 3.0, "b": 2.0, "c": 2.0}


def test_libreoffice_computes_what_the_python_evaluator_computes(tmp_path: Path) -> None:
    soffice = require_program("soffice", "libreoffice")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Calc"
    for row, (name, value) in enumerate(VALUES.items(), start=1):
        ws.cell(row, 1, value)
        wb.defined_names[defined_name(name)] = DefinedName(defined_name(name), attr_text=f"Calc!$A${row}")
    for row, text in enumerate(TRICKY, start=1):
        ws.cell(row, 2, to_excel(parse(text)))
    wb.calculation.fullCalcOnLoad = True
    source = tmp_path / "tricky.xlsx"
    wb.save(source)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    calc = load_workbook(tmp_path / "out" / "tricky.xlsx", data_only=True)["Calc"]
    for row, text in enumerate(TRICKY, start=1):
        expected = evaluate(parse(text), VALUES)
        assert calc.cell(row, 2).value == pytest.approx(expected, rel=1e-12), text


def test_a_second_engine_computes_what_the_python_evaluator_computes(tmp_path: Path) -> None:
    formulas = pytest.importorskip("formulas")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Calc"
    for row, (name, value) in enumerate(VALUES.items(), start=1):
        ws.cell(row, 1, value)
        wb.defined_names[defined_name(name)] = DefinedName(defined_name(name), attr_text=f"Calc!$A${row}")
    for row, text in enumerate(TRICKY, start=1):
        ws.cell(row, 2, to_excel(parse(text)))
    source = tmp_path / "tricky.xlsx"
    wb.save(source)
    solution = formulas.ExcelModel().loads(str(source)).finish().calculate()
    for row, text in enumerate(TRICKY, start=1):
        computed = solution[f"'[tricky.xlsx]CALC'!B{row}"].value[0][0]
        assert computed == pytest.approx(evaluate(parse(text), VALUES), rel=1e-12), text
