"""Reuse what an earlier build made from exactly the same inputs: the build cache.

Like Bazel's action cache or Hugo's resource cache, every cached output is keyed by a digest
of everything it is made from (its content files, the project's templates, the build moment
and Handoff's own code), so a hit is the same bytes a clean build would write; a miss is
simply built. Entries live in the output folder (``build/.cache/``, never published): a
build reads the previous build's entries and carries the ones it used into its own staging
folder, so the cache is swapped in with the rest of the build, never outgrows one build,
and a failed build leaves the previous one, cache included, as it was.

Two kinds of entry: single files (a deck's bytes, by key) and whole output folders (the
site, reused when its key matches the key it was built with).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import generator

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

#: The cache's folder inside an output folder.
FOLDER = ".cache"


def caching_off() -> bool:
    """Whether HANDOFF_CACHE turns every cache off (``--no-cache`` sets it): builds, renders, measurements."""
    return os.environ.get("HANDOFF_CACHE", "").lower() in {"off", "0", "no"}


def user_cache(kind: str) -> Path | None:
    """Return the user's cache folder for ``kind`` (``~/.cache/handoff/<kind>``), or None when caching is off.

    For what any build on this machine may reuse, whatever the project: measurements,
    compiled templates, conversions by digest. A project's own outputs live in its build cache.
    """
    if caching_off():
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "handoff" / kind


def write_whole(file: Path, data: bytes) -> None:
    """Write ``file`` beside itself, then rename it into place: a reader (another build) never sees half of it.

    For caches only: a file that cannot be written is simply not kept.
    """
    import contextlib
    import tempfile

    with contextlib.suppress(OSError):
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, file)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.remove(temporary)


def template_cache() -> BytecodeCache | None:
    """Return Jinja's on-disk cache of compiled templates, or None when caching is off.

    Compiling Material's templates costs about as much as rendering a hundred pages, in
    every build; Jinja checks each cached template against its source, so an edited
    template is compiled again.
    """
    from jinja2 import FileSystemBytecodeCache

    folder = user_cache("templates")
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


#: The libraries whose versions shape the output bytes (MkDocs, Material, python-pptx...).
LIBRARIES = (
    "babel", "docxtpl", "jinja2", "markdown", "mkdocs", "mkdocs-material", "nh3", "openpyxl",
    "pillow", "pydantic", "pymdown-extensions", "python-docx", "python-pptx", "pyyaml", "xlsxwriter",
)  # fmt: skip


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Return a digest of Handoff's installed code and templates, and of the libraries it writes with.

    The version number alone would not do: an editable install changes without a new version,
    and a cached deck must never outlive the code that drew it.
    """
    package = Path(generator.__file__).parent
    digest = hashlib.sha256(generator.__version__.encode())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} absent\0".encode())
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class Digest:
    """A SHA-256 over labelled parts, so that no two different lists of inputs hash alike."""

    def __init__(self, *parts: str) -> None:
        self._hash = hashlib.sha256()
        for part in parts:
            self.text(part)

    def text(self, value: str) -> Digest:
        data = value.encode()
        self._hash.update(len(data).to_bytes(8, "big") + data)
        return self

    def texts(self, values: Iterable[str]) -> Digest:
        for value in values:
            self.text(value)
        return self

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


class FileDigests:
    """Digests of files under one folder, each read once per build; a missing file has its own mark."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._known: dict[str, str] = {}

    def __call__(self, relative: str) -> str:
        if relative not in self._known:
            path = self.root / relative
            self._known[relative] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
        return self._known[relative]

    def tree(self, folder: Path) -> str:
        """Return one digest of every file below ``folder``: relative names and bytes, not where it is."""
        digest = Digest("tree")
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                digest.text(path.relative_to(folder).as_posix()).text(hashlib.sha256(path.read_bytes()).hexdigest())
        return digest.hexdigest()


class BuildCache:
    """Read the previous build's entries; keep, in the build being written, the ones used again."""

    def __init__(self, previous: Path | None, current: Path | None) -> None:
        #: The previous build's output folder, or None (no previous build, or caching off).
        self.previous = previous
        #: The output folder being written, or None when nothing is kept.
        self.current = current
        self.hits = 0
        self.misses = 0

    @classmethod
    def off(cls) -> BuildCache:
        return cls(None, None)

    @property
    def enabled(self) -> bool:
        return self.current is not None

    def _entry(self, root: Path, key: str) -> Path:
        return root / FOLDER / "files" / key[:2] / key

    def get(self, key: str) -> bytes | None:
        """Return the bytes stored under ``key``, carrying the entry into the new build; None if absent."""
        for root in (self.current, self.previous):
            entry = self._entry(root, key) if root is not None else None
            if entry is not None and entry.is_file():
                # Carried into the new build by a link: entries are never written twice.
                self._keep(key, functools.partial(link, entry))
                self.hits += 1
                return entry.read_bytes()
        self.misses += 1
        return None

    def put(self, key: str, data: bytes) -> None:
        """Keep ``data`` under ``key`` in the build being written."""
        self._keep(key, lambda kept: kept.write_bytes(data))

    def _keep(self, key: str, make: Callable[[Path], object]) -> None:
        """Make the entry ``key`` of the build being written with ``make``, unless it is there already."""
        if self.current is None:
            return
        entry = self._entry(self.current, key)
        if not entry.is_file():
            entry.parent.mkdir(parents=True, exist_ok=True)
            make(entry)

    def place(self, key: str | None, data: bytes, target: Path) -> None:
        """Write ``data``, kept under ``key``, at ``target``: as a link to the entry when this build keeps it.

        A linked file is the same file in every build that keeps it, so what was read from it
        before (the message map's texts) still holds, and its bytes are not written again.
        """
        entry = self._entry(self.current, key) if key is not None and self.current is not None else None
        if entry is not None and entry.is_file():
            link(entry, target)
        else:
            target.write_bytes(data)

    def read_json(self, name: str) -> Any:
        """Return the JSON entry ``name`` this build has written, else the previous build's; None if neither reads."""
        for root in (self.current, self.previous):
            path = root / FOLDER / name if root is not None else None
            if path is not None and path.is_file():
                try:
                    return json.loads(path.read_text(encoding="utf-8"))
                except ValueError:
                    return None
        return None

    def write_json(self, name: str, value: Any) -> None:
        """Keep ``value`` as the JSON entry ``name`` in the build being written.

        Written a member at a time: a manifest of 3,000 pages held as one text would lift
        a build's peak memory by tens of MiB, and `json.dump` encodes in Python, ten times
        slower than `json.dumps` on each member.
        """
        if self.current is None:
            return
        path = self.current / FOLDER / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            _dump_json(value, out, depth=2)

    def reuse_folder(self, name: str, key: str, target: Path) -> str | None:
        """Link the previous build's ``name`` folder into ``target`` if it was made from ``key`` and is untouched.

        Return the summary recorded with it, or None when it cannot be reused. A folder that
        gained, lost or changed a file since its build (a step that post-processed it) is
        built again: every file's size and modification time are recorded with the key.
        """
        if self.previous is None or self.current is None:
            return None
        source = self.previous / name
        recorded = self.previous / FOLDER / "folders" / name
        if not source.is_dir() or not recorded.is_file():
            return None
        key_line, files_line, summary = (recorded.read_text(encoding="utf-8").split("\n", 2) + ["", ""])[:3]
        if key_line != key or files_line != _snapshot(source):
            return None
        # Hard links, not copies: the previous build is deleted by the swap, and a later edit
        # of a published file changes its time, so the next build notices and builds afresh.
        shutil.copytree(source, target, copy_function=link, dirs_exist_ok=True)
        self._record(name, key, files_line, summary)
        return summary

    def carry(self, *names: str) -> None:
        """Carry the previous build's entries ``names`` (files or folders in the cache) into this build as they are.

        For entries a build did not read because it reused what they made (the site's kept
        pages when the whole site was reused), so that the next build still finds them.
        """
        if self.previous is None or self.current is None:
            return
        for name in names:
            source, target = self.previous / FOLDER / name, self.current / FOLDER / name
            if source.is_dir():
                shutil.copytree(source, target, copy_function=link, dirs_exist_ok=True)
            elif source.is_file() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                link(source, target)

    def remember_folder(self, name: str, key: str, folder: Path, summary: str) -> None:
        """Record that this build's ``name`` folder (at ``folder``) was made from ``key``, with what the build said of it."""
        if self.current is not None:
            self._record(name, key, _snapshot(folder), summary)

    def _record(self, name: str, key: str, tree: str, summary: str) -> None:
        assert self.current is not None
        recorded = self.current / FOLDER / "folders" / name
        recorded.parent.mkdir(parents=True, exist_ok=True)
        recorded.write_text(f"{key}\n{tree}\n{summary}", encoding="utf-8")


def _dump_json(value: Any, out: IO[str], depth: int) -> None:
    """Write ``value`` as JSON, the mappings of its first ``depth`` levels one member at a time."""
    if depth and isinstance(value, dict):
        out.write("{")
        for i, (key, member) in enumerate(value.items()):
            out.write(f"{', ' if i else ''}{json.dumps(str(key), ensure_ascii=False)}: ")
            _dump_json(member, out, depth - 1)
        out.write("}")
    else:
        out.write(json.dumps(value, ensure_ascii=False))


def _snapshot(folder: Path) -> str:
    """Return a digest of every file's relative name, size and modification time below ``folder``."""
    digest = Digest("files")
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.text(f"{path.relative_to(folder).as_posix()}|{stat.st_size}|{stat.st_mtime_ns}")
    return digest.hexdigest()


def link(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)
