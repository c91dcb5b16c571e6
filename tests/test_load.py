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


def test_a_load_that_keeps_parsed_files_reads_only_changed_ones_and_loads_the_same(tmp_path: Path) -> None:
    import shutil

    import pytest

    from generator.content.load import Parsed
    from generator.errors import ContentError

    folder = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT, folder)
    parsed = Parsed()
    assert load_content(folder, parsed).content == load_content(folder).content
    kept = dict(parsed.files)
    offer = folder / "offers/dispatch.yaml"
    offer.write_text(offer.read_text().replace("amount: 69", "amount: 74"))
    again = load_content(folder, parsed)
    assert again.content == load_content(folder).content
    assert next(o for o in again.content.offers if o.id == "dispatch").price.amount == 74
    # Only the saved file was parsed again; every other one is the parse kept from before.
    assert [path.name for path in parsed.files if parsed.files[path] is not kept[path]] == ["dispatch.yaml"]
    # A file's id is checked against its name on every load, not just the one that parsed it.
    article = folder / "articles/two-hour-arrival-windows.md"
    article.write_text(article.read_text().replace("---\n", "---\nid: elsewhere\n", 1))
    for _ in range(2):
        with pytest.raises(ContentError) as raised:
            load_content(folder, parsed)
        assert ['expected the file name "two-hour-arrival-windows"' in p.message for p in raised.value.problems] == [True]
