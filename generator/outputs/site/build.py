"""Build the public site with MkDocs, or write its pages as plain Markdown for other engines."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from generator.cache import BuildCache
from generator.context import Context
from generator.errors import BuildError
from generator.outputs.site.media import Media
from generator.outputs.site.pages import render_pages
from generator.project import Project
from generator.resources import SITE_DOCS, package_dir


@contextlib.contextmanager
def source_date_epoch(moment: dt.datetime) -> Iterator[None]:
    """Pin SOURCE_DATE_EPOCH (unless set) so sitemaps and archives do not carry today's date."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def build_site(context: Context, target: Path, project: Project, cache: BuildCache | None = None) -> tuple[int, int]:
    """Run MkDocs (strict) with the Handoff plugin over a build context into ``target``.

    With a build ``cache``, pages and field HTML the last build made from the same inputs are
    reused (see `pagecache`). Return the number of pages, and of pages kept from the last build.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from generator.outputs.site.plugin import HandoffPlugin

    config_file = project.mkdocs_config
    # MkDocs reports through logging; without a handler of ours its warnings would vanish.
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        # docs_dir must exist before plugins run; the plugin points it at the package's files.
        config = load_config(str(config_file), site_dir=str(target), docs_dir=str(package_dir(*SITE_DOCS)), strict=True)
        plugin = config.plugins.get("handoff")
        if not isinstance(plugin, HandoffPlugin):
            raise BuildError(f"{config_file} does not enable the handoff plugin: add `plugins: [handoff, search]`")
        plugin.context = context
        plugin.root = project.root
        plugin.cache = cache
        with source_date_epoch(context.moment):
            build(config)
    except (Abort, ConfigurationError, PluginError) as e:
        raise BuildError(f"the site did not build: {e}") from None
    finally:
        logger.removeHandler(handler)
    count, kept = len(plugin.pages), plugin.kept_count
    # MkDocs' pages, files and navigation point at each other: collect them now, so the
    # portal built next reuses their memory instead of adding to it (the build's peak).
    # When most pages were kept from the last build they hold little, and a full collection
    # (a walk of every live object, the whole content included) would cost more than it frees.
    del plugin, config
    if kept * 2 < count:
        gc.collect()
    return count, kept


def site_key(context: Context, project: Project) -> str | None:
    """Return the build-cache key of the site: everything a site build reads.

    The site is built from the public view, the public content, the project's templates,
    mkdocs.yml and the content's assets, never from internal fields (the canary tests prove
    it), so an edit to an account, a battlecard or the marketing plan reuses the last site.
    None when the settings come from elsewhere too (``!ENV``, ``INHERIT``): never reused.
    """
    import json

    from generator.cache import Digest, FileDigests, code_digest

    files = FileDigests(project.root)
    config = project.mkdocs_config
    settings = config.read_text(encoding="utf-8") if config.is_file() else "no mkdocs.yml"
    if "!ENV" in settings or "INHERIT" in settings:
        return None  # settings read from the environment or another file: always build afresh
    return (
        Digest("handoff site", code_digest(), context.moment.isoformat(), os.environ.get("SOURCE_DATE_EPOCH", ""))
        .text(json.dumps(context.public, sort_keys=True, ensure_ascii=False, default=str))
        .text(context.public_content.model_dump_json())
        .text(files.tree(project.site_templates))
        .text(files.tree(context.folder / "assets"))
        .text(settings)
        .hexdigest()
    )


def write_pages(context: Context, target: Path, project: Project) -> list[Path]:
    """Write the site as pages for any engine: ``target/docs/`` and a plugin-free ``target/mkdocs.yml``.

    The pages are Markdown with front matter, rendered with the project's own templates;
    Zensical (which ignores MkDocs plugins) and MkDocs itself build the folder as it is.
    Return the pages written.
    """
    from generator.outputs.site.engine import write_standalone

    media = Media(context.folder)
    pages = render_pages(context.content, context.public, [project.site_templates / "pages"], context.plans, media=media)
    write_standalone(context, pages, target, media)
    return [target / "docs" / page.path for page in pages]


def serve_site(project: Project, dev_addr: str = "127.0.0.1:8000", open_in_browser: bool = False) -> None:
    """Preview the project's site with live reload until interrupted.

    Saving a content file or a template rebuilds the pages it changed (all of them when what
    every page shares changed, see `preview`); content errors are shown in the browser
    instead of stopping the server.
    """
    from mkdocs.exceptions import Abort, ConfigurationError

    from generator.outputs.site.plugin import CONTENT_ENV, PROJECT_ENV
    from generator.outputs.site.preview import Preview

    # MkDocs loads the configuration afresh for every rebuild, so the project travels in the
    # environment rather than in one plugin instance.
    saved = {name: os.environ.get(name) for name in (PROJECT_ENV, CONTENT_ENV, "NO_MKDOCS_2_WARNING")}
    os.environ.update({PROJECT_ENV: str(project.root), CONTENT_ENV: str(project.content), "NO_MKDOCS_2_WARNING": "1"})
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.INFO)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        Preview(project.mkdocs_config, dev_addr).serve(open_in_browser=open_in_browser)
    except (Abort, ConfigurationError) as e:
        raise BuildError(f"the preview could not start: {e}") from None
    finally:
        logger.removeHandler(handler)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
