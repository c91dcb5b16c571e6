"""MkDocs hooks of the enablement portal's build (it has no plugin of its own)."""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from generator.cache import template_cache


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Material's templates compiled once per machine, not once per build (see `template_cache`).
    env.bytecode_cache = template_cache()
    return env
