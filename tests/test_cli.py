"""The handoff command, driven through click's CliRunner."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator import __version__
from generator.cli import cli

OFFER = "offers/first-offer.yaml"


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_every_command_has_help_text() -> None:
    for name, command in cli.commands.items():
        assert command.help, f"handoff {name} has no help text"
        result = run(name, "--help")
        assert result.exit_code == 0
        assert command.help.splitlines()[0][:60] in result.output


def test_version() -> None:
    assert run("--version").output == f"handoff, version {__version__}\n"


def test_check_success(small_content: Callable[..., Path]) -> None:
    small_content()
    result = run("check")
    assert result.exit_code == 0
    assert result.output == "content: no errors (1 offers, 1 case studies, 0 FAQs, 0 competitors, 1 articles)\n"


def test_check_errors_exit_1_with_lines_and_no_traceback(small_content: Callable[..., Path]) -> None:
    small_content({OFFER: ("amount: 500", 'amount: "free"'), "icp.yaml": ("market: b2b", "market: b2x")})
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr == (
        'content/icp.yaml:3:9: icp.market: expected one of "b2b", "b2c", got "b2x"\n'
        'content/offers/first-offer.yaml:6:11: offers.first-offer.price.amount: expected a number >= 0, got "free"\n'
        "Error: 2 errors\n"
    )
    assert "Traceback" not in result.output


def test_warnings_print_but_exit_0(small_content: Callable[..., Path]) -> None:
    small_content(
        {
            "marketing_plan.yaml": (
                "year: 2027\ntarget_customer: Firms\nprimary_problem: Admin\ndifferentiator: Fast\n"
                "channels:\n  - {name: Email, why: Reach}\n  - {name: Events, why: Trust}\n  - {name: Search, why: Intent}\n"
                "campaigns:\n"
                + "".join(f"  q{i}: [{{name: C{i}, channel: Email}}]\n" for i in range(1, 5))
                + "goals: [{metric: Leads, target: 100, by: Q4 2027}]\n"
                "annual_revenue: 1000000\nmarketing_budget: 300000\ngrowth_stage: established\n"
            )
        }
    )
    result = run("check")
    assert result.exit_code == 0
    assert result.stderr == (
        "content/marketing_plan.yaml:16:19: warning: marketing_plan.marketing_budget: an established business "
        "usually spends 5% to 12% of revenue on marketing; this budget is 30.0%\n"
    )


def test_build_writes_public_and_internal_views(small_content: Callable[..., Path], tmp_path: Path) -> None:
    small_content()
    result = run("build", "--out", "out")
    assert result.exit_code == 0, result.output
    public = json.loads((tmp_path / "out/data/public.json").read_text())
    internal = json.loads((tmp_path / "out/data/internal.json").read_text())
    assert public["offers"][0]["price"] == {
        "amount": 500.0,
        "per": "month",
        "qualifier": None,
        "on_request": False,
        "note": None,
        "label": "$500 per month",
        "amount_label": "$500",
    }
    assert "pricing" not in public["offers"][0]
    assert internal["offers"][0]["pricing"]["floor"] == 400.0
    assert public["case_studies"] == []  # the only case study is internal


def test_failed_build_leaves_previous_output_untouched(small_content: Callable[..., Path], tmp_path: Path) -> None:
    folder = small_content()
    assert run("build", "--out", "out").exit_code == 0
    before = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    (folder / OFFER).write_text((folder / OFFER).read_text().replace("amount: 500", "amount: lots"))
    result = run("build", "--out", "out")
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: 1 error; nothing was written.\n")
    after = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_build_refuses_to_replace_a_folder_it_did_not_write(small_content: Callable[..., Path], tmp_path: Path) -> None:
    small_content()
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "thesis.docx").write_text("years of work")
    result = run("build", "--out", "precious")
    assert result.exit_code == 1
    assert "refusing to replace" in result.stderr and "not written by `handoff build`" in result.stderr
    assert (tmp_path / "precious" / "thesis.docx").read_text() == "years of work"
    result = run("build", "--out", ".")
    assert result.exit_code == 1
    assert "it contains the content folder" in result.stderr


def test_schema_writes_one_schema_per_kind(small_content: Callable[..., Path], tmp_path: Path) -> None:
    small_content()
    result = run("schema")
    assert result.exit_code == 0
    names = sorted(p.name for p in (tmp_path / "content/schemas").iterdir())
    assert names == sorted(
        f"{k}.schema.json"
        for k in (
            "company",
            "icp",
            "positioning",
            "offer",
            "case_study",
            "faqs",
            "comparison",
            "competitor",
            "lead_definition",
            "proposal",
            "marketing_plan",
            "account",
        )
    )


@pytest.mark.parametrize("kind", ["b2b", "b2c"])
def test_new_creates_a_project_that_checks_and_builds(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("new", "mybiz", "--kind", kind)
    assert result.exit_code == 0, result.output
    project = tmp_path / "mybiz"
    for name in (
        "mkdocs.yml",
        ".gitignore",
        "README.md",
        "requirements.txt",
        ".github/workflows/handoff.yml",
        "content/company.yaml",
        "content/schemas/offer.schema.json",
        "site_templates/README.md",
    ):
        assert (project / name).is_file(), name
    assert (project / "requirements.txt").read_text().endswith(f"handoff-kit=={__version__}\n")
    assert f"market: {kind}" in (project / "content/icp.yaml").read_text()
    check = run("check", "--content", "mybiz")
    assert check.exit_code == 0, check.output
    monkeypatch.chdir(project)
    built = run("build")
    assert built.exit_code == 0, built.output
    assert (project / "build/site/index.html").is_file()
    assert (project / "build/enablement/index.html").is_file()
    again = run("new", str(project))
    assert again.exit_code == 1
    assert "already exists and is not empty" in again.stderr


def test_b2b_case_studies_need_industry_and_size_b2c_ones_do_not(small_content: Callable[..., Path]) -> None:
    small_content({"case_studies/first-customer.yaml": [("industry: Professional services\n", ""), ("size: 25 employees\n", "")]})
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        'content/case_studies/first-customer.yaml:3:1: case_studies.first-customer: expected industry (e.g. "HVAC") in a case study of a B2B business, got nothing',
        'content/case_studies/first-customer.yaml:3:1: case_studies.first-customer: expected size (e.g. "38 technicians") in a case study of a B2B business, got nothing',
    ]


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "generator", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout == f"handoff, version {__version__}\n"


def test_check_rejects_the_projects_own_outline_and_proposal_template_first(
    small_content: Callable[..., Path], tmp_path: Path
) -> None:
    from docx import Document

    from generator.resources import COLLATERAL_TEMPLATES, package_dir

    small_content()
    (tmp_path / "enablement").mkdir()
    (tmp_path / "enablement/decks.yaml").write_text("decks:\n  - id: x\n    title: X\n    for_each: offr\n    slides: [title]\n")
    template = Document(str(package_dir(*COLLATERAL_TEMPLATES) / "proposal.docx"))
    template.paragraphs[-1].add_run(" {{ account.name | }} {{ acount.name }}")
    template.save(str(tmp_path / "enablement/proposal.docx"))
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'enablement/decks.yaml:4:15: outlines.decks.x.for_each: expected one of "company", "offer", "competitor", got "offr"',
        'enablement/proposal.docx:1:1: expected Jinja tags Word can keep, got a broken tag at "{{ account.name | }}": '
        "expected token 'name', got 'end of print statement'",
        "Error: 2 errors",
    ]
    template.paragraphs[-1].runs[-1].text = " {{ acount.name }}"
    template.save(str(tmp_path / "enablement/proposal.docx"))
    (tmp_path / "enablement/decks.yaml").unlink()
    result = run("check")
    assert result.stderr.splitlines()[0].startswith(
        'enablement/proposal.docx:1:1: expected names a proposal provides, got "acount"; valid names: acceptance, account,'
    )
    assert run("build").exit_code == 1
    assert not (tmp_path / "build").exists()
