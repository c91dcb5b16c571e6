"""Pictures in decks and documents: PNG or JPEG only, which is what PowerPoint and Word hold."""

from __future__ import annotations

from pathlib import Path

RASTER = (".png", ".jpg", ".jpeg")


def raster_image(folder: Path, relative: str) -> Path | None:
    """Return an image a deck or document can hold (PNG or JPEG), if there is one.

    An SVG (which the site shows as it is) stands for the PNG or JPEG of the same name beside
    it; without one, the picture is left out rather than the file failing to build.
    """
    path = (folder / relative).resolve()
    candidates = [path.with_suffix(s) for s in RASTER] if path.suffix.lower() == ".svg" else [path]
    return next((p for p in candidates if p.is_file() and p.suffix.lower() in RASTER), None)
