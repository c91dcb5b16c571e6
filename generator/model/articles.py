"""articles/<id>.md: Markdown articles whose front matter is checked like any content file."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, StringConstraints

from generator.model.base import MARKDOWN, Id, Model, Stage, Text, Title


class Article(Model):
    id: Id = Field(description="The file name without .md; also the page slug.")
    title: Title
    date: dt.date = Field(description="Publication date, YYYY-MM-DD.")
    author: Text
    summary: Text = Field(description="One or two sentences for cards, feeds and meta tags.")
    stage: Stage = Field(description="Funnel stage the article serves: cold, warm or qualified.")
    pillars: list[Id] = Field(default=[], description="Ids of the value pillars it supports.")
    tags: list[Text] = Field(default=[])
    draft: bool = Field(False, description="true keeps the article off the site.")
    # Not stripped: reference errors count lines and columns from the body's first character.
    body: Annotated[str, StringConstraints(strip_whitespace=False)] = Field(
        "",
        description="Markdown: the text after the front matter (filled by the loader).",
        json_schema_extra={MARKDOWN: True},
    )
