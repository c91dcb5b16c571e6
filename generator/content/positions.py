"""Where every value of the content came from, so a problem can be pinned to a place.

The loader records the file, line and column of every value and key it reads; checks and
error messages ask `Positions` for them by the value's location in the assembled content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.content.source import Loc, Mark, Source, dotted
from generator.errors import Problem, Severity


@dataclass
class Positions:
    """Where every value of the assembled content came from, to pin problems to a place."""

    root: dict[str, Any] = field(default_factory=dict)
    marks: dict[Loc, Mark] = field(default_factory=dict)
    key_marks: dict[Loc, Mark] = field(default_factory=dict)
    files: dict[Loc, str] = field(default_factory=dict)
    #: How the content folder is named in messages.
    folder: str = "content"

    def add(self, loc: Loc, source: Source) -> None:
        self.files[loc] = source.file
        for sub, mark in source.marks.items():
            self.marks[(*loc, *sub)] = mark
        for sub, mark in source.key_marks.items():
            self.key_marks[(*loc, *sub)] = mark

    def mark(self, loc: Loc) -> Mark:
        """Return the mark of the value at ``loc``, or of its nearest ancestor that has one."""
        for end in range(len(loc), -1, -1):
            mark = self.marks.get(loc[:end])
            if mark is not None:
                return mark
            if loc[:end] in self.files:
                return Mark(self.files[loc[:end]], 1, 1)
        return Mark("content", 1, 1)

    def path(self, loc: Loc) -> str:
        """Return the field path of ``loc`` with list items named by id where they have one."""
        parts: list[str | int] = []
        node: Any = self.root
        for part in loc:
            item = node[part] if _has(node, part) else None
            if isinstance(part, int) and isinstance(item, dict) and isinstance(item.get("id"), str):
                parts.append(item["id"])
            else:
                parts.append(part)
            node = item
        return dotted(tuple(parts))

    def problem(
        self,
        loc: Loc,
        message: str,
        severity: Severity = Severity.ERROR,
        offset: int = 0,
        key: bool = False,
    ) -> Problem:
        """Return a problem at ``loc`` (at its key when ``key``), ``offset`` characters in."""
        mark = self.key_marks.get(loc) if key else None
        mark = mark or self.mark(loc)
        column = mark.column + offset + (1 if mark.quoted and offset else 0)
        return Problem(mark.file, mark.line, column, self.path(loc), message, severity)


def _has(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    if isinstance(node, list) and isinstance(part, int):
        return 0 <= part < len(node)
    return False
