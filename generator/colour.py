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


#: Text colours for the neutral parts of a design: body text and secondary text on white.
INK, MUTED, WHITE = "#1f2933", "#5f6b73", "#ffffff"
#: WCAG AA for normal text.
AA = 4.5


class Palette:
    """The colours each text role is drawn in, chosen from the brand by contrast.

    A role uses its brand colour when that reaches 4.5:1 against the fill it sits on, and
    otherwise the more readable of white and near-black; each such substitution is recorded,
    so `handoff check` can name the colour pair that could not be used.
    """

    def __init__(self, primary: str, secondary: str, accent: str) -> None:
        self.primary, self.secondary, self.accent = primary, secondary, accent
        self.substitutions: list[tuple[str, str, str, float]] = []
        self.on_primary = text_on(primary)
        self.on_accent = text_on(accent)
        self.on_secondary = self._choose("text on the secondary colour", INK, secondary)
        #: Slide titles, big numbers and headings on white.
        self.heading = self._choose("the primary colour as text on white", primary, WHITE)
        #: Headings inside cards, on the secondary colour.
        self.card_heading = self._choose("the primary colour as text on the secondary colour", primary, secondary)
        #: Small capitals labels on white or the secondary colour.
        self.label = self._choose("the accent colour as text on white", accent, WHITE)
        self.label_on_secondary = self._choose("the accent colour as text on the secondary colour", accent, secondary)
        #: Labels on the primary colour (the price box, the title slide's category).
        self.label_on_primary = self._choose("the accent colour as text on the primary colour", accent, primary)
        self.soft_on_primary = self._choose("pale text on the primary colour", "#e8f1f2", primary)

    def _choose(self, role: str, wanted: str, fill: str) -> str:
        ratio = contrast(wanted, fill)
        if ratio >= AA:
            return wanted
        fallback = text_on(fill)
        self.substitutions.append((role, wanted, fill, ratio))
        return fallback

    def warnings(self) -> list[tuple[str, str]]:
        """Return (colour name, sentence) for each brand colour that text cannot be read on, or that headings lose.

        Quiet substitutions (an accent label drawn in the primary colour instead) are design
        choices, not problems; a fill on which neither white nor near-black reaches 4.5:1, or a
        primary colour too pale for headings on white, is something the marketer should know.
        """
        out: list[tuple[str, str]] = []
        for name, fill in (("primary", self.primary), ("secondary", self.secondary), ("accent", self.accent)):
            light, dark = contrast(fill, WHITE), contrast(fill, INK)
            if max(light, dark) < AA:
                out.append(
                    (
                        name,
                        f"text on the {name} colour {fill}: white reaches {light:.2f}:1 and near-black {dark:.2f}:1, "
                        f"below the {AA}:1 text needs; choose a darker or lighter {name} colour",
                    )
                )
        heading = contrast(self.primary, WHITE)
        if heading < AA:
            out.append(
                (
                    "primary",
                    f"the primary colour {self.primary} on white is {heading:.2f}:1, below the {AA}:1 text needs; "
                    f"slide titles and headings use {text_on(WHITE)} instead",
                )
            )
        return out
