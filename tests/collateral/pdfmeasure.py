"""Measurements read back from rendered PDFs: words, sizes, text colour against what is behind it, coverage.

pdfplumber gives each word's box, size and fill colour; pdftoppm renders the page, so the
colour behind a word is what a viewer actually paints there (the commonest pixel in the
word's box), whatever shapes, pictures or tables put it there.
"""

from __future__ import annotations

import collections
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from PIL import Image

from generator.colour import to_hex

#: Slides are 13.333 x 7.5 in; the footer (company name, page number) starts at 6.95 in.
FOOTER = 6.95 / 7.5
#: The title band ends at 1.5 in; the body runs from there to the footer.
BODY = (1.5 / 7.5, 6.9 / 7.5)


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    colour: str


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word]
    #: Filled shapes: (x0, top, x1, bottom, fill colour).
    boxes: list[tuple[float, float, float, float, str]]
    pictures: list[tuple[float, float, float, float]]
    image: Image.Image

    def face(self) -> list[Word]:
        """Words above the footer that a reader reads (not bullets, arrows or dots)."""
        return [w for w in self.words if w.top < self.height * FOOTER and re.search(r"\w", w.text)]

    def background(self, word: Word) -> str:
        scale = self.image.width / self.width
        box = (
            int(word.x0 * scale) - 1,
            int(word.top * scale) - 1,
            int(word.x1 * scale) + 2,
            int(word.bottom * scale) + 2,
        )
        pixels = list(self.image.crop(box).get_flattened_data())
        return to_hex(collections.Counter(pixels).most_common(1)[0][0])

    def covered(self) -> float:
        """Return the share of the body area covered by text, filled shapes and pictures."""
        step = 0.05 * 72
        top, bottom = self.height * BODY[0], self.height * BODY[1]
        cells: set[tuple[int, int]] = set()
        spans = [(w.x0, w.top, w.x1, w.bottom) for w in self.words]
        spans += [(x0, t, x1, b) for x0, t, x1, b, _ in self.boxes if x1 - x0 < self.width * 0.9]
        spans += self.pictures
        for x0, t, x1, b in spans:
            t, b = max(t, top), min(b, bottom)
            if b <= t:
                continue
            for gx in range(int(x0 / step), int(x1 / step) + 1):
                for gy in range(int(t / step), int(b / step) + 1):
                    cells.add((gx, gy))
        total = int(self.width / step) * int((bottom - top) / step)
        return len(cells) / total


def _colour(value: Any) -> str:
    if value is None:
        return "#000000"
    if isinstance(value, (int, float)):
        value = (value,)
    value = tuple(value)
    if len(value) == 1:
        value = value * 3
    if len(value) == 4:  # CMYK
        c, m, y, k = value
        value = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return to_hex((value[0] * 255, value[1] * 255, value[2] * 255))


def read_pages(pdf: Path, dpi: int = 72) -> list[Page]:
    """Return every page of ``pdf`` with its words, filled shapes, pictures and a rendering."""
    folder = pdf.parent / f".{pdf.stem}-pages"
    folder.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / "p")], check=True, capture_output=True)
    images = sorted(folder.glob("p*.png"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    pages = []
    with pdfplumber.open(str(pdf)) as document:
        for number, (page, image) in enumerate(zip(document.pages, images, strict=True), 1):
            words = [
                Word(
                    w["text"],
                    w["x0"],
                    w["top"],
                    w["x1"],
                    w["bottom"],
                    round(w["size"], 1),
                    "bold" in w["fontname"].lower(),
                    _colour(w["non_stroking_color"]),
                )
                for w in page.extract_words(extra_attrs=["size", "fontname", "non_stroking_color"])
            ]
            boxes = [
                (o["x0"], o["top"], o["x1"], o["bottom"], _colour(o.get("non_stroking_color")))
                for o in page.rects + page.curves
                if o.get("fill")
            ]
            pictures = [(o["x0"], o["top"], o["x1"], o["bottom"]) for o in page.images]
            pages.append(
                Page(number, float(page.width), float(page.height), words, boxes, pictures, Image.open(image).convert("RGB"))
            )
    return pages


def pdf_text(pdf: Path) -> str:
    """Return all the text of a PDF, as a reader's copy and paste gets it."""
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
