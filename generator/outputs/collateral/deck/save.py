"""Saving a deck: `save_presentation`'s bytes, with each part that repeats from deck to deck deflated once.

Every deck of a build carries the same pictures (the logo, the hero image, screenshots) and
the same template parts (master, layouts, theme), and zip deflates each of them again in
every deck: most of the time a deck takes to save. Deflate gives the same bytes for the same
input (and the same zlib), so what it gave for a part is kept (per process) and written again
when the same part comes back; the zip entry (name, date, CRC, sizes) is written by `zipfile`
as before. Large parts (pictures) are also kept on disk, beside the measured advances, named
by a hash of the part and the zlib version: the first deck of the next process reads them,
and uses them only if they inflate back to the very part (safe to delete, never trusted).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
import zlib
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from generator.cache import user_cache, write_whole
from generator.outputs.collateral.deck.measure import forget_with_measurements
from generator.outputs.collateral.package import _Stamped

if TYPE_CHECKING:
    from _typeshed import SizedBuffer
    from pptx.presentation import Presentation

#: Parts smaller than this are deflated each time: keeping them would save little.
_SMALLEST = 4096
#: Most bytes (parts and their deflated forms) kept; past this the cache starts again.
_MOST = 64 << 20
#: Parts at least this large are kept on disk too (pictures, mostly).
_ON_DISK = 1 << 16
#: Each part's bytes -> what deflate made of them.
_DEFLATED: dict[bytes, bytes] = {}
forget_with_measurements(_DEFLATED.clear)


def _disk_file(part: bytes) -> Path | None:
    folder = user_cache("deflated")
    if folder is None:
        return None
    name = hashlib.sha256(part + zlib.ZLIB_RUNTIME_VERSION.encode()).hexdigest()[:48]
    return folder / f"{name}.deflate"


def _known(part: bytes) -> bytes | None:
    """Return what deflate makes of ``part``, if kept: in memory, or on disk (checked by inflating it)."""
    known = _DEFLATED.get(part)
    if known is not None or len(part) < _ON_DISK:
        return known
    file = _disk_file(part)
    try:
        stored = file.read_bytes() if file else None
        if stored is None or zlib.decompress(stored, -15) != part:
            return None
    except (OSError, zlib.error):
        return None
    _remember(part, stored)
    return stored


def _remember(part: bytes, deflated: bytes) -> None:
    if sum(len(k) + len(v) for k, v in _DEFLATED.items()) + len(part) + len(deflated) > _MOST:
        _DEFLATED.clear()
    _DEFLATED[part] = deflated


class _Deflater:
    """Stands in for the zlib compressor `zipfile` writes one entry through.

    With ``known``, hands back those bytes (deflate's output for this entry's part) instead
    of deflating again; else deflates as `zipfile` would and keeps the result for ``part``.
    """

    def __init__(self, inner: Any, part: bytes, known: bytes | None) -> None:
        self.inner, self.part, self.known = inner, part, known
        self.made: list[bytes] = []

    def compress(self, data: bytes) -> bytes:
        if self.known is not None:
            return self.known
        out: bytes = self.inner.compress(data)
        self.made.append(out)
        return out

    def flush(self) -> bytes:
        if self.known is not None:
            return b""
        out: bytes = self.inner.flush()
        self.made.append(out)
        deflated = b"".join(self.made)
        _remember(self.part, deflated)
        if len(self.part) >= _ON_DISK and (file := _disk_file(self.part)) is not None:
            write_whole(file, deflated)
        return out


class _ReusingZip(zipfile.ZipFile):
    """A zip being written that deflates each large part once per process (see the module's note)."""

    _part: bytes | None = None

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: SizedBuffer | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        reuse = (
            isinstance(data, bytes)
            and len(data) >= _SMALLEST
            and isinstance(zinfo_or_arcname, zipfile.ZipInfo)
            and zinfo_or_arcname.compress_type == zipfile.ZIP_DEFLATED
            and compress_type is None
            and compresslevel is None
        )
        self._part = data if reuse and isinstance(data, bytes) else None
        try:
            super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)
        finally:
            self._part = None

    def open(
        self, name: str | zipfile.ZipInfo, mode: Literal["r", "w"] = "r", pwd: bytes | None = None, *, force_zip64: bool = False
    ) -> IO[bytes]:
        handle = super().open(name, mode, pwd, force_zip64=force_zip64)
        part = self._part
        inner = getattr(handle, "_compressor", None)
        if mode == "w" and part is not None and inner is not None:
            handle._compressor = _Deflater(inner, part, _known(part))  # type: ignore[attr-defined]  # noqa: SLF001
        return handle


def save_deck(prs: Presentation, moment: dt.datetime) -> bytes:
    """Return what `save_presentation` returns for ``prs``, deflating parts seen before only once."""
    from pptx.opc.serialized import PackageWriter

    package = prs.part.package
    out = io.BytesIO()
    with _Stamped(out, moment) as target:
        target.zip.__class__ = _ReusingZip  # the same zip, written through the methods above
        writer = PackageWriter(out, package._rels, tuple(package.iter_parts()))  # noqa: SLF001
        writer._write_content_types_stream(target)  # type: ignore[arg-type]  # noqa: SLF001
        writer._write_pkg_rels(target)  # type: ignore[arg-type]  # noqa: SLF001
        writer._write_parts(target)  # type: ignore[arg-type]  # noqa: SLF001
    return out.getvalue()
