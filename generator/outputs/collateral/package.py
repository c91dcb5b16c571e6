"""Make Office files reproducible: fixed zip entry dates and document properties."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def normalise(data: bytes, moment: dt.datetime) -> bytes:
    """Return the OOXML package ``data`` with every timestamp set to ``moment``."""
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    date_time = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                body = _CORE_DATES.sub(rb"\g<1>" + stamp + rb"\g<2>", body)
            elif item.filename.endswith((".xlsx", ".pptx", ".docx")):
                body = normalise(body, moment)  # charts embed a workbook of their own
            info = zipfile.ZipInfo(item.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, body)
    return out.getvalue()
