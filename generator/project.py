"""A marketer's project folder: content, optional site configuration and overrides.

A project is any folder with a ``content/`` folder in it (``handoff new`` makes one). Its
``mkdocs.yml``, ``site_templates/`` and ``enablement/`` are optional: what is missing comes
from the files that ship inside the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.resources import DEFAULT_MKDOCS, package_dir

CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True)
class Project:
    """Where a project's folders are. Paths are absolute."""

    root: Path
    content: Path
    #: The project's own mkdocs.yml, or None to use the built-in one.
    config_file: Path | None = None

    @property
    def site_templates(self) -> Path:
        """The project's page templates and theme overrides (optional)."""
        return self.root / "site_templates"

    @property
    def enablement(self) -> Path:
        """The project's deck outlines, branded master and page templates (optional)."""
        return self.root / "enablement"

    @property
    def mkdocs_config(self) -> Path:
        """The site configuration to build with: the project's own, else the built-in one."""
        return self.config_file or package_dir(*DEFAULT_MKDOCS[:-1]) / DEFAULT_MKDOCS[-1]

    @classmethod
    def locate(cls, content: Path | None = None, config_file: Path | None = None, root: Path | None = None) -> Project:
        """Find a project from what the command line gave.

        ``content`` may name the content folder or the project folder around it (the folder
        ``handoff new`` made). Otherwise the project is the current folder.
        """
        if content is not None and not (content / "company.yaml").exists() and (content / "content").is_dir():
            root, content = root or content, content / "content"
        root = (root or Path.cwd()).resolve()
        content = (content or root / "content").resolve()
        if config_file is None and (root / CONFIG_FILE).is_file():
            config_file = root / CONFIG_FILE
        return cls(root, content, config_file.resolve() if config_file is not None else None)
