from __future__ import annotations

import pytest

from generator.expr.plan import plan_roi
from generator.model import Price, RoiModel


def _model(outputs: list[dict], inputs: list[dict] | None = None) -> RoiModel:
    return RoiModel.model_validate(
        {
            "summary": "Test",
            "inputs": inputs or [{"id": "hours", "label": "Hours", "default": 10, "min": 0}],
            "outputs": [{"label": o["id"], **o} for o in outputs],
        }
    )


MONTHLY = Price(amount=100, per="month")


def test_outputs_are_ordered_by_dependency_and_use_the_price() -> None:
    model = _model(
        [
            {"id": "net", "expression": "gross - annual_price"},
            {"id": "gross", "expression": "hours * 52 * 50"},
            {"id": "roi", "expression": "net / annual_price * 100"},
        ]
    )
    plan, errors = plan_roi(model, MONTHLY)
    assert errors == []
    assert [name for name, _ in plan.order] == ["gross", "net", "roi"]
    values = plan.evaluate()
    assert (values["gross"], values["net"], values["roi"]) == (26000.0, 24800.0, pytest.approx(2066.6667, rel=1e-6))
    assert plan.evaluate({"hours": 0})["net"] == -1200.0


def test_cycle_is_named() -> None:
    plan, errors = plan_roi(
        _model(
            [
                {"id": "a", "expression": "b + 1"},
                {"id": "b", "expression": "c + 1"},
                {"id": "c", "expression": "a + hours"},
            ]
        ),
        MONTHLY,
    )
    assert [(e.index, e.message) for e in errors] == [
        (0, "expected outputs that do not depend on themselves, got the cycle a -> b -> c -> a")
    ]


def test_price_names_need_a_price() -> None:
    _, errors = plan_roi(_model([{"id": "a", "expression": "hours - annual_price"}]), Price(on_request=True))
    assert [(e.field, e.message, e.offset) for e in errors] == [
        (
            "expression",
            'expected a known name, got "annual_price" (the price is on request, so price and annual_price '
            "are not available); valid names: a, hours",
            8,
        )
    ]


def test_duplicate_and_reserved_names() -> None:
    _, errors = plan_roi(_model([{"id": "hours", "expression": "1"}, {"id": "price", "expression": "2"}]), MONTHLY)
    assert [(e.kind, e.index, e.field, e.message) for e in errors] == [
        ("outputs", 0, "id", 'expected a unique name, got "hours" again (already one of the inputs)'),
        ("outputs", 1, "id", 'expected a name other than "price", which is the offer\'s price'),
    ]
