from __future__ import annotations

import pytest

from generator.expr import parse
from generator.expr.javascript import calculator_spec, to_js
from generator.expr.plan import plan_roi
from generator.model import Price, RoiModel


@pytest.mark.parametrize(
    "text, js",
    [
        ("hours * rate * 52 - annual_price", 'v["hours"] * v["rate"] * 52 - v["annual_price"]'),
        ("a - (b - c)", 'v["a"] - (v["b"] - v["c"])'),
        ("a - b - c", 'v["a"] - v["b"] - v["c"]'),
        ("(a - b) / (c * d)", '(v["a"] - v["b"]) / (v["c"] * v["d"])'),
        ("a / b / c", 'v["a"] / v["b"] / v["c"]'),
        ("-a ** 2", '(-Math.pow(v["a"], 2))'),
        ("round(a / 3, 2) + max(a, b, 0.5)", 'H.round(v["a"] / 3, 2) + Math.max(v["a"], v["b"], 0.5)'),
        ("min(a, 1e14)", 'Math.min(v["a"], 100000000000000)'),
    ],
)
def test_to_js(text: str, js: str) -> None:
    assert to_js(parse(text)) == js


def test_calculator_spec_lists_outputs_in_dependency_order_with_their_inputs() -> None:
    model = RoiModel.model_validate(
        {
            "summary": "s",
            "inputs": [{"id": "hours", "label": "Hours", "default": 2}],
            "outputs": [
                {"id": "net", "label": "Net", "expression": "gross - annual_price"},
                {"id": "gross", "label": "Gross", "expression": "hours * 100"},
            ],
        }
    )
    plan, _ = plan_roi(model, Price(amount=10, per="month"))
    assert calculator_spec(plan) == (
        '{constants: {"annual_price": 120.0, "price": 10.0}, outputs: [\n'
        '  {id: "gross", deps: ["hours"], f: function (v, H) { return v["hours"] * 100; }},\n'
        '  {id: "net", deps: ["annual_price", "gross"], f: function (v, H) { return v["gross"] - v["annual_price"]; }}\n'
        "]}"
    )
