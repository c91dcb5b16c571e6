"""Build every output from a content folder, all or nothing.

Everything is gathered and checked first (`load_content`), then written into a temporary
folder next to the output folder, which is swapped in only when every builder succeeded:
a content error or a crash leaves the previous output exactly as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from generator.errors import BuildError
from generator.load import Loaded, load_content
from generator.project import Project
from generator.view import internal_view, public_view

#: Written into every output folder, so we never replace a folder we did not build.
MARKER = ".handoff-build"

Builder = Callable[[Loaded, Project, Path], None]


def _write_data(loaded: Loaded, project: Project, out: Path) -> None:
    """Write the resolved public and internal views as JSON (for scripts and debugging)."""
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    for name, view in (("public", public_view(loaded.content)), ("internal", internal_view(loaded.content))):
        text = json.dumps(view, indent=2, ensure_ascii=False) + "\n"
        (data / f"{name}.json").write_text(text, encoding="utf-8")


def _write_site(loaded: Loaded, project: Project, out: Path) -> None:
    """Build the public site into ``out/site`` with MkDocs and the Handoff plugin."""
    from generator.site.build import build_site

    build_site(loaded, out / "site", project)


def _write_enablement(loaded: Loaded, project: Project, out: Path) -> None:
    """Build the internal sales collateral and its index page into ``out/enablement``."""
    from generator.collateral import build_collateral

    build_collateral(loaded, out / "enablement", project.enablement)


BUILDERS: list[tuple[str, Builder]] = [("data", _write_data), ("site", _write_site), ("enablement", _write_enablement)]


def build(project: Project | Path, out: Path) -> Loaded:
    """Validate the project's content and write every output into ``out``; return what was loaded."""
    if not isinstance(project, Project):
        project = Project.locate(Path(project))
    loaded = load_content(project.content)
    out = out.resolve()
    _refuse_dangerous_target(project.content, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for _, builder in BUILDERS:
            builder(loaded, project, staging)
        (staging / MARKER).write_text("This folder is written by `handoff build`; it is replaced on every build.\n")
        _swap(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return loaded


def _refuse_dangerous_target(content: Path, out: Path) -> None:
    if out == content or content.is_relative_to(out):
        raise BuildError(f"refusing to build into {out}: it contains the content folder")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise BuildError(
            f"refusing to replace {out}: it is not empty and was not written by `handoff build`"
        )


def _swap(staging: Path, out: Path) -> None:
    """Put ``staging`` in place of ``out`` with renames, so readers never see half a build."""
    os.chmod(staging, 0o755)
    old = out.with_name(f".{out.name}-old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    if old.exists():
        shutil.rmtree(old)
