"""Reading YAML: the 1.2 core schema, positions, and refusals of hostile input."""

from __future__ import annotations

import pytest

from generator.content.source import MAX_NODES, SourceError, parse_markdown, parse_yaml


def test_yaml_1_1_surprises_do_not_corrupt_content() -> None:
    source = parse_yaml("country: NO\nanswer: yes\nversion: 1.10\nflag: true\nempty: ~\nport: 012\n", "f.yaml")
    assert source.value == {"country": "NO", "answer": "yes", "version": 1.1, "flag": True, "empty": None, "port": 12}
    # The source text is kept, so an error about a value shows it as written.
    assert source.marks[("version",)].raw == "1.10"


def test_timestamps_and_octal_like_values_stay_text() -> None:
    source = parse_yaml("date: 2026-01-15\nzip: 0o17\nhex: 0x1F\nsexagesimal: 1:20\n", "f.yaml")
    assert source.value == {"date": "2026-01-15", "zip": 15, "hex": 31, "sexagesimal": "1:20"}


def test_marks_are_one_based_and_follow_nesting() -> None:
    source = parse_yaml("a:\n  b:\n    - x\n    - y: 2\n", "f.yaml")
    assert (source.marks[("a", "b", 1, "y")].line, source.marks[("a", "b", 1, "y")].column) == (4, 10)
    assert (source.key_marks[("a", "b")].line, source.key_marks[("a", "b")].column) == (2, 3)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: 1\na: 2\n", 'f.yaml:2:1: a: expected each field once, got "a" again (first at line 1)'),
        ("a:\n\tb: 1\n", "f.yaml:2:1: expected spaces for indentation, got a tab character"),
        ("a: [1, 2\n", "f.yaml:2:1: expected valid YAML, got an error: did not find expected ',' or ']'"),
        ("a: *nope\n", "f.yaml:1:4: expected an alias to a defined anchor, got undefined alias"),
        (
            "a: !!python/object:os.system ls\n",
            "f.yaml:1:4: a: expected plain YAML values, got the unsupported tag tag:yaml.org,2002:python/object:os.system",
        ),
        ("? [a, b]\n: 1\n", "f.yaml:1:3: expected a field name, got a list or mapping"),
        ("a: &x [*x]\n", "f.yaml:1:4: a[0]: expected an alias to a finished value, got an alias inside its own anchor"),
    ],
)
def test_refusals(text: str, expected: str) -> None:
    with pytest.raises(SourceError) as info:
        parse_yaml(text, "f.yaml")
    assert str(info.value.problem) == expected


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    with pytest.raises(SourceError) as info:
        parse_yaml("\n".join(lines), "bomb.yaml")
    assert f"expected at most {MAX_NODES:,} values" in info.value.problem.message


def test_markdown_front_matter_and_body_line() -> None:
    source, body, body_line = parse_markdown("---\ntitle: Hello\nstage: cold\n---\n\nText here.\n", "a.md")
    assert source.value == {"title": "Hello", "stage": "cold"}
    assert source.marks[("stage",)].line == 3
    assert body == "\nText here.\n"
    assert body_line == 5


def test_markdown_without_front_matter_is_refused() -> None:
    with pytest.raises(SourceError) as info:
        parse_markdown("# Just a heading\n", "a.md")
    assert str(info.value.problem) == "a.md:1:1: expected front matter between two '---' lines at the top"
