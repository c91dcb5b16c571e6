"""Handoff's exceptions and the problems they carry.

Content errors are the marketer's to fix, so they are reported as lines a person can act
on (file, line, column, field path, what was expected, what was found) and never as a
traceback. Anything else that goes wrong is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, pinned to a place in a file."""

    file: str
    line: int
    column: int
    path: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        if self.path:
            return f"{where}: {prefix}{self.path}: {self.message}"
        return f"{where}: {prefix}{self.message}"


class HandoffError(Exception):
    """Base class of every error Handoff reports to a person instead of crashing."""


class ContentError(HandoffError):
    """The content folder has one or more errors; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        super().__init__(f"{count} error{'s' if count != 1 else ''} in the content")


class BuildError(HandoffError):
    """An output could not be written (a folder we cannot replace, a missing template...)."""


def shown_path(path: Path) -> str:
    """Name a file or folder as a person typed it: relative to the current folder when inside it.

    Links are not followed: a file is named where the marketer put it, never by its target.
    """
    # Plain strings, not Path.relative_to: a load names every one of thousands of files.
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    for base in (cwd, os.path.realpath(cwd)):
        if absolute == base:
            return "."
        prefix = base if base.endswith(os.sep) else base + os.sep
        if absolute.startswith(prefix) and not absolute.startswith(os.sep, len(prefix)):  # "//x" has a root of its own
            return absolute[len(prefix) :]
    return absolute
