"""Handoff: one source of truth for marketing and sales, built into a site and collateral.

The public API, for scripts around Handoff::

    from generator import load_content, build_context, build, public_view, internal_view, ContentError

    loaded = load_content(Path("content"))       # raises ContentError listing every problem
    print(public_view(loaded.content)["offers"][0]["price"]["label"])
    build(Path("."), Path("build"))              # a project folder (or a content folder)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

__all__ = [
    "BuildError",
    "BuildResult",
    "ContentError",
    "Context",
    "HandoffError",
    "Loaded",
    "Problem",
    "Project",
    "build",
    "build_context",
    "internal_view",
    "load_content",
    "public_view",
]

if TYPE_CHECKING:
    from generator.content.load import Loaded, load_content
    from generator.context import Context, build_context
    from generator.context.view import internal_view, public_view
    from generator.errors import BuildError, ContentError, HandoffError, Problem
    from generator.pipeline import BuildResult, build
    from generator.project import Project

#: Where each public name lives; imported on first use, so `handoff --version` stays instant.
_HOMES = {
    "build": "generator.pipeline",
    "BuildResult": "generator.pipeline",
    "Context": "generator.context",
    "build_context": "generator.context",
    "BuildError": "generator.errors",
    "ContentError": "generator.errors",
    "HandoffError": "generator.errors",
    "Problem": "generator.errors",
    "Loaded": "generator.content.load",
    "load_content": "generator.content.load",
    "Project": "generator.project",
    "internal_view": "generator.context.view",
    "public_view": "generator.context.view",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_HOMES[name]), name)
