"""Shared building blocks of the content model: the base class, id and colour types,
and the marker that makes a field internal."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

#: Put in a field's ``json_schema_extra`` to keep it off the public site.
INTERNAL = "x-handoff-internal"

#: Patterns the error reporter can explain in words instead of showing a regex.
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}$"
#: URLs end up in href attributes and inline scripts: characters RFC 3986 never allows in a
#: URL (quotes, angle brackets, backslash, braces, spaces...) are refused, not escaped.
URL_PATTERN = r"^(https?://[^\s\"'<>\\^`{|}]+|/[^\s\"'<>\\^`{|}]*|mailto:[^\s\"'<>\\^`{|}]+|tel:[^\s\"'<>\\^`{|}]+)$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
FONT_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 -]{0,62}$"
PATTERN_WORDS = {
    ID_PATTERN: "an id (lowercase letters, digits, '-' and '_', starting with a letter or digit)",
    NAME_PATTERN: "a name (lowercase letters, digits and '_', starting with a letter)",
    COLOUR_PATTERN: "a colour as #RRGGBB",
    URL_PATTERN: "a URL starting with https://, http://, /, mailto: or tel:, with no spaces, quotes or angle brackets",
    EMAIL_PATTERN: "an email address",
    CURRENCY_PATTERN: "a three-letter ISO 4217 currency code such as USD",
    FONT_PATTERN: "a font family name such as Open Sans (letters, digits, spaces and hyphens; at most 64 characters)",
}

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
#: Names usable inside ROI expressions, so they must be valid identifiers.
Name = Annotated[str, StringConstraints(pattern=NAME_PATTERN, max_length=64)]
Colour = Annotated[str, StringConstraints(pattern=COLOUR_PATTERN)]
FontFamily = Annotated[str, StringConstraints(pattern=FONT_PATTERN)]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN)]
Email = Annotated[str, StringConstraints(pattern=EMAIL_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
#: Names and titles: they become slide titles and document properties, which PowerPoint and
#: Word cap at 255 characters; a reader gives up long before.
Title = Annotated[str, StringConstraints(min_length=1, max_length=120, strip_whitespace=True)]

Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
NonNegative = Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)]
Positive = Annotated[float, Field(strict=True, gt=0, allow_inf_nan=False)]
Stage = Literal["cold", "warm", "qualified"]
NumberFormat = Literal["currency", "percent", "number"]


class Model(BaseModel):
    """Base of every content model: unknown keys are errors and values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def internal(description: str, **kwargs: Any) -> Any:
    """Return a `Field` that only internal outputs (collateral, enablement) may show."""
    return Field(
        description=f"Internal: {description}",
        json_schema_extra={INTERNAL: True},
        **kwargs,
    )


#: Put in a field's ``json_schema_extra`` for text that is Markdown; every other text is plain.
MARKDOWN = "x-handoff-markdown"


def markdown(description: str, **kwargs: Any) -> Any:
    """Return a `Field` whose text is Markdown: rendered, sanitised, and may link with ``page:``."""
    return Field(description=f"Markdown: {description}", json_schema_extra={MARKDOWN: True}, **kwargs)


def is_markdown(field_info: Any) -> bool:
    extra = field_info.json_schema_extra
    return isinstance(extra, dict) and bool(extra.get(MARKDOWN))


def is_internal(field_info: Any) -> bool:
    extra = field_info.json_schema_extra
    return isinstance(extra, dict) and bool(extra.get(INTERNAL))
