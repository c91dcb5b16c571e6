"""The ROI expression language: one parser, several back ends (Python, JavaScript, Excel).

An expression is arithmetic over named values: ``hours_saved * hourly_cost * 52 - annual_price``.
The syntax is a strict subset of Python's expression grammar, so we let CPython's own parser
(`ast.parse`) do the parsing and then accept only the node types the language has. No
expression is ever passed to ``eval``.
"""

from __future__ import annotations

from generator.expr.evaluate import evaluate, evaluate_model
from generator.expr.parse import (
    FUNCTIONS,
    Binary,
    Call,
    Expr,
    ExprError,
    Num,
    Ref,
    Unary,
    names_in,
    parse,
)

__all__ = [
    "FUNCTIONS",
    "Binary",
    "Call",
    "Expr",
    "ExprError",
    "Num",
    "Ref",
    "Unary",
    "evaluate",
    "evaluate_model",
    "names_in",
    "parse",
]
