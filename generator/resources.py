"""Files that ship inside the package: page templates, theme overrides, deck outlines.

They are found through `importlib.resources`, never through a path relative to a source
checkout, so an installed Handoff works in any folder. A project's own `site_templates/`
and `enablement/` folders layer on top of these, file by file.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def package_dir(*parts: str) -> Path:
    """Return a folder shipped inside the `generator` package as a real path.

    Handoff is installed as plain files (a wheel unpacked into site-packages, or an editable
    install), so the traversable is a `Path`; MkDocs and Jinja need real folders anyway.
    """
    traversable = resources.files("generator").joinpath(*parts)
    path = Path(str(traversable))
    if not path.exists():
        raise FileNotFoundError(f"Handoff's package data is missing {'/'.join(parts)}; reinstall handoff-kit")
    return path


#: Page templates (Jinja, Markdown out).
PAGE_TEMPLATES = ("outputs", "site", "templates", "pages")
#: Material theme overrides (custom_dir).
THEME_OVERRIDES = ("outputs", "site", "templates", "overrides")
#: Static files of the site (docs_dir): CSS and JavaScript.
SITE_DOCS = ("outputs", "site", "templates", "docs")
#: The built-in MkDocs configuration used when a project has no mkdocs.yml.
DEFAULT_MKDOCS = ("outputs", "site", "templates", "mkdocs.yml")
#: Deck outlines and the enablement page template.
COLLATERAL_TEMPLATES = ("outputs", "collateral", "templates")
#: The enablement portal's page templates (Jinja, Markdown out) and theme overrides.
PORTAL_TEMPLATES = ("outputs", "portal", "templates")
PORTAL_THEME = ("outputs", "portal", "theme")
#: What `handoff new` copies, one folder per kind of business.
NEW_PROJECT = ("templates", "new")
