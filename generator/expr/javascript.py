"""The JavaScript back end: compile ROI expressions for the site's calculators.

Each output becomes a small function of the values object ``v``. The calculator runtime
(site_templates/docs/assets/handoff/roi.js) evaluates them in dependency order and turns
non-finite results into null, as the Python evaluator returns None.
"""

from __future__ import annotations

import json
from typing import Any

from generator.expr.parse import Binary, Call, Expr, Num, Ref, Unary, names_in
from generator.expr.plan import RoiPlan

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "**": 4}


def to_js(expr: Expr) -> str:
    """Return a JavaScript expression computing ``expr`` from the object ``v``."""
    return _js(expr, 0)


def _js(expr: Expr, parent: int) -> str:
    if isinstance(expr, Num):
        value = expr.value
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(expr, Ref):
        return f"v[{json.dumps(expr.name)}]"
    if isinstance(expr, Unary):
        return f"({expr.op}{_js(expr.operand, 3)})"
    if isinstance(expr, Binary):
        if expr.op == "**":
            return f"Math.pow({_js(expr.left, 0)}, {_js(expr.right, 0)})"
        mine = _PRECEDENCE[expr.op]
        # The right operand of - and / binds tighter so that a - (b - c) keeps its parentheses.
        right = mine + 1 if expr.op in "-/" else mine
        text = f"{_js(expr.left, mine)} {expr.op} {_js(expr.right, right)}"
        return f"({text})" if mine < parent else text
    if isinstance(expr, Call):
        args = ", ".join(_js(a, 0) for a in expr.args)
        if expr.func == "round":
            return f"H.round({args})"
        return f"Math.{expr.func}({args})"
    raise TypeError(f"not an expression: {expr!r}")


def calculator_spec(plan: RoiPlan) -> str:
    """Return the JavaScript object literal the calculator runtime needs for one ROI model."""
    outputs = []
    for name, expr in plan.order:
        deps = sorted({r.name for r in names_in(expr)})
        outputs.append(f"{{id: {json.dumps(name)}, deps: {json.dumps(deps)}, f: function (v, H) {{ return {to_js(expr)}; }}}}")
    constants: dict[str, Any] = dict(plan.constants)
    return "{constants: " + json.dumps(constants, sort_keys=True) + ", outputs: [\n  " + ",\n  ".join(outputs) + "\n]}"
