"""Load a content folder: read every file, validate it against the model, cross-check it.

`load_content` gathers every problem in the whole folder before giving up, so a marketer
sees all of them at once, each as ``file:line:column: field.path: expected ..., got ...``.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt, MaxLen, MinLen
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from generator.errors import ContentError, Problem, Severity
from generator.model import Content
from generator.model.base import PATTERN_WORDS
from generator.source import Loc, Mark, Source, SourceError, dotted, parse_markdown, parse_yaml, read_text

#: Single files: file name -> field of `Content`.
SINGLE_FILES = {
    "company.yaml": "company",
    "icp.yaml": "icp",
    "positioning.yaml": "positioning",
    "faqs.yaml": "faqs",
    "comparison.yaml": "comparison",
    "lead_definition.yaml": "lead_definition",
    "marketing_plan.yaml": "marketing_plan",
}
#: Folders of one file per item: folder -> (field of `Content`, file suffix).
COLLECTIONS = {
    "offers": ("offers", ".yaml"),
    "case_studies": ("case_studies", ".yaml"),
    "competitors": ("competitors", ".yaml"),
    "articles": ("articles", ".md"),
}
#: Folders that hold no content files: assets are copied as needed, schemas are generated.
OTHER_FOLDERS = ("assets", "schemas")


@dataclass
class Positions:
    """Where every value of the assembled content came from, to pin problems to a place."""

    root: dict[str, Any] = field(default_factory=dict)
    marks: dict[Loc, Mark] = field(default_factory=dict)
    key_marks: dict[Loc, Mark] = field(default_factory=dict)
    files: dict[Loc, str] = field(default_factory=dict)
    #: How the content folder is named in messages.
    folder: str = "content"

    def add(self, loc: Loc, source: Source) -> None:
        self.files[loc] = source.file
        for sub, mark in source.marks.items():
            self.marks[(*loc, *sub)] = mark
        for sub, mark in source.key_marks.items():
            self.key_marks[(*loc, *sub)] = mark

    def mark(self, loc: Loc) -> Mark:
        """Return the mark of the value at ``loc``, or of its nearest ancestor that has one."""
        for end in range(len(loc), -1, -1):
            mark = self.marks.get(loc[:end])
            if mark is not None:
                return mark
            if loc[:end] in self.files:
                return Mark(self.files[loc[:end]], 1, 1)
        return Mark("content", 1, 1)

    def path(self, loc: Loc) -> str:
        """Return the field path of ``loc`` with list items named by id where they have one."""
        parts: list[str | int] = []
        node: Any = self.root
        for part in loc:
            item = node[part] if _has(node, part) else None
            if isinstance(part, int) and isinstance(item, dict) and isinstance(item.get("id"), str):
                parts.append(item["id"])
            else:
                parts.append(part)
            node = item
        return dotted(tuple(parts))

    def problem(
        self,
        loc: Loc,
        message: str,
        severity: Severity = Severity.ERROR,
        offset: int = 0,
        key: bool = False,
    ) -> Problem:
        """Return a problem at ``loc`` (at its key when ``key``), ``offset`` characters in."""
        mark = self.key_marks.get(loc) if key else None
        mark = mark or self.mark(loc)
        column = mark.column + offset + (1 if mark.quoted and offset else 0)
        return Problem(mark.file, mark.line, column, self.path(loc), message, severity)


def _has(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    if isinstance(node, list) and isinstance(part, int):
        return 0 <= part < len(node)
    return False


@dataclass
class Loaded:
    """Validated content, the warnings found on the way, and where everything came from."""

    content: Content
    warnings: list[Problem]
    positions: Positions
    folder: Path


def load_content(folder: Path) -> Loaded:
    """Read, validate and cross-check a content folder; raise `ContentError` listing every error."""
    from generator.check import check_content  # check imports Positions from here

    folder = Path(folder)
    problems: list[Problem] = []
    positions, failed = _read_folder(folder, problems)
    content: Content | None = None
    try:
        content = Content.model_validate(positions.root)
    except ValidationError as e:
        problems += validation_problems(e, positions, failed)
    if content is None:
        raise ContentError(problems or [Problem("content", 1, 1, "", "content could not be read")])
    problems += check_content(content, positions, folder)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise ContentError(problems)
    return Loaded(content, sorted(problems), positions, folder)


def _rel(path: Path) -> str:
    """Return how a file is named in messages: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _read_folder(folder: Path, problems: list[Problem]) -> tuple[Positions, set[Loc]]:
    """Parse every content file into one root mapping; return it with the locs that failed."""
    positions = Positions(folder=_rel(folder))
    failed: set[Loc] = set()
    if not folder.is_dir():
        problems.append(Problem(str(folder), 1, 1, "", "expected a content folder, got nothing there"))
        return positions, failed

    known = [*SINGLE_FILES, *COLLECTIONS, *OTHER_FOLDERS]
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith(".") or name in known:
            continue
        if path.suffix in {".yaml", ".yml"} or path.is_dir():
            hint = difflib.get_close_matches(name, known, n=1)
            problems.append(Problem(
                _rel(path), 1, 1, "",
                f'expected one of the content files {", ".join(known)}, got "{name}"'
                + (f' (did you mean "{hint[0]}"?)' if hint else ""),
            ))

    for name, key in SINGLE_FILES.items():
        path = folder / name
        if path.exists():
            source = _parse_file(path, key, problems)
            if source is None:
                failed.add((key,))
            else:
                positions.root[key] = source.value
                positions.add((key,), source)

    for folder_name, (key, suffix) in COLLECTIONS.items():
        items: list[Any] = []
        positions.root[key] = items
        directory = folder / folder_name
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix != suffix:
                problems.append(Problem(
                    _rel(path), 1, 1, "",
                    f'expected a "{suffix}" file in {folder_name}/, got "{path.name}"',
                ))
                continue
            loc: Loc = (key, len(items))
            source = _parse_file(path, f"{key}.{path.stem}", problems)
            if source is None:
                continue  # left out of the list; its parse problem is reported
            if isinstance(source.value, dict):
                _set_id_from_file_name(source, path.stem, problems)
            items.append(source.value)
            positions.add(loc, source)
    return positions, failed


def _parse_file(path: Path, prefix: str, problems: list[Problem]) -> Source | None:
    rel = _rel(path)
    try:
        text = read_text(path, rel)
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
    return source


def _front_matter_body(source: Source) -> Problem:
    mark = source.key_marks[("body",)]
    return Problem(mark.file, mark.line, mark.column, "body",
                   "expected the article text below the front matter, got a body field")


def _set_id_from_file_name(source: Source, stem: str, problems: list[Problem]) -> None:
    value = source.value
    given = value.get("id")
    if given is not None and given != stem:
        mark = source.marks[("id",)]
        problems.append(Problem(mark.file, mark.line, mark.column, "id",
                                f'expected the file name "{stem}" (or no id at all), got {json.dumps(given)}'))
    value["id"] = stem
    source.marks.setdefault(("id",), Mark(source.file, 1, 1))


# --- Turning pydantic's errors into problems a marketer can act on -----------------------


def validation_problems(
    error: ValidationError,
    positions: Positions,
    failed: set[Loc] | None = None,
    root: type[BaseModel] = Content,
    prefix: Loc = (),
) -> list[Problem]:
    """Turn pydantic's errors for ``root`` into problems placed with ``positions``."""
    failed = failed or set()
    problems: dict[tuple[Loc, str], Problem] = {}
    errors = error.errors(include_url=False)
    for err in errors:
        err["loc"] = (*prefix, *err["loc"])
    # A typo'd key also makes the real field "missing"; the unknown-key line says it all.
    unknown: dict[Loc, list[str]] = {}
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = _follow(tuple(err["loc"]), root, prefix)[0]
            unknown.setdefault(loc[:-1], []).append(str(loc[-1]))
    for err in errors:
        loc, annotation, info = _follow(tuple(err["loc"]), root, prefix)
        if _under_failed_file(loc, failed):
            continue
        kind = err["type"]
        if kind == "missing" and difflib.get_close_matches(str(loc[-1]), unknown.get(loc[:-1], []), n=1, cutoff=0.6):
            continue
        if kind == "extra_forbidden":
            message = _unknown_field(loc, root, prefix)
            problem = positions.problem(loc, message, key=True)
        elif kind == "missing" and len(loc) == 1:
            file = next(f for f, key in SINGLE_FILES.items() if key == loc[0])
            message = f"expected the file {file} ({_describe(annotation, info)}), got no such file"
            problem = Problem(f"{positions.folder}/{file}", 1, 1, str(loc[0]), message)
        elif kind == "missing":
            message = f"expected {_describe(annotation, info)}, got nothing (the field is required)"
            problem = positions.problem(loc, message)
        elif kind in {"value_error", "assertion_error"}:
            message = str(err["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
            problem = positions.problem(loc, message)
        else:
            found = _found(err.get("input"), positions.marks.get(loc))
            message = f"expected {_describe(annotation, info)}, got {found}"
            problem = positions.problem(loc, message)
        # Unions report one error per member; keep the first for each place.
        problems.setdefault((loc, kind if kind in {"extra_forbidden", "missing"} else ""), problem)
    return list(problems.values())


def _under_failed_file(loc: Loc, failed: set[Loc]) -> bool:
    """True when the error only says that a file which failed to parse is missing."""
    return bool(loc) and loc[:1] in failed


def _follow(loc: Loc, root: type[BaseModel] = Content, prefix: Loc = ()) -> tuple[Loc, Any, FieldInfo | None]:
    """Walk the model along a pydantic error loc; return the clean loc, type and field info."""
    annotation: Any = root
    info: FieldInfo | None = None
    clean: list[str | int] = list(prefix)
    for part in loc[len(prefix):]:
        annotation, _ = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if isinstance(part, str) and part in annotation.model_fields:
                info = annotation.model_fields[part]
                annotation = info.annotation
                clean.append(part)
                continue
            clean.append(part)  # an unknown key; nothing to describe below it
            annotation, info = None, None
            continue
        origin = get_origin(annotation)
        if origin is list and isinstance(part, int):
            annotation, info = get_args(annotation)[0], None
            clean.append(part)
        elif origin is dict and isinstance(part, str) and _is_union_tag(part) is False:
            annotation, info = get_args(annotation)[1], None
            clean.append(part)
        elif _is_union(annotation) and isinstance(part, str):
            continue  # pydantic names the union member it tried; not a place in the file
        elif isinstance(part, str) and _is_union_tag(part):
            continue
        else:
            clean.append(part)
    return tuple(clean), annotation, info


def _is_union_tag(part: str) -> bool:
    return part in {"bool", "str", "int", "float", "constrained-str", "none"} or "[" in part


def _is_union(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType)


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip ``X | None`` and ``Annotated`` wrappers; return the type and its constraints."""
    meta: list[Any] = []
    while True:
        if get_origin(annotation) is typing.Annotated:
            annotation, *extra = get_args(annotation)
            for item in extra:
                # Field(...) inside Annotated carries its constraints in .metadata.
                meta += item.metadata if isinstance(item, FieldInfo) else [item]
            continue
        if _is_union(annotation):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation, meta


def _describe(annotation: Any, info: FieldInfo | None = None) -> str:
    """Describe in words what a value of this type looks like: 'a number >= 0'."""
    meta = list(info.metadata) if info is not None else []
    annotation, extra = _unwrap(annotation)
    meta += extra
    if annotation is None:
        return "nothing here"
    if _is_union(annotation):
        members = [_describe(a) for a in get_args(annotation) if a is not type(None)]
        return ", ".join(members[:-1]) + " or " + members[-1]
    if get_origin(annotation) is Literal:
        return "one of " + ", ".join(json.dumps(v) for v in get_args(annotation))
    if annotation is bool:
        return "true or false"
    if annotation in (int, float):
        words = "a whole number" if annotation is int else "a number"
        bounds = [f"{sym} {_number(getattr(m, attr))}" for m in meta
                  for cls, attr, sym in ((Ge, "ge", ">="), (Gt, "gt", ">"), (Le, "le", "<="), (Lt, "lt", "<"))
                  if isinstance(m, cls)]
        return " ".join([words, " and ".join(bounds)]).strip()
    if annotation is str:
        for m in meta:
            pattern = getattr(m, "pattern", None)
            if pattern in PATTERN_WORDS:
                return PATTERN_WORDS[pattern]
        return "text"
    if annotation is date:
        return "a date as YYYY-MM-DD"
    origin = get_origin(annotation)
    if origin is list:
        least = next((m.min_length for m in meta if isinstance(m, MinLen)), 0)
        most = next((m.max_length for m in meta if isinstance(m, MaxLen)), None)
        item = _describe(get_args(annotation)[0])
        if least and most == least:
            return f"a list of exactly {least} items, each {item}"
        if least and most:
            return f"a list of {least} to {most} items, each {item}"
        if least:
            return f"a list of at least {least} item{'s' if least > 1 else ''}, each {item}"
        return f"a list of items, each {item}"
    if origin is dict:
        return f"a mapping of ids to {_describe(get_args(annotation)[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        required = [n for n, f in annotation.model_fields.items() if f.is_required()]
        if required and len(required) <= 5:
            return "a mapping with " + ", ".join(required)
        return "a mapping of fields"
    return getattr(annotation, "__name__", str(annotation))


def _number(value: float) -> str:
    return f"{value:g}"


def _found(value: Any, mark: Mark | None) -> str:
    """Describe what the file holds, as written in it."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    raw = mark.raw if mark is not None and mark.raw is not None else None
    if isinstance(value, str):
        return json.dumps(value if raw is None else raw, ensure_ascii=False)
    if raw is not None:
        return raw
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _unknown_field(loc: Loc, root: type[BaseModel] = Content, prefix: Loc = ()) -> str:
    name = str(loc[-1])
    _, annotation, _ = _follow(loc[:-1], root, prefix)
    annotation, _ = _unwrap(annotation)
    fields: list[str] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        fields = list(annotation.model_fields)
        if "body" in fields:
            fields.remove("body")
    close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
    if close:
        return f'unknown field "{name}" (did you mean "{close[0]}"?)'
    return f'unknown field "{name}"; expected one of: {", ".join(fields)}'
