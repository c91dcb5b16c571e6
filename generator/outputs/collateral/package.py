"""Make Office files reproducible: fixed zip entry dates and document properties."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pptx.opc.packuri import PackURI
    from pptx.presentation import Presentation

_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def normalise(data: bytes, moment: dt.datetime) -> bytes:
    """Return the OOXML package ``data`` with every timestamp set to ``moment``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with _Stamped(out, moment) as target:
        for item in source.infolist():
            target.add(item.filename, source.read(item.filename))
    return out.getvalue()


def save_presentation(prs: Presentation, moment: dt.datetime) -> bytes:
    """Return a python-pptx presentation as `normalise` would leave its saved file, zipped once.

    python-pptx's own writer lays out the package (content types, relationships, each part in
    its order); only the zip entries are written here, with ``moment`` as their date, so the
    bytes are those of ``normalise(saved, moment)`` without compressing everything twice.
    """
    from pptx.opc.serialized import PackageWriter

    package = prs.part.package
    out = io.BytesIO()
    with _Stamped(out, moment) as target:
        writer = PackageWriter(out, package._rels, tuple(package.iter_parts()))  # noqa: SLF001
        writer._write_content_types_stream(target)  # type: ignore[arg-type]  # noqa: SLF001
        writer._write_pkg_rels(target)  # type: ignore[arg-type]  # noqa: SLF001
        writer._write_parts(target)  # type: ignore[arg-type]  # noqa: SLF001
    return out.getvalue()


class _Stamped:
    """A zip being written whose every entry carries one moment: the writer of both functions above."""

    def __init__(self, out: io.BytesIO, moment: dt.datetime) -> None:
        self.moment = moment
        self.stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
        self.date_time = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
        self.zip = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)

    def __enter__(self) -> _Stamped:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.zip.close()

    def write(self, uri: PackURI, blob: bytes) -> None:
        """python-pptx's physical writer interface: one part, named by its pack URI."""
        self.add(uri.membername, blob)

    def add(self, name: str, body: bytes) -> None:
        if name == "docProps/core.xml":
            body = _CORE_DATES.sub(rb"\g<1>" + self.stamp + rb"\g<2>", body)
        elif name.endswith((".xlsx", ".pptx", ".docx")):
            body = normalise(body, self.moment)  # charts embed a workbook of their own
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self.zip.writestr(info, body)
