"""`handoff new`: a complete, working project for a marketer's own repository.

The project holds a content folder for a B2B or a B2C business, a short mkdocs.yml, a
README for the marketer, a .gitignore, a pinned requirements.txt and a GitHub Actions
workflow that checks pull requests and publishes the public site (never the enablement).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Literal

from generator import __version__
from generator.content.schema import write_schemas
from generator.errors import BuildError
from generator.resources import NEW_PROJECT, package_dir

Kind = Literal["b2b", "b2c"]
KINDS: tuple[Kind, ...] = ("b2b", "b2c")

#: Files stored without their leading dot in the package (wheels drop hidden files from globs).
RENAMED = {"gitignore": ".gitignore", "github": ".github"}


def new_project(folder: Path, kind: Kind = "b2b") -> list[Path]:
    """Create a project in ``folder`` (new or empty); return the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BuildError(f"{folder} already exists and is not empty; choose a new folder")
    templates = package_dir(*NEW_PROJECT)
    folder.mkdir(parents=True, exist_ok=True)
    for source in sorted((templates / "project").iterdir()):
        target = folder / RENAMED.get(source.name, source.name)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copyfile(source, target)
    shutil.copytree(templates / kind / "content", folder / "content")
    requirements = folder / "requirements.txt"
    requirements.write_text(requirements.read_text(encoding="utf-8").replace("@@VERSION@@", __version__), encoding="utf-8")
    write_schemas(folder / "content" / "schemas")
    return sorted(p for p in folder.rglob("*") if p.is_file())
