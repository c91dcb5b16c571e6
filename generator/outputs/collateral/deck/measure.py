"""Text measurement for slides: how much room words take at a size, so text is fitted, not cut.

A deliberately generous average glyph width keeps the estimate on the safe side; the deck
tests check it against the real fonts and against word positions in rendered PDFs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

#: Average glyph width of a sans-serif font, in ems; deliberately generous so text fits.
CHAR_EM = 0.53
LINE = 1.22


def text_height(paragraphs: Sequence[str], width_in: float, size_pt: float) -> float:
    """Return the height in inches that ``paragraphs`` need in a box ``width_in`` wide."""
    per_line = max(1, int(width_in * 72 / (size_pt * CHAR_EM)))
    lines = sum(max(1, math.ceil(len(p) / per_line)) for p in paragraphs)
    spacing = max(0, len(paragraphs) - 1) * size_pt * 0.45
    return (lines * size_pt * LINE + spacing) / 72 + 0.15


def fit_size(paragraphs: Sequence[str], width_in: float, height_in: float, largest: int, smallest: int) -> int | None:
    """Return the largest font size from ``largest`` down to ``smallest`` that fits, or None."""
    for size in range(largest, smallest - 1, -1):
        if text_height(paragraphs, width_in, size) <= height_in:
            return size
    return None


def split_to_fit(items: Sequence[str], width_in: float, height_in: float, size: int) -> list[list[str]]:
    """Split a list into chunks that each fit the box at ``size``."""
    chunks: list[list[str]] = [[]]
    for item in items:
        if chunks[-1] and text_height([*chunks[-1], item], width_in, size) > height_in:
            chunks.append([])
        chunks[-1].append(item)
    return [c for c in chunks if c]
