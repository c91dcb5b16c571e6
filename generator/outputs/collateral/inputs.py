"""What each collateral file is made from, as one key for the build cache.

A file's key covers everything that can change its bytes:

- Handoff's code, the build moment, and the fonts this machine measures and renders with;
- the project's enablement folder (deck outlines, branded templates) and the content's assets;
- every content file of a kind that any collateral may read (``collateral="all"`` in
  `generator.content.kinds.KINDS`: company, positioning, case studies, competitors...);
- the content files the asset names as its sources, for kinds read only by the files named
  after them (``collateral="named"``: an offer's decks, an account's kit).

Kinds marked ``collateral="none"`` (articles, site pages, the marketing plan) are read by the
site and the portal only. tests/test_build_cache.py edits every content file of the example
business and checks that each collateral file whose bytes change has a new key.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache import Digest, FileDigests, code_digest
from generator.content.kinds import KINDS
from generator.context import Context
from generator.outputs.collateral.deck.measure import match_font

if TYPE_CHECKING:
    from generator.outputs.collateral import Asset


def content_files(folder: Path, readers: Iterable[str]) -> list[str]:
    """Return the content files (relative paths) of the kinds whose ``collateral`` is in ``readers``."""
    wanted = set(readers)
    found: list[str] = []
    for kind in KINDS:
        if kind.collateral not in wanted:
            continue
        if kind.many:
            found += sorted(p.relative_to(folder).as_posix() for p in (folder / kind.path).glob(f"*{kind.suffix}"))
        elif (folder / kind.path).is_file():
            found.append(kind.path)
    return found


class CollateralInputs:
    """The inputs shared by every collateral file of one build, digested once; `key` adds one file's own."""

    def __init__(self, context: Context, enablement: Path) -> None:
        self.files = FileDigests(context.folder)
        brand = context.content.company.brand
        fonts = [match_font(family, bold) for family in (brand.heading_font, brand.body_font) for bold in (False, True)]
        shared = Digest("handoff collateral", code_digest(), context.moment.isoformat())
        shared.texts(f"{font.requested}|{font.family}|{font.file}" for font in fonts)
        shared.text(self.files.tree(enablement)).text(self.files.tree(context.folder / "assets"))
        for name in content_files(context.folder, ["all"]):
            shared.text(name).text(self.files(name))
        self.shared = shared.hexdigest()

    def key(self, asset: Asset) -> str:
        """Return the key of ``asset``: the shared inputs plus its path and its named sources."""
        digest = Digest(self.shared, asset.path)
        for name in sorted(set(asset.built_from)):
            digest.text(name).text(self.files(name))
        return digest.hexdigest()
