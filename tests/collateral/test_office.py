"""LibreOffice rendering: PDFs cached by content hash, byte-identical with or without the cache,
dates and IDs normalised; a missing LibreOffice is one line, not a failure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support import DEFAULT_CONTENT, ROOT, require_program

from generator.content.load import load_content
from generator.context import build_context
from generator.outputs.collateral import office
from generator.outputs.collateral.office import Renderer, find_renderer, normalise_pdf, to_pdf

MOMENT = dt.datetime(2026, 10, 13, 9, 30, tzinfo=dt.UTC)


def test_normalising_keeps_offsets_and_sets_dates_and_ids() -> None:
    pdf = (
        b"%PDF-1.7\n1 0 obj <</CreationDate(D:20261124092756Z')/ModDate (D:20261124092756+00'00')>>\n"
        b"trailer <</ID [ <B89DCB4C014BEDD11FF0DC41A3DFAFAF>\n<B89DCB4C014BEDD11FF0DC41A3DFAFAF> ]\n"
        b"/DocChecksum /B8E421205270D75BBB37519E0A6DFBF5\n>>\n%%EOF\n"
    )
    out = normalise_pdf(pdf, MOMENT, "key")
    assert len(out) == len(pdf)
    assert b"/CreationDate(D:20261013093000Z')" in out and b"/ModDate (D:20261013093000+00'00')" in out
    assert b"B89DCB4C" not in out and b"B8E42120" not in out
    assert normalise_pdf(pdf, MOMENT, "key") == out != normalise_pdf(pdf, MOMENT, "other")


def _a_deck() -> bytes:
    from generator.outputs.collateral import plan_collateral

    context = build_context(load_content(DEFAULT_CONTENT))
    return next(make for asset, make in plan_collateral(context, ROOT / "enablement") if asset.path == "decks/company.pptx")()


def test_unchanged_files_come_from_the_cache_with_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_program("soffice", "libreoffice")
    monkeypatch.setenv("HANDOFF_CACHE", str(tmp_path / "cache"))
    deck = _a_deck()
    first = to_pdf({"deck.pptx": deck}, MOMENT, find_renderer())["deck.pptx"]
    assert first.startswith(b"%PDF") and len(list((tmp_path / "cache").iterdir())) == 1

    def no_conversion(*args: object) -> dict[str, bytes]:
        raise AssertionError("converted a file the cache holds")

    monkeypatch.setattr(office, "_convert", no_conversion)
    assert to_pdf({"deck.pptx": deck}, MOMENT, find_renderer())["deck.pptx"] == first
    monkeypatch.undo()
    monkeypatch.setenv("HANDOFF_CACHE", "off")
    assert to_pdf({"deck.pptx": deck}, MOMENT, find_renderer())["deck.pptx"] == first  # converted afresh


def test_without_libreoffice_the_build_says_so_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.outputs.collateral import build_collateral

    monkeypatch.setattr("generator.outputs.collateral.find_renderer", lambda: Renderer(None, None))
    notes: list[str] = []
    context = build_context(load_content(DEFAULT_CONTENT))
    assets = build_collateral(context, tmp_path / "e", ROOT / "enablement", notes=notes)
    assert notes[0] == (
        "No PDFs or rendered thumbnails: LibreOffice (soffice) is not installed; decks and proposals are built without them."
    )
    assert not any(a.pdf for a in assets)
    # Decks keep a thumbnail drawn from the content.
    assert all(a.thumbnail for a in assets if a.path.startswith("decks/") and "presenter" not in a.path)
