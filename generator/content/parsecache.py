"""Parsed content files kept on this machine between processes, by digest of their text.

Every `handoff build` and `handoff check` is a new process that reads the whole content
folder; at a thousand articles, parsing the YAML (and recording where every value sits)
is a third of a one-file rebuild. A file whose text, shown path and parsing code are the
same parses to the same values and marks, so the last result is taken instead.

One cache file per content folder (``~/.cache/handoff/parsed/``), holding only the files
the last load read, so it never outgrows the folder. It is written with `marshal`, which
stores exactly the plain values a parse yields (dicts, lists, strings, numbers) and, unlike
pickle, can build nothing else: a damaged file is simply not used. Files that fail to parse
are never kept, so their problems are always found afresh.
"""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

from generator.cache import Digest, code_digest, user_cache, write_whole
from generator.content.source import Mark, Source

#: marshal's format is fixed per version; a file written by another one is not read.
_FORMAT = 4


class ParseCache:
    """The parsed files of one content folder, from the last load on this machine."""

    def __init__(self, folder: Path) -> None:
        base = user_cache("parsed")
        self.file = base / f"{Digest('content folder', str(folder.resolve())).hexdigest()[:32]}.bin" if base else None
        self.code = code_digest()
        self.known: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        if self.file is not None and self.file.is_file():
            try:
                code, known = marshal.loads(self.file.read_bytes())
            except (OSError, ValueError, EOFError, TypeError):
                return
            if code == self.code and isinstance(known, dict):
                self.known = known

    def key(self, shown: str, text: str) -> str:
        """Return the key of a file's parse: its text and the path its marks show."""
        return Digest("parsed", shown, text).hexdigest()

    def get(self, key: str) -> Source | None:
        """Return a fresh copy of the file parsed under ``key``, or None."""
        entry = self.known.get(key)
        if entry is None:
            return None
        try:
            file, value, marks, key_marks = entry
            source = Source(
                file,
                value,
                {loc: Mark(*mark) for loc, mark in marks.items()},
                {loc: Mark(*mark) for loc, mark in key_marks.items()},
            )
        except (TypeError, ValueError, AttributeError):
            return None  # not what this code writes: parse afresh
        self.used[key] = entry
        return source

    def put(self, key: str, source: Source) -> None:
        """Keep a file this load parsed; call before the load changes it."""
        value = dict(source.value) if isinstance(source.value, dict) else source.value  # the load sets an id
        self.used[key] = (source.file, value, _marks(source.marks), _marks(source.key_marks))

    def save(self) -> None:
        """Keep the files this load read, if they differ from the last load's."""
        if self.file is None or self.used.keys() == self.known.keys():
            return
        write_whole(self.file, marshal.dumps((self.code, self.used), _FORMAT))


def _marks(marks: dict[Any, Mark]) -> dict[Any, tuple[Any, ...]]:
    return {loc: (m.file, m.line, m.column, m.raw, m.quoted, m.span) for loc, m in marks.items()}
