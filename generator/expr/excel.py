"""The Excel back end: compile ROI expressions to worksheet formulas over defined names.

``hours_saved * hourly_cost * 52 - annual_price`` becomes
``=hours_saved*hourly_cost*52-annual_price``, where each name is a workbook-level defined
name pointing at one cell, so the formulas read like the content they come from.
"""

from __future__ import annotations

from generator.expr.parse import Binary, Call, Expr, Num, Ref, Unary

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "**": 4}
_FUNCTIONS = {"min": "MIN", "max": "MAX", "round": "ROUND"}
#: Prefix for defined names: Excel refuses names that look like cell references (ab12, r1c1).
NAME_PREFIX = "roi_"


def defined_name(name: str) -> str:
    """Return the workbook name used for an input, constant or output."""
    return NAME_PREFIX + name


def to_excel(expr: Expr) -> str:
    """Return an Excel formula (with the leading =) computing ``expr``."""
    return "=" + _xl(expr, 0)


def _xl(expr: Expr, parent: int) -> str:
    if isinstance(expr, Num):
        value = expr.value
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(expr, Ref):
        return defined_name(expr.name)
    if isinstance(expr, Unary):
        # Excel's unary minus binds tighter than ^ (-2^2 is 4), so always parenthesise.
        return f"({expr.op}{_xl(expr.operand, 5)})"
    if isinstance(expr, Binary):
        mine = _PRECEDENCE[expr.op]
        op = "^" if expr.op == "**" else expr.op
        # The right operand of - and / keeps its parentheses; so does a power's exponent,
        # because Excel's ^ groups from the left (2^3^2 is 64) and Python's ** from the right.
        right = mine + 1 if expr.op in ("-", "/", "**") else mine
        text = f"{_xl(expr.left, mine)}{op}{_xl(expr.right, right)}"
        return f"({text})" if mine < parent else text
    if isinstance(expr, Call):
        args = [_xl(a, 0) for a in expr.args]
        if expr.func == "round" and len(args) == 1:
            args.append("0")
        return f"{_FUNCTIONS[expr.func]}({','.join(args)})"
    raise TypeError(f"not an expression: {expr!r}")
