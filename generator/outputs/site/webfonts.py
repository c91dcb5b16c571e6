"""Brand fonts served by the site itself: @font-face rules over vendored woff2 files.

The default brand fonts ship inside the package (``fonts/<slug>/``, from the ``@fontsource``
packages, with their licences), so the site never asks a third party for a font. A brand font
that is not vendored falls back to the system font stack; `handoff check` says so.
"""

from __future__ import annotations

from pathlib import Path

from generator.resources import package_dir

#: Font families whose files ship with Handoff, by family name, with their folder.
VENDORED = {"Lato": "lato", "Open Sans": "open-sans"}
#: The weights vendored per family (regular text and bold/headings).
WEIGHTS = (400, 700)
#: Where the files go in the site, relative to its root (beside brand.css).
SITE_FONTS = "assets/handoff/fonts"


def vendored(family: str) -> str | None:
    """Return the folder of a vendored family (matched case-insensitively), or None."""
    for name, slug in VENDORED.items():
        if name.casefold() == family.strip().casefold():
            return slug
    return None


def font_files(families: list[str]) -> list[tuple[Path, str]]:
    """Return (file in the package, path in the site) for every vendored file the families use, licences included."""
    files = []
    for slug in dict.fromkeys(s for s in map(vendored, families) if s):
        folder = package_dir("outputs", "site", "fonts", slug)
        for weight in WEIGHTS:
            name = f"{slug}-latin-{weight}-normal.woff2"
            files.append((folder / name, f"{SITE_FONTS}/{name}"))
        files.append((folder / "LICENSE.txt", f"{SITE_FONTS}/{slug}-LICENSE.txt"))
    return files


def font_face_css(families: list[str]) -> str:
    """Return @font-face rules for the vendored families, with URLs relative to brand.css."""
    rules = []
    for family in dict.fromkeys(families):
        slug = vendored(family)
        if slug is None:
            continue
        for weight in WEIGHTS:
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-style: normal; font-weight: {weight}; font-display: swap; '
                f'src: url("fonts/{slug}-latin-{weight}-normal.woff2") format("woff2"); }}'
            )
    return "\n".join(rules) + ("\n" if rules else "")
