"""Loading valid content: the default business, the B2C fixture, and what the loader fills in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from support import DEFAULT_CONTENT, FIXTURES

from generator.content.load import load_content


def test_default_content_loads_without_errors_or_warnings() -> None:
    loaded = load_content(DEFAULT_CONTENT)
    c = loaded.content
    assert loaded.warnings == []
    assert c.icp.market == "b2b"
    assert len(c.offers) == 3 and sum(o.roi is not None for o in c.offers) >= 2
    assert len(c.icp.personas) == 3 and len(c.positioning.value_pillars) == 3
    assert len(c.case_studies) >= 4
    assert {s.publication for s in c.case_studies} == {"public", "anonymized", "internal"}
    assert c.faqs is not None and len(c.faqs.faqs) >= 12
    assert {f.stage for f in c.faqs.faqs} == {"cold", "warm", "qualified"}
    assert sum(f.objection for f in c.faqs.faqs) >= 4
    assert len(c.competitors) == 2
    assert any(a.kind == "do_nothing" for a in c.positioning.alternatives)
    assert c.lead_definition is not None and c.marketing_plan is not None
    assert len(c.articles) >= 4 and all("{{" in a.body for a in c.articles)


def test_b2c_content_without_roi_or_competitors_loads() -> None:
    c = load_content(FIXTURES / "b2c_minimal").content
    assert c.icp.market == "b2c"
    assert all(o.roi is None for o in c.offers)
    assert c.competitors == [] and c.comparison is None and c.lead_definition is None


def test_ids_come_from_file_names(small_content: Callable[..., Path]) -> None:
    c = load_content(small_content()).content
    assert [o.id for o in c.offers] == ["first-offer"]
    assert [a.id for a in c.articles] == ["welcome"]


def test_yaml_1_1_booleans_stay_text_in_content(small_content: Callable[..., Path]) -> None:
    folder = small_content({"icp.yaml": ("regions: [United States]", "regions: [NO, ON, yes]")})
    firmographics = load_content(folder).content.icp.firmographics
    assert firmographics is not None and firmographics.regions == ["NO", "ON", "yes"]


def test_article_body_keeps_its_markdown(small_content: Callable[..., Path]) -> None:
    (article,) = load_content(small_content()).content.articles
    assert article.body.startswith("\nWrite Markdown here.")
