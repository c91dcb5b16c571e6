"""What any site engine needs besides the pages, declared once.

The MkDocs plugin applies these settings to the engine's configuration; `handoff pages`
writes them into a plain mkdocs.yml beside the pages, so engines that ignore MkDocs plugins
(Zensical, Material's successor, reads mkdocs.yml) build the same site.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.context import Context
from generator.outputs.site.media import Media, sanitise_svg
from generator.outputs.site.pages import Page, site_nav
from generator.outputs.site.theme import brand_css
from generator.outputs.site.webfonts import font_files
from generator.resources import SITE_DOCS, package_dir

#: Markdown extensions the page templates rely on, with their settings.
MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "abbr": {},
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "tables": {},
    # Headings keep their ids (links to sections work) without a ¶ permalink beside each:
    # a marketing site, not documentation.
    "toc": {"permalink": False},
    "pymdownx.details": {},
    "pymdownx.superfences": {},
}
#: Material features the layout relies on. Not content.tooltips: it renders title
#: attributes as HTML, and the logo's title is the company name from content.
THEME_FEATURES = ["navigation.tabs", "navigation.top", "search.suggest", "search.highlight"]
#: Static files shipped in the package, relative to the site root.
STATIC_FILES = ("assets/handoff/handoff.css", "assets/handoff/handoff.js")
BRAND_CSS = "assets/handoff/brand.css"


def logo_path(context: Context) -> tuple[Path, str] | None:
    """Return the logo file and where it goes in the site, when the brand has one."""
    logo = context.public["company"]["brand"].get("logo")
    if not logo:
        return None
    source = context.folder.resolve() / logo
    return source, "assets/handoff/logo" + source.suffix.lower()


#: Widest the header logo needs to be: about 40 px high on screen, sharp on high-density screens.
LOGO_WIDTH = 1200


def logo_bytes(source: Path) -> bytes:
    """Return the logo as published: an SVG cleaned of anything that could run; a PNG or JPEG
    re-encoded in its own format (it is the favicon too, which every browser reads in these),
    at most `LOGO_WIDTH` wide and without metadata, the same bytes every build."""
    data = source.read_bytes()
    if source.suffix.lower() == ".svg":
        return sanitise_svg(data, source.name)[0]
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as opened:
        image = opened.copy()
    if image.width > LOGO_WIDTH:
        image = image.resize((LOGO_WIDTH, max(1, round(image.height * LOGO_WIDTH / image.width))), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if source.suffix.lower() == ".png":
        image.save(out, "PNG", optimize=True)
    else:
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()


def standalone_config(context: Context, pages: list[Page]) -> dict[str, Any]:
    """Return a plugin-free mkdocs.yml (as data) for the pages written by `handoff pages`."""
    company = context.public["company"]
    nav = site_nav(pages)
    in_nav = {path for entry in nav for path in entry.values()}
    theme: dict[str, Any] = {
        "name": "material",
        "features": THEME_FEATURES,
        "font": False,
        "palette": {"primary": "custom", "accent": "custom"},
    }
    logo = logo_path(context)
    if logo is not None:
        theme["logo"] = theme["favicon"] = logo[1]
    return {
        "site_name": company["name"],
        "site_description": company["description"],
        "site_url": company["website"],
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": theme,
        "nav": nav,
        "not_in_nav": "\n".join(f"/{p.path}" for p in pages if p.path not in in_nav),
        "markdown_extensions": [{name: settings} if settings else name for name, settings in MARKDOWN_EXTENSIONS.items()],
        "extra_css": [BRAND_CSS, *(p for p in STATIC_FILES if p.endswith(".css"))],
        "extra_javascript": [p for p in STATIC_FILES if p.endswith(".js")],
        "plugins": ["search"],
    }


def write_standalone(context: Context, pages: list[Page], target: Path, media: Media | None = None) -> list[Path]:
    """Write the pages, static files and a plugin-free mkdocs.yml under ``target``; return the files."""
    docs = target / "docs"
    written = []

    def write(path: Path, data: str | bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        written.append(path)

    for page in pages:
        write(docs / page.path, page.source())
    for static in STATIC_FILES:
        write(docs / static, (package_dir(*SITE_DOCS) / static).read_bytes())
    write(docs / BRAND_CSS, brand_css(context.public["company"]["brand"]))
    logo = logo_path(context)
    if logo is not None:
        write(docs / logo[1], logo_bytes(logo[0]))
    for image in media.files() if media is not None else []:
        write(docs / image.path, image.data)
    brand = context.public["company"]["brand"]
    for source, path in font_files([brand["heading_font"], brand["body_font"]]):
        write(docs / path, source.read_bytes())
    # JSON is YAML, and no engine-specific tags are needed.
    write(target / "mkdocs.yml", json.dumps(standalone_config(context, pages), indent=2, ensure_ascii=False) + "\n")
    return written
