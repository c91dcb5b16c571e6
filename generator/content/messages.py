"""Turn pydantic's validation errors into problems a marketer can act on.

Each error becomes one ``file:line:col: field.path: expected ..., got ...`` line: the place
comes from `Positions`, the words from the model (types, bounds, patterns, literals).
"""

from __future__ import annotations

import difflib
import json
import types
import typing
from datetime import date
from typing import Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt, MaxLen, MinLen
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from generator.content.kinds import KINDS
from generator.content.positions import Positions
from generator.content.source import Loc, Mark
from generator.errors import Problem
from generator.model import Content
from generator.model.base import PATTERN_WORDS


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
            file = next(k.path for k in KINDS if k.field == loc[0])
            message = f"expected the file {file} ({describe(annotation, info)}), got no such file"
            problem = Problem(f"{positions.folder}/{file}", 1, 1, str(loc[0]), message)
        elif kind == "missing":
            message = f"expected {describe(annotation, info)}, got nothing (the field is required)"
            problem = positions.problem(loc, message)
        elif kind == "string_too_long":
            length = len(err["input"]) if isinstance(err.get("input"), str) else 0
            message = f"expected at most {err.get('ctx', {}).get('max_length')} characters, got {length}"
            problem = positions.problem(loc, message)
        elif kind in {"value_error", "assertion_error"}:
            message = str(err["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
            problem = positions.problem(loc, message)
        else:
            found = _found(err.get("input"), positions.marks.get(loc))
            message = f"expected {describe(annotation, info)}, got {found}"
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
    for part in loc[len(prefix) :]:
        annotation, _ = unwrap(annotation)
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


def unwrap(annotation: Any) -> tuple[Any, list[Any]]:
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


def describe(annotation: Any, info: FieldInfo | None = None) -> str:
    """Describe in words what a value of this type looks like: 'a number >= 0'."""
    meta = list(info.metadata) if info is not None else []
    annotation, extra = unwrap(annotation)
    meta += extra
    if annotation is None:
        return "nothing here"
    if _is_union(annotation):
        members = [describe(a) for a in get_args(annotation) if a is not type(None)]
        return ", ".join(members[:-1]) + " or " + members[-1]
    if get_origin(annotation) is Literal:
        return "one of " + ", ".join(json.dumps(v) for v in get_args(annotation))
    if annotation is bool:
        return "true or false"
    if annotation in (int, float):
        words = "a whole number" if annotation is int else "a number"
        bounds = [
            f"{sym} {_number(getattr(m, attr))}"
            for m in meta
            for cls, attr, sym in ((Ge, "ge", ">="), (Gt, "gt", ">"), (Le, "le", "<="), (Lt, "lt", "<"))
            if isinstance(m, cls)
        ]
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
        item = describe(get_args(annotation)[0])
        if least and most == least:
            return f"a list of exactly {least} items, each {item}"
        if least and most:
            return f"a list of {least} to {most} items, each {item}"
        if least:
            return f"a list of at least {least} item{'s' if least > 1 else ''}, each {item}"
        return f"a list of items, each {item}"
    if origin is dict:
        return f"a mapping of ids to {describe(get_args(annotation)[1])}"
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
    annotation, _ = unwrap(annotation)
    fields: list[str] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        fields = list(annotation.model_fields)
        if "body" in fields:
            fields.remove("body")
    close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
    if close:
        return f'unknown field "{name}" (did you mean "{close[0]}"?)'
    return f'unknown field "{name}"; expected one of: {", ".join(fields)}'
