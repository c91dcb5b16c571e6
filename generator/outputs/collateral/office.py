"""PDFs and thumbnails rendered by LibreOffice, the office suite a prospect's viewer resembles.

A prospect-facing deck goes out with a PDF of itself; every asset gets a thumbnail of its
first page, rendered from the file. Both need LibreOffice (and poppler's pdftoppm for the
PNG); without them the build says so once and carries on with drawn thumbnails.

LibreOffice takes about a second a file, so conversions are cached by the hash of the file's
bytes (and the LibreOffice version): a build whose deck did not change reuses its PDF. PDF
dates and document IDs are rewritten from the build's moment and the file's own hash, so the
same content gives byte-identical PDFs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.cache import caching_off

#: Conversions per LibreOffice process; two processes run at once on a two-core machine.
BATCHES = 2
TIMEOUT = 600


@dataclass(frozen=True)
class Renderer:
    """The programs found on this machine; ``missing`` says in a few words what is not there."""

    soffice: str | None
    pdftoppm: str | None

    @property
    def missing(self) -> str | None:
        if self.soffice is None:
            return "LibreOffice (soffice) is not installed"
        return None


def find_renderer() -> Renderer:
    """Return LibreOffice and pdftoppm as installed on this machine (either may be None)."""
    return Renderer(shutil.which("soffice") or shutil.which("libreoffice"), shutil.which("pdftoppm"))


def cache_folder() -> Path | None:
    """Return where rendered files are kept between builds, or None when caching is off.

    HANDOFF_CACHE names the folder ("off" disables it); else the user's cache folder.
    """
    if caching_off():
        return None
    setting = os.environ.get("HANDOFF_CACHE", "")
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "handoff" / "render"


@lru_cache(maxsize=4)
def program_version(program: str) -> str:
    """Return what a program says its version is (LibreOffice, Chromium): part of every render cache key."""
    try:
        return subprocess.run([program, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def to_pdf(files: Mapping[str, bytes], moment: dt.datetime, renderer: Renderer) -> dict[str, bytes]:
    """Return a PDF for each office file (name -> bytes), converting only what the cache lacks.

    A file LibreOffice could not convert is left out of the result.
    """
    if renderer.soffice is None or not files:
        return {}
    version = program_version(renderer.soffice)
    cache = cache_folder()
    keys = {name: hashlib.sha256(version.encode() + b"\0" + data).hexdigest() for name, data in files.items()}
    found: dict[str, bytes] = {}
    todo: dict[str, bytes] = {}
    for name, data in files.items():
        hit = cache / f"{keys[name]}.pdf" if cache else None
        if hit is not None and hit.is_file():
            found[name] = hit.read_bytes()
        else:
            todo[name] = data
    if todo:
        converted = _convert(todo, renderer.soffice)
        for name, pdf in converted.items():
            found[name] = pdf
            if cache is not None:
                store(cache / f"{keys[name]}.pdf", pdf)
    return {name: normalise_pdf(found[name], moment, keys[name]) for name in files if name in found}


def store(path: Path, data: bytes) -> None:
    """Write a cache entry atomically; a cache that cannot be written is simply not used."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(data)
        partial.replace(path)
    except OSError:
        pass


def _convert(files: Mapping[str, bytes], soffice: str) -> dict[str, bytes]:
    """Convert files with LibreOffice, in parallel batches, each with its own throwaway profile."""
    with tempfile.TemporaryDirectory(prefix="handoff-render-") as tmp:
        root = Path(tmp)
        names = sorted(files)
        stems = {name: f"{i:04d}{Path(name).suffix}" for i, name in enumerate(names)}
        batches = [names[i::BATCHES] for i in range(BATCHES)]
        running = []
        for b, batch in enumerate(batches):
            if not batch:
                continue
            inbox, outbox = root / f"in{b}", root / f"out{b}"
            inbox.mkdir()
            outbox.mkdir()
            for name in batch:
                (inbox / stems[name]).write_bytes(files[name])
            command = [
                soffice,
                f"-env:UserInstallation={(root / f'profile{b}').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outbox),
                *[str(inbox / stems[name]) for name in batch],
            ]
            running.append((batch, outbox, subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
        out: dict[str, bytes] = {}
        for batch, outbox, process in running:
            try:
                process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            for name in batch:
                pdf = outbox / (Path(stems[name]).stem + ".pdf")
                if pdf.is_file():
                    out[name] = pdf.read_bytes()
        return out


_DATE = re.compile(rb"/(CreationDate|ModDate)(\s*)\(D:(\d{14})([^)]*)\)")
_ID = re.compile(rb"/ID \[ <([0-9A-F]+)>\s*<([0-9A-F]+)> \]")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-F]+)")


def normalise_pdf(pdf: bytes, moment: dt.datetime, key: str) -> bytes:
    """Return ``pdf`` with its dates set to ``moment`` and its IDs derived from ``key``.

    Every replacement has the same length as what it replaces, so the cross-reference
    table's byte offsets stay right.
    """
    stamp = moment.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S").encode()

    def date(m: re.Match[bytes]) -> bytes:
        return b"/" + m.group(1) + m.group(2) + b"(D:" + stamp + m.group(4) + b")"

    digest = hashlib.md5(key.encode(), usedforsecurity=False).hexdigest().upper().encode()

    def ident(m: re.Match[bytes]) -> bytes:
        return b"/ID [ <" + digest[: len(m.group(1))] + b">\n<" + digest[: len(m.group(2))] + b"> ]"

    def checksum(m: re.Match[bytes]) -> bytes:
        return b"/DocChecksum /" + digest[: len(m.group(1))]

    out = _DATE.sub(date, pdf)
    out = _ID.sub(ident, out)
    out = _CHECKSUM.sub(checksum, out)
    assert len(out) == len(pdf), "PDF normalisation must keep byte offsets"
    return out


def first_page_png(pdf: bytes, renderer: Renderer, width: int = 480) -> bytes | None:
    """Return a PNG of the PDF's first page, ``width`` pixels wide, or None without pdftoppm."""
    if renderer.pdftoppm is None:
        return None
    with tempfile.TemporaryDirectory(prefix="handoff-thumb-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        target = Path(tmp) / "page"
        try:
            subprocess.run(
                [
                    renderer.pdftoppm,
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-png",
                    "-singlefile",
                    "-scale-to-x",
                    str(width),
                    "-scale-to-y",
                    "-1",
                    str(source),
                    str(target),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        png = target.with_suffix(".png")
        return png.read_bytes() if png.is_file() else None
