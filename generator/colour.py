"""Brand colours as numbers: #RRGGBB to RGB, mixing, and WCAG contrast, for every output."""

from __future__ import annotations


def rgb(colour: str) -> tuple[int, int, int]:
    """Return a #RRGGBB colour as its red, green and blue values (0..255)."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def to_hex(channels: tuple[float, float, float]) -> str:
    """Return red, green and blue values as #rrggbb, clamped to 0..255."""
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in channels)


def mix(colour: str, other: str, amount: float) -> str:
    """Return ``colour`` moved ``amount`` (0..1) of the way towards ``other``."""
    a, b = rgb(colour), rgb(other)
    r, g, bl = (x + (y - x) * amount for x, y in zip(a, b, strict=True))
    return to_hex((r, g, bl))


def luminance(colour: str) -> float:
    """Return the WCAG relative luminance of a #RRGGBB colour."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio between two colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: str) -> str:
    """Return white or near-black, whichever reads better on ``background``."""
    return "#ffffff" if contrast(background, "#ffffff") >= contrast(background, "#1b1f23") else "#1b1f23"
