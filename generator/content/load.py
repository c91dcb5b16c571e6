"""Load a content folder: read every file, validate it against the model, cross-check it.

`load_content` gathers every problem in the whole folder before giving up, so a marketer
sees all of them at once, each as ``file:line:column: field.path: expected ..., got ...``.
Which files a content folder holds is declared once, in `generator.content.kinds`.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.content.check import check_content_views
from generator.content.kinds import KINDS, OTHER_FOLDERS
from generator.content.messages import validation_problems
from generator.content.parsecache import ParseCache
from generator.content.positions import Positions
from generator.content.source import Loc, Mark, Source, SourceError, parse_markdown, parse_yaml, read_text
from generator.context.view import Views
from generator.errors import ContentError, Problem, Severity, shown_path
from generator.model import Content

__all__ = ["Loaded", "Positions", "load_content", "validation_problems"]


@dataclass
class Loaded:
    """Validated content, the warnings found on the way, and where everything came from."""

    content: Content
    warnings: list[Problem]
    positions: Positions
    folder: Path
    #: The plans and views the check made of ``content``, kept for the build (see `build_context`).
    views: Views | None = dataclasses.field(default=None, repr=False, compare=False)


class Parsed:
    """Files parsed by earlier loads, kept by the preview so that a save re-reads only the
    files it changed (a file whose size and modification time are unchanged is not read).

    Parsing is a third of a load; validating and checking, the rest, always see the whole folder.
    """

    def __init__(self) -> None:
        self.files: dict[Path, tuple[tuple[int, int], Source]] = {}

    def get(self, path: Path) -> Source | None:
        stamp, source = self.files.get(path, ((-1, -1), None))
        return _fresh(source) if source is not None and stamp == _stamp(path) else None

    def keep(self, path: Path, stamp: tuple[int, int], source: Source) -> None:
        self.files[path] = (stamp, _fresh(source))


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-2, -2)
    return (stat.st_size, stat.st_mtime_ns)


def _fresh(source: Source) -> Source:
    """Return a copy of a parsed file that loading may change: the load sets a file's id and its
    mark (see `_set_id_from_file_name`); nothing changes the values below the top level."""
    value = dict(source.value) if isinstance(source.value, dict) else source.value
    return dataclasses.replace(source, value=value, marks=dict(source.marks), key_marks=dict(source.key_marks))


def load_content(folder: Path, parsed: Parsed | None = None) -> Loaded:
    """Read, validate and cross-check a content folder; raise `ContentError` listing every error.

    ``parsed`` keeps parsed files from one load to the next (the preview's).
    """
    folder = Path(folder)
    problems: list[Problem] = []
    positions, failed = _read_folder(folder, problems, parsed)
    content: Content | None = None
    try:
        content = Content.model_validate(positions.root)
    except ValidationError as e:
        problems += validation_problems(e, positions, failed)
    if content is None:
        raise ContentError(problems or [Problem("content", 1, 1, "", "content could not be read")])
    checked, views = check_content_views(content, positions, folder)
    problems += checked
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise ContentError(problems)
    return Loaded(content, sorted(problems), positions, folder, views)


def _read_folder(folder: Path, problems: list[Problem], parsed: Parsed | None = None) -> tuple[Positions, set[Loc]]:
    """Parse every content file into one root mapping; return it with the locs that failed."""
    positions = Positions(folder=shown_path(folder))
    failed: set[Loc] = set()
    if not folder.is_dir():
        problems.append(Problem(str(folder), 1, 1, "", "expected a content folder, got nothing there"))
        return positions, failed
    # The preview keeps its own parses in memory; a build or a check finds them on disk.
    kept: Parsed | ParseCache = parsed if parsed is not None else ParseCache(folder)

    # Single files first, then folders, as the README lists them.
    known = [*(k.path for k in KINDS if not k.many), *(k.path for k in KINDS if k.many), *OTHER_FOLDERS]
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith(".") or name in known:
            continue
        if path.suffix in {".yaml", ".yml"} or path.is_dir():
            hint = difflib.get_close_matches(name, known, n=1)
            problems.append(
                Problem(
                    shown_path(path),
                    1,
                    1,
                    "",
                    f'expected one of the content files {", ".join(known)}, got "{name}"'
                    + (f' (did you mean "{hint[0]}"?)' if hint else ""),
                )
            )

    for kind in KINDS:
        if not kind.many:
            path = folder / kind.path
            if path.exists():
                source = _parse_file(path, kind.field, problems, folder, kept)
                if source is None:
                    failed.add((kind.field,))
                else:
                    positions.root[kind.field] = source.value
                    positions.add((kind.field,), source)
            continue
        items: list[Any] = []
        positions.root[kind.field] = items
        directory = folder / kind.path
        if not directory.is_dir():
            continue
        if _escapes(directory, folder):
            problems.append(
                Problem(
                    shown_path(directory),
                    1,
                    1,
                    "",
                    "expected a folder inside the content folder, got a link to a folder outside it",
                )
            )
            continue
        for path in sorted(directory.iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix != kind.suffix:
                problems.append(
                    Problem(
                        shown_path(path),
                        1,
                        1,
                        "",
                        f'expected a "{kind.suffix}" file in {kind.path}/, got "{path.name}"',
                    )
                )
                continue
            loc: Loc = (kind.field, len(items))
            source = _parse_file(path, f"{kind.field}.{path.stem}", problems, folder, kept)
            if source is None:
                continue  # left out of the list; its parse problem is reported
            if isinstance(source.value, dict):
                _set_id_from_file_name(source, path.stem, problems)
            items.append(source.value)
            positions.add(loc, source)
    if isinstance(kept, ParseCache):
        kept.save()
    return positions, failed


def _escapes(path: Path, root: Path) -> bool:
    """True for a symbolic link that leads outside the content folder."""
    return path.is_symlink() and not path.resolve().is_relative_to(root.resolve())


def _parse_file(path: Path, prefix: str, problems: list[Problem], root: Path, parsed: Parsed | ParseCache) -> Source | None:
    rel = shown_path(path)
    if _escapes(path, root) or _escapes(path.parent, root):
        # Named by the link, never by its target: nothing outside the content folder is read or shown.
        problems.append(Problem(rel, 1, 1, "", "expected a file inside the content folder, got a link to a file outside it"))
        return None
    if isinstance(parsed, ParseCache):
        return _parse_text(path, prefix, problems, rel, parsed)
    stamp = _stamp(path)
    source = parsed.get(path)
    if source is None or source.file != rel:
        source = _parse_text(path, prefix, problems, rel)
        if source is not None:
            parsed.keep(path, stamp, source)
    return source


def _parse_text(path: Path, prefix: str, problems: list[Problem], rel: str, cache: ParseCache | None = None) -> Source | None:
    try:
        text = read_text(path, rel)
        key = cache.key(f"{rel}|{path.suffix}", text) if cache is not None else ""
        if cache is not None and (source := cache.get(key)) is not None:
            return source
        if path.suffix == ".md":
            source, body, body_line = parse_markdown(text, rel)
            if isinstance(source.value, dict):
                if "body" in source.value:
                    raise SourceError(_front_matter_body(source))
                source.value["body"] = body
                source.marks[("body",)] = Mark(rel, body_line, 1)
        else:
            source = parse_yaml(text, rel)
    except SourceError as e:
        problem = e.problem
        if problem.path:
            problem = dataclasses.replace(problem, path=f"{prefix}.{problem.path}")
        problems.append(problem)
        return None
    if source.value is None:
        problems.append(Problem(rel, 1, 1, "", "expected a mapping of fields, got an empty file"))
        return None
    if cache is not None:
        cache.put(key, source)
    return source


def _front_matter_body(source: Source) -> Problem:
    mark = source.key_marks[("body",)]
    return Problem(
        mark.file, mark.line, mark.column, "body", "expected the article text below the front matter, got a body field"
    )


def _set_id_from_file_name(source: Source, stem: str, problems: list[Problem]) -> None:
    value = source.value
    given = value.get("id")
    if given is not None and given != stem:
        mark = source.marks[("id",)]
        problems.append(
            Problem(
                mark.file,
                mark.line,
                mark.column,
                "id",
                f'expected the file name "{stem}" (or no id at all), got {json.dumps(given)}',
            )
        )
    value["id"] = stem
    source.marks.setdefault(("id",), Mark(source.file, 1, 1))
