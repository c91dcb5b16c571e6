"""The `handoff` command: thin wrappers that call the library and report its errors."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import click

from generator import __version__
from generator.errors import BuildError, ContentError, Problem, Severity

CONTENT_OPTION = click.option(
    "--content",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("content"),
    show_default=True,
    help="The content folder to read.",
)


def _report(problems: Iterable[Problem]) -> tuple[int, int]:
    errors = warnings = 0
    for problem in problems:
        click.echo(str(problem), err=True)
        if problem.severity is Severity.ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def _summary(errors: int, warnings: int) -> str:
    parts = [f"{errors} error{'s' * (errors != 1)}"]
    if warnings:
        parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
    return ", ".join(parts)


def _fail(e: ContentError) -> None:
    errors, warnings = _report(e.problems)
    raise click.ClickException(f"{_summary(errors, warnings)}; nothing was written.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handoff")
def cli() -> None:
    """Build a marketing site and sales collateral from one content folder."""


@cli.command()
@CONTENT_OPTION
def check(content: Path) -> None:
    """Validate the content folder and print every error and warning."""
    from generator.load import load_content

    try:
        loaded = load_content(content)
    except ContentError as e:
        errors, warnings = _report(e.problems)
        raise click.ClickException(_summary(errors, warnings)) from None
    _, warnings = _report(loaded.warnings)
    c = loaded.content
    click.echo(
        f"{content}: no errors{f', {warnings} warning(s)' if warnings else ''} "
        f"({len(c.offers)} offers, {len(c.case_studies)} case studies, "
        f"{len(c.faqs.faqs) if c.faqs else 0} FAQs, {len(c.competitors)} competitors, "
        f"{len(c.articles)} articles)"
    )


@cli.command()
@CONTENT_OPTION
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build"),
    show_default=True,
    help="The output folder; replaced as a whole only when the build succeeds.",
)
@click.option(
    "--pages-only",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Only write the site's pages as Markdown with front matter into this folder, for any site engine.",
)
@click.option(
    "-f",
    "--config-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The MkDocs configuration of the public site.",
)
def build(content: Path, out: Path, pages_only: Path | None, config_file: Path) -> None:
    """Validate the content, then build every output into the output folder."""
    from generator.build import build as run_build

    if pages_only is not None:
        from generator.load import load_content
        from generator.site.build import write_pages

        try:
            templates = config_file.resolve().parent / "site_templates"
            written = write_pages(load_content(content), pages_only, templates)
        except ContentError as e:
            _fail(e)
            return
        except BuildError as e:
            raise click.ClickException(str(e)) from None
        click.echo(f"Wrote {len(written)} pages to {pages_only}/")
        return
    try:
        loaded = run_build(content, out, config_file)
    except ContentError as e:
        _fail(e)
        return
    except BuildError as e:
        raise click.ClickException(str(e)) from None
    _report(loaded.warnings)
    click.echo(f"Built {out}/ from {content}/")


@cli.command()
@CONTENT_OPTION
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where to write the schemas [default: CONTENT/schemas].",
)
def schema(content: Path, out: Path | None) -> None:
    """Write a JSON Schema for each kind of content file, for editor completion."""
    from generator.schema import write_schemas

    for path in write_schemas(out or content / "schemas"):
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
def new(folder: Path) -> None:
    """Start a new content folder FOLDER from a small, commented template."""
    if folder.exists() and any(folder.iterdir()):
        raise click.ClickException(f"{folder} already exists and is not empty; choose a new folder.")
    template = resources.files("generator") / "templates" / "new"
    with resources.as_file(template) as source:
        shutil.copytree(source, folder, dirs_exist_ok=True)
    from generator.schema import write_schemas

    write_schemas(folder / "schemas")
    click.echo(f"Created {folder}/. Edit the YAML files, then run: handoff check --content {folder}")


def main() -> None:
    cli(prog_name="handoff")
