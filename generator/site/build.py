"""Build the public site with MkDocs, or write its pages as plain Markdown for other engines."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from generator.errors import BuildError
from generator.load import Loaded
from generator.reproducible import build_moment
from generator.site.pages import render_pages
from generator.view import public_view


@contextlib.contextmanager
def source_date_epoch(loaded: Loaded) -> Iterator[None]:
    """Pin SOURCE_DATE_EPOCH (unless set) so sitemaps and archives do not carry today's date."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(build_moment(loaded.content).timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def build_site(loaded: Loaded, target: Path, config_file: Path = Path("mkdocs.yml")) -> None:
    """Run MkDocs (strict) with the Handoff plugin over already-loaded content into ``target``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    if not config_file.is_file():
        raise BuildError(f"no {config_file} here: the site needs an mkdocs.yml (run handoff where it is)")
    # MkDocs reports through logging; without a handler of ours its warnings would vanish.
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        config = load_config(str(config_file), site_dir=str(target), strict=True)
        plugin = config.plugins.get("handoff")
        if plugin is None:
            raise BuildError(f"{config_file} does not enable the handoff plugin")
        plugin.loaded = loaded
        with source_date_epoch(loaded):
            build(config)
    except (Abort, ConfigurationError, PluginError) as e:
        raise BuildError(f"the site did not build: {e}") from None
    finally:
        logger.removeHandler(handler)


def write_pages(loaded: Loaded, target: Path, templates: Path = Path("site_templates")) -> list[Path]:
    """Write every page as Markdown with front matter under ``target``; return the paths."""
    written = []
    for page in render_pages(loaded.content, public_view(loaded.content), [templates / "pages"]):
        path = target / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.source(), encoding="utf-8")
        written.append(path)
    return written
