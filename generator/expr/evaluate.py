"""The Python back end: evaluate expressions, and whole ROI models, to numbers."""

from __future__ import annotations

import math
from collections.abc import Mapping

from generator.expr.parse import Binary, Expr, Num, Ref, Unary


def evaluate(expr: Expr, values: Mapping[str, float | None]) -> float | None:
    """Return the expression's value, or None when it is undefined (division by zero, overflow)."""
    try:
        result = _eval(expr, values)
    except (ZeroDivisionError, OverflowError, _Undefined):
        return None
    if result is None or math.isnan(result) or math.isinf(result):
        return None
    return result


class _Undefined(Exception):
    pass


def _eval(expr: Expr, values: Mapping[str, float | None]) -> float:
    if isinstance(expr, Num):
        return expr.value
    if isinstance(expr, Ref):
        value = values[expr.name]
        if value is None:
            raise _Undefined
        return value
    if isinstance(expr, Unary):
        operand = _eval(expr.operand, values)
        return -operand if expr.op == "-" else operand
    if isinstance(expr, Binary):
        left, right = _eval(expr.left, values), _eval(expr.right, values)
        if expr.op == "+":
            return left + right
        if expr.op == "-":
            return left - right
        if expr.op == "*":
            return left * right
        if expr.op == "/":
            return left / right
        result = left**right
        if isinstance(result, complex):
            raise _Undefined
        return float(result)
    args = [_eval(a, values) for a in expr.args]
    if expr.func == "min":
        return min(args)
    if expr.func == "max":
        return max(args)
    return round_half_away(args[0], int(args[1]) if len(args) > 1 else 0)


def round_half_away(value: float, digits: int) -> float:
    """Round halves away from zero, as Excel's ROUND and our JavaScript do (not banker's)."""
    scale = 10.0**digits
    return math.copysign(math.floor(abs(value) * scale + 0.5) / scale, value)


def evaluate_model(order: list[tuple[str, Expr]], inputs: Mapping[str, float]) -> dict[str, float | None]:
    """Evaluate outputs given in dependency order; return inputs and outputs by name."""
    values: dict[str, float | None] = dict(inputs)
    for name, expr in order:
        values[name] = evaluate(expr, values)
    return values
