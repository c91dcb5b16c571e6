from __future__ import annotations

import pytest

from generator.expr import Binary, Call, ExprError, Num, Ref, Unary, evaluate, names_in, parse
from generator.expr.evaluate import round_half_away


def test_parse_builds_the_tree_with_precedence() -> None:
    tree = parse("a + b * 2")
    assert tree == Binary("+", Ref("a", 0), Binary("*", Ref("b", 4), Num(2.0, 8), 4), 0)


def test_names_in_reading_order() -> None:
    assert [r.name for r in names_in(parse("max(a, b) - -c / round(d, 1)"))] == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    "text, values, expected",
    [
        ("hours * rate * 52 - annual_price", {"hours": 5, "rate": 40, "annual_price": 1000}, 9400.0),
        ("2 ** 10", {}, 1024.0),
        ("-a + +b", {"a": 1, "b": 3}, 2.0),
        ("min(a, b, 7)", {"a": 9, "b": 8}, 7.0),
        ("max(a, 0)", {"a": -5}, 0.0),
        ("round(a / 3, 2)", {"a": 10}, 3.33),
        ("round(2.5)", {}, 3.0),
        ("round(-2.5)", {}, -3.0),
        ("a / b", {"a": 1, "b": 0}, None),
        ("(a / b) * 0 + 1", {"a": 1, "b": 0}, None),
        ("a ** 10", {"a": 1e200}, None),
        ("(-8) ** 0.5", {}, None),
    ],
)
def test_evaluate(text: str, values: dict[str, float], expected: float | None) -> None:
    assert evaluate(parse(text), values) == expected


def test_round_half_away_from_zero_not_bankers() -> None:
    assert [round_half_away(v, 0) for v in (0.5, 1.5, 2.5, -0.5)] == [1.0, 2.0, 3.0, -1.0]


@pytest.mark.parametrize(
    "text, message, offset",
    [
        ("", "expected an arithmetic expression, got nothing", 0),
        ("a +", "expected an arithmetic expression, got invalid syntax (invalid syntax)", 3),
        ("a // b", "expected one of the operators + - * / **, got //", 2),
        ("a % b", "expected one of the operators + - * / **, got %", 2),
        ("a / 0", "expected a divisor other than zero, got a literal 0", 4),
        ("a / -0.0", "expected a divisor other than zero, got a literal 0", 4),
        ("a if b else c", "expected arithmetic (+ - * / ** and min, max, round), got if/else", 0),
        ("a < b", "expected arithmetic (+ - * / ** and min, max, round), got a comparison", 0),
        ("os.system", "expected arithmetic (+ - * / ** and min, max, round), got an attribute (a dot)", 0),
        ("__import__('os')", "expected one of the functions min, max, round, got __import__()", 0),
        ("min(a)", "expected at least 2 arguments to min(), got 1", 0),
        ("round(a, b)", "expected a whole number of digits from 0 to 10 as round()'s second argument", 9),
        ("round(a, digits=2)", "expected plain arguments to round(), got a keyword argument", 0),
        ("'text'", "expected a number or a name, got 'text'", 0),
        ("True", "expected a number or a name, got True", 0),
        ("a\nb", "expected the expression on one line", 0),
    ],
)
def test_parse_errors(text: str, message: str, offset: int) -> None:
    with pytest.raises(ExprError) as info:
        parse(text)
    assert (info.value.message, info.value.offset) == (message, offset)


def test_unary_and_call_nodes() -> None:
    assert parse("-round(x)") == Unary("-", Call("round", (Ref("x", 7),), 1), 0)
