"""The public view leaves out everything internal; article references resolve against it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from support import DEFAULT_CONTENT

from generator.content.load import load_content
from generator.context.view import internal_view, public_view
from generator.model.base import is_internal

CANARIES = {
    "company.yaml": ("- Plain words, short sentences. Say what changes for the customer.", "- CANARY-TONE"),
    "icp.yaml": [
        ("We tried software before and nobody used it", "CANARY-OBJECTION"),
        ("- Fewer than five employees", "- CANARY-DISQUALIFIER"),
    ],
    "offers/first-offer.yaml": [
        ("floor: 400", "floor: 987654\n  approval: CANARY-APPROVAL"),
        ("  max_discount_percent: 10", "  max_discount_percent: 10\n  discount_rules: [CANARY-DISCOUNT]"),
    ],
    "case_studies/first-customer.yaml": ("customer: Customer Name", "customer: CANARY-INTERNAL-CUSTOMER"),
}


def _public_json(folder: Path) -> str:
    return json.dumps(public_view(load_content(folder).content))


def test_canaries_in_internal_fields_never_reach_the_public_view(small_content: Callable[..., Path]) -> None:
    folder = small_content(CANARIES)
    public = _public_json(folder)
    for canary in (
        "CANARY-TONE",
        "CANARY-OBJECTION",
        "CANARY-DISQUALIFIER",
        "987654",
        "CANARY-APPROVAL",
        "CANARY-DISCOUNT",
        "CANARY-INTERNAL-CUSTOMER",
    ):
        assert canary not in public
    internal = json.dumps(internal_view(load_content(folder).content))
    assert "CANARY-TONE" in internal and "987654" in internal


def test_anonymized_case_study_hides_the_customer_and_quoted_person(small_content: Callable[..., Path]) -> None:
    folder = small_content(
        {
            "case_studies/first-customer.yaml": [
                ("publication: internal", "publication: anonymized\nanonymized_as: A 25-person accounting firm"),
                (
                    "customer: Customer Name",
                    "customer: Hidden & Co\nquote:\n  text: It works.\n  name: Pat Secret\n  role: Partner",
                ),
            ]
        }
    )
    view = public_view(load_content(folder).content)
    (study,) = view["case_studies"]
    assert study["customer"] == "A 25-person accounting firm"
    assert study["quote"] == {"text": "It works.", "role": "Partner"}
    assert "anonymized_as" not in study
    assert "Hidden & Co" not in json.dumps(view) and "Pat Secret" not in json.dumps(view)


def test_article_references_are_resolved_with_formatted_values(small_content: Callable[..., Path]) -> None:
    view = public_view(load_content(small_content()).content)
    (article,) = view["articles"]
    assert "Your first offer costs\n$500 per month." in article["body"]
    assert view["offers"][0]["roi"]["outputs"][0]["example_label"] == "$14,400"


def _strings(value: Any, internal: bool, inside: bool = False) -> Iterator[str]:
    """Yield every string held in the internal (or the public) fields of a model tree."""
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _strings(getattr(value, name), internal, inside or is_internal(info))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item, internal, inside)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item, internal, inside)
    elif inside == internal and isinstance(value, str):
        yield value


def _internal_strings(value: Any) -> Iterator[str]:
    return _strings(value, internal=True)


def test_default_content_public_view_holds_no_internal_text() -> None:
    loaded = load_content(DEFAULT_CONTENT)
    public = json.dumps(public_view(loaded.content), ensure_ascii=False)
    # An account may name a persona's public pain or an offer's industry: those words are public.
    said_in_public = set(_strings(loaded.content, internal=False))
    secrets = [s for s in _internal_strings(loaded.content) if len(s) >= 12 and s not in said_in_public]
    for study in loaded.content.case_studies:
        if study.publication == "internal":
            secrets += [study.customer, study.title, study.summary]
        if study.publication == "anonymized":
            secrets.append(study.customer)
            if study.quote:
                secrets.append(study.quote.name)
    assert len(secrets) > 50
    assert [s for s in secrets if s in public] == []


def test_lookup_by_id_finds_what_a_scan_finds() -> None:
    """Indexed lookups return the first item with the id, as a scan of the list would, and the same errors."""
    import pytest

    from generator.context.view import IdIndex, lookup

    view: dict[str, Any] = {
        "offers": [
            {"id": "a", "price": {"label": "$1"}},
            {"id": "b", "price": {"label": "$2"}},
            {"id": "a", "price": {"label": "second a"}},
            {"name": "no id"},
            {"id": 7, "price": {"label": "not a str id"}},
        ]
    }
    ids = IdIndex()
    assert lookup(view, "offers.a.price.label", ids) == "$1"
    assert lookup(view, "offers.b.price.label", ids) == lookup(view, "offers.b.price.label") == "$2"
    for missing in ("offers.c.price.label", "offers.7.price.label"):
        with pytest.raises(LookupError) as indexed:
            lookup(view, missing, ids)
        with pytest.raises(LookupError) as fresh:
            lookup(view, missing)
        assert str(indexed.value) == str(fresh.value) and "a, b, a, 7" in str(fresh.value)


def test_a_build_context_reuses_the_views_the_check_made(monkeypatch: Any) -> None:
    """Loading checks the content with both views; the build's context takes those, not new ones."""
    from generator.context import build_context
    from generator.context import view as view_module

    made: list[bool] = []
    original = view_module._view

    def counting(content: Any, public: bool, plans: Any, texts: Any = None) -> dict[str, Any]:
        made.append(public)
        return original(content, public, plans, texts)

    monkeypatch.setattr(view_module, "_view", counting)
    loaded = load_content(DEFAULT_CONTENT)
    context = build_context(loaded)
    assert sorted(made) == [False, True]
    assert context.public == public_view(loaded.content) and context.internal == internal_view(loaded.content)


def test_both_views_share_one_string_per_article_body() -> None:
    """The public and internal views hold every article; one resolved body serves both (memory at scale)."""
    from generator.context import build_context

    context = build_context(load_content(DEFAULT_CONTENT))
    pairs = list(zip(context.public["articles"], context.internal["articles"], strict=True))
    same = [(p["body"], i["body"]) for p, i in pairs if p["body"] == i["body"]]
    assert len(same) >= 3  # a story anonymized in public reads differently inside
    assert all(public is internal for public, internal in same)
