"""How problems are written out: for people, for GitHub Actions, for editors and scripts.

Each format is a function from problems to text, registered by name; the CLI picks one
with ``--format`` and prints what it returns.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from generator.errors import Problem, Severity

Formatter = Callable[[Sequence[Problem]], str]
FORMATS: dict[str, Formatter] = {}


def _format(name: str) -> Callable[[Formatter], Formatter]:
    def register(function: Formatter) -> Formatter:
        FORMATS[name] = function
        return function

    return register


@_format("text")
def text(problems: Sequence[Problem]) -> str:
    """One ``file:line:col: field: message`` line per problem."""
    return "".join(f"{p}\n" for p in problems)


@_format("github")
def github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands, shown inline on the pull request's changed files."""
    lines = []
    for p in problems:
        kind = "error" if p.severity is Severity.ERROR else "warning"
        props = ",".join(
            f"{k}={_escape_property(v)}"
            for k, v in (("file", p.file), ("line", str(p.line)), ("col", str(p.column)), ("title", p.path or "content"))
        )
        message = f"{p.path}: {p.message}" if p.path else p.message
        lines.append(f"::{kind} {props}::{_escape_data(message)}\n")
    return "".join(lines)


@_format("json")
def as_json(problems: Sequence[Problem]) -> str:
    """One JSON document: counts and every problem with its place, for editors and scripts."""
    errors = sum(p.severity is Severity.ERROR for p in problems)
    document = {
        "ok": errors == 0,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "path": p.path,
                "message": p.message,
                "severity": str(p.severity),
            }
            for p in problems
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    # The escaping GitHub's own toolkit (@actions/core) applies to a command's message.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
