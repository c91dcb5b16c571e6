"""pages/<id>.md: the marketer's own pages (About, Privacy, Terms...), Markdown with front matter."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from generator.model.base import MARKDOWN, Id, Model, Text, Title


class SitePage(Model):
    id: Id = Field(description="The file name without .md; also the page's address: pages/about.md is /about/.")
    title: Title
    description: Text = Field(description="One or two sentences for search engines and link previews.")
    nav: Literal["header", "footer", "none"] = Field(
        "footer",
        description="Where the page is linked: header (a tab beside the sections), footer (beside the legal "
        "links) or none (reached only by links you write).",
    )
    nav_label: Title | None = Field(None, description="A shorter name for the link, e.g. About. Without it, the title.")
    order: int = Field(0, description="Sort order among the pages linked in the same place, smallest first.")
    # Not stripped: reference errors count lines and columns from the body's first character.
    body: Annotated[str, StringConstraints(strip_whitespace=False)] = Field(
        "",
        description="Markdown: the text after the front matter (filled by the loader).",
        json_schema_extra={MARKDOWN: True},
    )
