"""Parse ROI expressions into a small tree that every back end walks."""

from __future__ import annotations

import ast
from dataclasses import dataclass

#: Functions the language has, with the number of arguments each accepts (min, max).
FUNCTIONS: dict[str, tuple[int, int | None]] = {"min": (2, None), "max": (2, None), "round": (1, 2)}
OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
#: Limits that keep every back end (Python, JavaScript, Excel) exact and fast: numbers an
#: IEEE double holds exactly, expressions a person can read, nesting any stack can take.
LARGEST = 1e15
MAX_LENGTH = 2000
MAX_PARTS = 200
MAX_DEPTH = 40


class ExprError(ValueError):
    """An expression is not valid; ``offset`` is the 0-based character where the problem is."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class Num:
    value: float
    offset: int = 0


@dataclass(frozen=True)
class Ref:
    name: str
    offset: int = 0


@dataclass(frozen=True)
class Unary:
    op: str  # "-" or "+"
    operand: Expr
    offset: int = 0


@dataclass(frozen=True)
class Binary:
    op: str  # one of OPERATORS' values
    left: Expr
    right: Expr
    offset: int = 0


@dataclass(frozen=True)
class Call:
    func: str  # one of FUNCTIONS
    args: tuple[Expr, ...]
    offset: int = 0


Expr = Num | Ref | Unary | Binary | Call


def parse(text: str) -> Expr:
    """Return the tree of ``text``, or raise `ExprError` saying what is wrong and where."""
    if not text.strip():
        raise ExprError("expected an arithmetic expression, got nothing")
    if "\n" in text.strip():
        raise ExprError("expected the expression on one line")
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expected an expression of at most {MAX_LENGTH} characters, got {len(text)}")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (RecursionError, MemoryError) as e:
        raise ExprError(f"expected an expression nested at most {MAX_DEPTH} deep, got one nested too deep to read") from e
    except SyntaxError as e:
        # CPython gives offset 0 when the input ended too early: point past the end.
        offset = (e.offset - 1 if e.offset else len(text.strip())) + len(text) - len(text.lstrip())
        raise ExprError(f"expected an arithmetic expression, got invalid syntax ({e.msg})", offset) from e
    leading = len(text) - len(text.lstrip())
    parts = sum(1 for node in ast.walk(tree.body) if isinstance(node, (ast.Constant, ast.Name, ast.BinOp, ast.UnaryOp, ast.Call)))
    if parts > MAX_PARTS:
        raise ExprError(
            f"expected an expression of at most {MAX_PARTS} numbers, names and operators, got {parts}; "
            "split it into several outputs"
        )
    return _Converter(text.strip(), leading).convert(tree.body)


class _Converter:
    def __init__(self, text: str, leading: int) -> None:
        self.encoded = text.encode("utf-8")
        self.leading = leading

    def offset(self, node: ast.AST) -> int:
        # ast offsets count UTF-8 bytes; errors point at characters.
        col = getattr(node, "col_offset", 0)
        return len(self.encoded[:col].decode("utf-8", errors="replace")) + self.leading

    def written(self, node: ast.AST) -> str:
        """Return a node's text as written, shortened: a 400-digit number is not worth printing whole."""
        text = self.encoded[getattr(node, "col_offset", 0) : getattr(node, "end_col_offset", 0)].decode("utf-8", "replace")
        return text if len(text) <= 24 else f"{text[:20]}... ({len(text)} characters)"

    def _operator_at(self, node: ast.BinOp) -> int:
        """Return the character offset of a binary operator: the first non-space after the left side."""
        end = getattr(node.left, "end_col_offset", 0) or 0
        rest = self.encoded[end:].decode("utf-8", errors="replace")
        skipped = len(rest) - len(rest.lstrip(" )"))
        return len(self.encoded[:end].decode("utf-8", errors="replace")) + skipped + self.leading

    def convert(self, node: ast.expr, depth: int = 0) -> Expr:
        at = self.offset(node)
        if depth > MAX_DEPTH:
            raise ExprError(f"expected an expression nested at most {MAX_DEPTH} deep; split it into several outputs", at)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise ExprError(f"expected a number or a name, got {ast.unparse(node)}", at)
            if not -LARGEST <= node.value <= LARGEST or node.value != node.value:  # also inf and nan
                raise ExprError(f"expected a number from -10^15 to 10^15, got {self.written(node)}", at)
            return Num(float(node.value), at)
        if isinstance(node, ast.Name):
            return Ref(node.id, at)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return Unary("-" if isinstance(node.op, ast.USub) else "+", self.convert(node.operand, depth + 1), at)
        if isinstance(node, ast.BinOp):
            op = OPERATORS.get(type(node.op))
            if op is None:
                symbol = _source_operator(node)
                raise ExprError(f"expected one of the operators + - * / **, got {symbol}", self._operator_at(node))
            left, right = self.convert(node.left, depth + 1), self.convert(node.right, depth + 1)
            if op == "**" and isinstance(right, Num) and abs(right.value) > 10:
                raise ExprError(f"expected an exponent from -10 to 10, got {right.value:g}", right.offset)
            if op == "/" and _is_zero(right):
                raise ExprError("expected a divisor other than zero, got a literal 0", right.offset)
            return Binary(op, left, right, at)
        if isinstance(node, ast.Call):
            return self._call(node, at, depth)
        raise ExprError(f"expected arithmetic (+ - * / ** and min, max, round), got {_describe(node)}", at)

    def _call(self, node: ast.Call, at: int, depth: int) -> Call:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            name = ast.unparse(node.func)
            raise ExprError(f"expected one of the functions {', '.join(FUNCTIONS)}, got {name}()", at)
        if node.keywords:
            raise ExprError(f"expected plain arguments to {node.func.id}(), got a keyword argument", at)
        least, most = FUNCTIONS[node.func.id]
        count = len(node.args)
        if count < least or (most is not None and count > most):
            wanted = f"{least} to {most}" if most is not None else f"at least {least}"
            raise ExprError(f"expected {wanted} arguments to {node.func.id}(), got {count}", at)
        args = tuple(self.convert(a, depth + 1) for a in node.args)
        if node.func.id == "round" and len(args) == 2:
            digits = args[1]
            if not isinstance(digits, Num) or digits.value != int(digits.value) or not 0 <= digits.value <= 10:
                raise ExprError("expected a whole number of digits from 0 to 10 as round()'s second argument", digits.offset)
        return Call(node.func.id, args, at)


def _is_zero(expr: Expr) -> bool:
    if isinstance(expr, Unary):
        return _is_zero(expr.operand)
    return isinstance(expr, Num) and expr.value == 0


def _source_operator(node: ast.BinOp) -> str:
    symbols = {
        ast.FloorDiv: "//",
        ast.Mod: "%",
        ast.MatMult: "@",
        ast.LShift: "<<",
        ast.RShift: ">>",
        ast.BitOr: "|",
        ast.BitAnd: "&",
        ast.BitXor: "^",
    }
    return symbols.get(type(node.op), type(node.op).__name__)


def _describe(node: ast.AST) -> str:
    kinds = {
        ast.Compare: "a comparison",
        ast.BoolOp: "and/or",
        ast.IfExp: "if/else",
        ast.Attribute: "an attribute (a dot)",
        ast.Subscript: "an index ([...])",
        ast.Lambda: "a lambda",
        ast.Tuple: "a tuple (a comma)",
        ast.List: "a list",
        ast.Dict: "a dict",
        ast.Set: "a set",
        ast.UnaryOp: "not or ~",
    }
    return kinds.get(type(node), type(node).__name__)


def names_in(expr: Expr) -> list[Ref]:
    """Return every name the expression refers to, in reading order."""
    if isinstance(expr, Ref):
        return [expr]
    if isinstance(expr, Unary):
        return names_in(expr.operand)
    if isinstance(expr, Binary):
        return names_in(expr.left) + names_in(expr.right)
    if isinstance(expr, Call):
        return [ref for arg in expr.args for ref in names_in(arg)]
    return []
