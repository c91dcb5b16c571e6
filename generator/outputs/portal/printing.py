"""PDFs of the portal's printable pages, printed by Chromium (or LibreOffice when Chromium is absent).

The pages carry print styles that fit them on one page; the PDF is what a sales manager
pins to the wall or hands a new rep. Dates and IDs are normalised as for every PDF, so the
same content prints the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from generator.outputs.collateral.office import cache_folder, find_renderer, normalise_pdf, program_version, store

CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    return next((found for name in CHROMIUM if (found := shutil.which(name))), None)


def print_pages(site: Path, pages: Sequence[tuple[str, str]], moment: dt.datetime) -> list[Path] | None:
    """Print each built page (``name`` -> ``name/index.html``) to ``site/<pdf>``; None when nothing can print."""
    chromium = find_chromium()
    soffice = find_renderer().soffice
    if chromium is None and soffice is None:
        return None
    written = []
    cache = cache_folder()
    # What the printout depends on: the page, its stylesheets, and the program that prints it.
    styles = b"".join(p.read_bytes() for p in sorted(site.glob("assets/stylesheets/*.css")))
    styles += (site / "portal.css").read_bytes() if (site / "portal.css").is_file() else b""
    for name, pdf_name in pages:
        page = site / name / "index.html"
        if not page.is_file():
            continue
        # The printer's version too: a Chromium upgrade writes its own name into the PDF.
        printer = chromium or soffice or ""
        key = hashlib.sha256(f"{printer}\0{program_version(printer)}\0".encode() + page.read_bytes() + styles).hexdigest()
        hit = cache / f"print-{key}.pdf" if cache else None
        pdf = hit.read_bytes() if hit is not None and hit.is_file() else None
        if pdf is None:
            pdf = _chromium(chromium, page) if chromium else None
            if pdf is None and soffice is not None:
                pdf = _libreoffice(soffice, page)
            if pdf is None:
                continue
            if hit is not None:
                store(hit, pdf)
        # A new file, not the old one overwritten: a portal reused from the last build is hard
        # links into it, which a failed build must leave as they were.
        (site / pdf_name).unlink(missing_ok=True)
        (site / pdf_name).write_bytes(normalise_pdf(stable_node_ids(pdf), moment, key))
        written.append(site / pdf_name)
    return written


#: Chromium names each tagged-PDF structure element after its DOM node: ``/ID (node00000154)``.
_NODE_ID = re.compile(rb"\(node(\d{8})\)")


def stable_node_ids(pdf: bytes) -> bytes:
    """Renumber Chromium's structure element IDs 1, 2, 3... in their order, at the same width.

    The DOM node numbers behind them depend on timing inside the browser, so two prints of
    one page differ there only; ranks keep the ID tree's sort order and every byte offset.
    """
    ranks = {number: f"{rank:08d}".encode() for rank, number in enumerate(sorted(set(_NODE_ID.findall(pdf))), 1)}
    return _NODE_ID.sub(lambda m: b"(node" + ranks[m.group(1)] + b")", pdf)


def _chromium(chromium: str, page: Path) -> bytes | None:
    with tempfile.TemporaryDirectory(prefix="handoff-print-") as tmp:
        out = Path(tmp) / "page.pdf"
        command = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=120, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        return out.read_bytes() if out.is_file() else None


def _libreoffice(soffice: str, page: Path) -> bytes | None:
    with tempfile.TemporaryDirectory(prefix="handoff-print-") as tmp:
        command = [
            soffice,
            f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf:writer_web_pdf_Export",
            "--outdir",
            tmp,
            str(page),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=300, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        out = Path(tmp) / "index.pdf"
        return out.read_bytes() if out.is_file() else None
