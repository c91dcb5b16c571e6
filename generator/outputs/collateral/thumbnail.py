"""Thumbnails of decks' title slides for the enablement page, drawn from the content.

The thumbnail is drawn with Pillow in the title slide's layout (brand colours, category,
title, subtitle) rather than rendered by an office suite, so the build needs no LibreOffice
and the PNG bytes depend only on the content and the installed fonts.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from generator.colour import rgb
from generator.model import Content, Offer

#: Thumbnail size: the 16:9 slide at 24 pixels per inch.
SIZE = (320, 180)
SCALE = SIZE[0] / 13.333  # pixels per slide inch
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=32)
def _font(family: str, bold: bool, size: int) -> Font:
    """Return the brand font at ``size`` pixels, or Pillow's own font when it is not installed."""
    stem = family.replace(" ", "") + ("-Bold" if bold else "-Regular")
    for folder in FONT_DIRS:
        if folder.is_dir():
            for path in sorted(folder.rglob(f"{stem}.ttf")):
                return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: float, lines: int) -> list[str]:
    out: list[str] = []
    for word in text.split():
        if out and draw.textlength(f"{out[-1]} {word}", font=font) <= width:
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1].rstrip(".,;:") + "…"
    return out


def px(inches: float) -> int:
    """Return slide inches as thumbnail pixels."""
    return round(inches * SCALE)


def render_title_thumbnail(content: Content, offer: Offer | None) -> bytes:
    """Return a PNG of the deck's title slide: the company deck's, or ``offer``'s."""
    brand = content.company.brand
    image = Image.new("RGB", SIZE, rgb(brand.primary))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, px(5.9), SIZE[0], SIZE[1]), fill=rgb(brand.secondary))
    draw.rectangle((px(0.6), px(1.55), px(1.9), px(1.63)), fill=rgb(brand.accent))
    left, width = px(0.6), px(10.5)
    category = _font(brand.body_font, True, 6)
    draw.text((left, px(0.6)), content.positioning.category.upper()[:70], font=category, fill=rgb(brand.accent))
    title = _font(brand.heading_font, True, 20)
    y = px(1.8)
    for line in _wrap(draw, offer.name if offer else content.company.name, title, width, 2):
        draw.text((left, y), line, font=title, fill=(255, 255, 255))
        y += 24
    body = _font(brand.body_font, False, 9)
    y = max(y + 6, px(3.75))
    for line in _wrap(draw, offer.summary if offer else content.company.tagline, body, width, 3):
        draw.text((left, y), line, font=body, fill=(0xE8, 0xF1, 0xF2))
        y += 12
    name = _font(brand.heading_font, True, 9)
    draw.text((left, px(6.45)), content.company.name, font=name, fill=rgb(brand.primary))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
