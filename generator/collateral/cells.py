"""Writing content text into spreadsheet cells safely."""

from __future__ import annotations

from typing import Any

#: Leading characters that make spreadsheet programs treat text as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def put_text(cell: Any, text: str | None) -> Any:
    """Write content text as a literal string, never as a formula, whatever it starts with."""
    # Any: openpyxl types cells as Cell | MergedCell; we only ever write unmerged cells.
    cell.value = text or ""
    # openpyxl turns any string starting with "=" into a formula; force the string type, and
    # mark text that a program could still read as a formula with Excel's quote prefix.
    cell.data_type = "s"
    if str(cell.value).startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    return cell
