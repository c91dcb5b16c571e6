"""Canaries: every internal value gets a unique marker that must not reach the site or a send version."""

from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from generator.model import Content
from generator.model.base import is_internal


class Canaries:
    """Unique markers planted in every internal field; none may reach a public or prospect-facing file."""

    def __init__(self) -> None:
        self.issued: list[str] = []

    def text(self) -> str:
        marker = f"CANARY{len(self.issued):03d}X"
        self.issued.append(marker)
        return marker

    def number(self) -> float:
        value = 900000 + len(self.issued) * 7 + 0.5
        self.issued.append(f"{value:g}")
        return value

    def fill(self, annotation: Any, value: Any) -> Any:
        """Replace every string and number below an internal field with canaries."""
        if isinstance(value, BaseModel):
            return value.model_copy(
                update={n: self.fill(f.annotation, getattr(value, n)) for n, f in type(value).model_fields.items()}
            )
        if isinstance(value, list):
            return [self.fill(None, v) for v in value] or [self.text()]
        if isinstance(value, str) and _is_literal(annotation):
            return value  # a choice from a fixed list (a stage, a team): a canary would not validate
        if isinstance(value, str):
            return (
                value
                if value in {"economic_buyer", "champion", "user", "technical_evaluator", "influencer", "blocker"}
                else self.text()
            )
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return self.number()
        if value is None and annotation is not None and str in _flatten(annotation):
            return self.text()
        return value

    def walk(self, value: Any, skip: frozenset[str] = frozenset()) -> Any:
        """Fill internal fields everywhere in the content tree (but the top-level fields in ``skip``)."""
        if isinstance(value, BaseModel):
            update = {}
            for name, info in type(value).model_fields.items():
                if name in skip:
                    continue
                current = getattr(value, name)
                update[name] = self.fill(info.annotation, current) if is_internal(info) else self.walk(current)
            return value.model_copy(update=update)
        if isinstance(value, list):
            return [self.walk(v) for v in value]
        return value


def _is_literal(annotation: Any) -> bool:
    if get_origin(annotation) is Literal:
        return True
    return any(_is_literal(arg) for arg in get_args(annotation) if get_origin(arg) is Literal)


def _flatten(annotation: Any) -> list[Any]:
    args = get_args(annotation)
    return [a for arg in args for a in _flatten(arg)] if args else [annotation]


def plant(content: Content, canaries: Canaries) -> Content:
    """Return ``content`` with canaries in every internal field and in whatever internal stories show.

    Account files keep their real ids and references (a canary would not resolve); the tests
    that build account kits plant canaries in their free text themselves.
    """
    accounts = content.accounts
    content = canaries.walk(content, skip=frozenset({"accounts"}))
    studies = []
    for study in content.case_studies:
        if study.publication == "internal":
            texts = ("title", "customer", "industry", "size", "summary", "challenge", "solution")
            quote = canaries.fill(None, study.quote) if study.quote else None
            study = study.model_copy(update={**{name: canaries.text() for name in texts}, "quote": quote})
        elif study.publication == "anonymized":
            quote = study.quote.model_copy(update={"name": canaries.text()}) if study.quote else None
            study = study.model_copy(update={"customer": canaries.text(), "quote": quote})
        studies.append(study)
    return content.model_copy(update={"case_studies": studies, "accounts": accounts})


def plant_accounts(content: Content, canaries: Canaries) -> Content:
    """Return ``content`` with canaries in the free text of every account file (ids and references stay real)."""
    accounts = [
        account.model_copy(
            update={
                "name": canaries.text(),
                "industry": canaries.text(),
                "size": canaries.text(),
                "region": canaries.text(),
                "notes": canaries.text(),
                "owner": account.owner.model_copy(update={"name": canaries.text(), "title": canaries.text()}),
                "contacts": [c.model_copy(update={"name": canaries.text(), "role": canaries.text()}) for c in account.contacts],
            }
        )
        for account in content.accounts
    ]
    return content.model_copy(update={"accounts": accounts})


def package_text(path: Path) -> str:
    """All the text of an Office file's package: slides, notes, comments, properties, embedded workbooks."""
    texts = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            data = package.read(name)
            if name.endswith((".xlsx", ".xlsm")):
                with zipfile.ZipFile(io.BytesIO(data)) as inner:
                    data = b"".join(inner.read(n) for n in inner.namelist() if n.endswith(".xml"))
            texts.append(data.decode("utf-8", errors="replace"))
    return html.unescape("\n".join(texts))
