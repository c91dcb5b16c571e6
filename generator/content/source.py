"""Read YAML and Markdown source files into plain values that remember where they came from.

PyYAML's own constructors lose positions, keep the last of two duplicate keys, and follow
YAML 1.1 (``NO`` becomes ``False``). So we let PyYAML parse and compose the node graph,
with implicit resolvers set to the YAML 1.2 core schema, and build the values ourselves:
that walk records a `Mark` for every value and key, refuses duplicate keys, and caps how
many nodes aliases may expand to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from generator.errors import Problem

#: Largest source file we read. Real content files are a few KiB; anything near this is
#: a mistake (a pasted export, a binary) and would only make validation slow.
MAX_FILE_BYTES = 1024 * 1024
#: How many values one file may expand to once aliases are followed. A legitimate file
#: has a few hundred; "billion laughs" documents reach billions.
MAX_NODES = 50_000

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    """Where a value starts in its file (1-based line and column) and its source text."""

    file: str
    line: int
    column: int
    raw: str | None = None
    quoted: bool = False
    #: The value's text as written in the file, from its first character (a block scalar's
    #: indicator, a quote) to its last, to place a problem found inside it exactly.
    span: str | None = field(default=None, compare=False, repr=False)


@dataclass
class Source:
    """One file's value with the marks of every value (by location) and of every key."""

    file: str
    value: Any
    marks: dict[Loc, Mark] = field(default_factory=dict)
    key_marks: dict[Loc, Mark] = field(default_factory=dict)


class SourceError(Exception):
    """A file could not be read as YAML or Markdown; carries the problem found."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def _core_schema_loader() -> type[yaml.SafeLoader]:
    """Return a SafeLoader subclass whose implicit types follow the YAML 1.2 core schema."""
    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader: Any = type("CoreSchemaLoader", (base,), {})
    loader.yaml_implicit_resolvers = {}
    resolvers = [
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        (
            "float",
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            "-+.0123456789",
        ),
        ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ]
    for name, pattern, first in resolvers:
        loader.add_implicit_resolver(f"tag:yaml.org,2002:{name}", re.compile(pattern), list(first))
    return cast(type[yaml.SafeLoader], loader)


_Loader = _core_schema_loader()
_TAG = "tag:yaml.org,2002:"


def read_text(path: Path, rel: str) -> str:
    """Return the file's text, refusing oversized, binary and non-UTF-8 files."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError(Problem(rel, 1, 1, "", f"expected a file under 1 MiB, got {size:,} bytes"))
        data = path.read_bytes()
    except OSError as e:
        raise SourceError(Problem(rel, 1, 1, "", f"cannot read the file: {e.strerror}")) from e
    if b"\x00" in data:
        line, column = _position_of_byte(data, data.index(b"\x00"))
        raise SourceError(Problem(rel, line, column, "", "expected UTF-8 text, got a binary file (NUL byte)"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, column = _position_of_byte(data, e.start)
        raise SourceError(Problem(rel, line, column, "", f"expected UTF-8 text, got the byte 0x{data[e.start]:02x}")) from e
    return text.removeprefix("\ufeff")


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return before.count(b"\n") + 1, column


def parse_yaml(text: str, rel: str, line_offset: int = 0) -> Source:
    """Parse one YAML document into a `Source`; ``line_offset`` shifts reported lines."""
    try:
        node = yaml.compose(text, Loader=_Loader)  # a safe loader that only composes nodes
    except yaml.MarkedYAMLError as e:
        raise SourceError(_yaml_problem(e, text, rel, line_offset)) from e
    except yaml.reader.ReaderError as e:
        before = text[: e.position]
        line, column = before.count("\n") + 1, e.position - (before.rfind("\n") + 1) + 1
        raise SourceError(Problem(rel, line + line_offset, column, "", _control_message(chr(e.character)))) from e
    except yaml.YAMLError as e:
        raise SourceError(Problem(rel, 1 + line_offset, 1, "", f"invalid YAML: {e}")) from e
    except RecursionError as e:
        raise SourceError(Problem(rel, 1 + line_offset, 1, "", "expected YAML, got values nested too deeply")) from e
    source = Source(rel, None)
    if node is None:
        return source
    builder = _Builder(source, line_offset, text.split("\n"))
    try:
        source.value = builder.build(node, ())
    except RecursionError as e:
        raise SourceError(Problem(rel, 1 + line_offset, 1, "", "expected YAML, got values nested too deeply")) from e
    return source


def _yaml_problem(e: yaml.MarkedYAMLError, text: str, rel: str, line_offset: int) -> Problem:
    mark = e.problem_mark or e.context_mark
    line = (mark.line + 1 if mark else 1) + line_offset
    column = mark.column + 1 if mark else 1
    problem = (e.problem or str(e)).strip()
    lines = text.splitlines()
    at = lines[mark.line][mark.column : mark.column + 1] if mark and mark.line < len(lines) else ""
    if at == "\t" or "'\\t'" in problem:
        message = "expected spaces for indentation, got a tab character"
    elif problem.startswith("found duplicate anchor"):
        message = "expected each anchor (&name) once, got a duplicate"
    elif problem.startswith("found undefined alias"):
        message = f"expected an alias to a defined anchor, got {problem.removeprefix('found ')}"
    else:
        message = f"expected valid YAML, got an error: {problem}"
    return Problem(rel, line, column, "", message)


class _Builder:
    """Turn composed nodes into Python values, recording marks as it goes."""

    def __init__(self, source: Source, line_offset: int, lines: list[str] | None = None) -> None:
        self.source = source
        self.line_offset = line_offset
        self.lines = lines or []
        self.count = 0
        self.active: set[int] = set()  # collections being built, to catch self-reference

    def mark(self, node: yaml.Node) -> Mark:
        scalar = isinstance(node, yaml.ScalarNode)
        return Mark(
            self.source.file,
            node.start_mark.line + 1 + self.line_offset,
            node.start_mark.column + 1,
            node.value if scalar else None,
            scalar and getattr(node, "style", None) in ("'", '"'),
            self.span(node) if scalar else None,
        )

    def span(self, node: yaml.Node) -> str | None:
        """Return a scalar's source text, from the lines and columns the parser reports."""
        start, end = node.start_mark, node.end_mark
        if not self.lines or end.line >= len(self.lines) + 1 or start.line > end.line:
            return None
        if start.line == end.line:
            return self.lines[start.line][start.column : end.column]
        inner = self.lines[start.line + 1 : end.line]
        last = self.lines[end.line][: end.column] if end.line < len(self.lines) else ""
        return "\n".join([self.lines[start.line][start.column :], *inner, last])

    def fail(self, node: yaml.Node, path: str, message: str) -> SourceError:
        m = self.mark(node)
        return SourceError(Problem(m.file, m.line, m.column, path, message))

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            return self._too_many(node, loc)
        self.source.marks[loc] = self.mark(node)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, loc)
        if id(node) in self.active:
            raise self.fail(node, dotted(loc), "expected an alias to a finished value, got an alias inside its own anchor")
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, loc)
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        finally:
            self.active.discard(id(node))

    def _too_many(self, node: yaml.Node, loc: Loc) -> Any:
        # Report the top-level entry being expanded: the alias that blows up is under it,
        # while `node` is some shared leaf far from the cause.
        top = self.source.marks.get(loc[:1])
        raise SourceError(
            Problem(
                self.source.file,
                top.line if top else 1,
                top.column if top else 1,
                dotted(loc[:1]),
                f"expected at most {MAX_NODES:,} values once aliases are expanded, got more"
                " (are aliases nested inside each other?)",
            )
        )

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TAG + "null":
                raise self.fail(
                    key_node,
                    dotted(loc),
                    "expected a field name, got " + ("nothing" if isinstance(key_node, yaml.ScalarNode) else "a list or mapping"),
                )
            # The key's source text, so that `NO:` or `1.10:` stay exactly as written.
            key = key_node.value
            if key in result:
                first = self.source.key_marks[(*loc, key)]
                raise self.fail(
                    key_node,
                    dotted((*loc, key)),
                    f'expected each field once, got "{key}" again (first at line {first.line})',
                )
            self.source.key_marks[(*loc, key)] = self.mark(key_node)
            result[key] = self.build(value_node, (*loc, key))
        return result

    def _scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        tag, text = node.tag, node.value
        try:
            if tag == _TAG + "str":
                found = _CONTROL.search(text)
                if found:
                    raise self.fail(node, dotted(loc), _control_message(found.group()))
                return text
            if tag == _TAG + "null":
                return None
            if tag == _TAG + "bool":
                return text.lower() == "true"
            if tag == _TAG + "int":
                return _to_int(text)
            if tag == _TAG + "float":
                return _to_float(text)
        except ValueError:
            raise self.fail(node, dotted(loc), f"expected a value of type {tag}, got {text!r}") from None
        raise self.fail(node, dotted(loc), f"expected plain YAML values, got the unsupported tag {tag}")


#: Control characters have no place in content: they garble decks and sheets and hide text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def _control_message(char: str) -> str:
    return f"expected text without control characters, got U+{ord(char):04X}"


def _to_int(text: str) -> int:
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _to_float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return float(lowered.replace(".inf", "inf"))
    if lowered == ".nan":
        return float("nan")
    return float(text)


def dotted(loc: Loc) -> str:
    """Return a location as a field path: ``offers.growth.inclusions[2]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def parse_markdown(text: str, rel: str) -> tuple[Source, str, int]:
    """Split a Markdown file into its front matter `Source`, its body, and the body's first line."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise SourceError(Problem(rel, 1, 1, "", "expected front matter between two '---' lines at the top"))
    source = parse_yaml(match.group(1) or "", rel, line_offset=1)
    body = text[match.end() :]
    body_line = text[: match.end()].count("\n") + 1
    return source, body, body_line
