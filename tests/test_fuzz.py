"""Mutated content never produces a traceback: only ContentError or success."""

from __future__ import annotations

import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIXTURES

from generator.content.load import load_content
from generator.errors import ContentError

FILES = [
    "company.yaml",
    "icp.yaml",
    "positioning.yaml",
    "offers/first-offer.yaml",
    "case_studies/first-customer.yaml",
    "articles/welcome.md",
]
SNIPPETS = [
    "",
    ":",
    "- ",
    "\t",
    "&a ",
    "*a",
    "!!binary ",
    "{",
    "]",
    "'",
    '"',
    "\n",
    "  ",
    "~",
    "null",
    "-1",
    "1e999",
    ".nan",
    "yes",
    "NO",
    "0x",
    "<<: *a",
    "? ",
    "|",
    ">",
    "#",
    "{{",
    "}}",
    "\x00",
    "é",
    "\ufeff",
]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, int, int, str]:
    name = draw(st.sampled_from(FILES))
    text = (FIXTURES / "small_b2b" / name).read_text(encoding="utf-8")
    start = draw(st.integers(0, len(text)))
    length = draw(st.integers(0, 12))
    insert = draw(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=8)))
    return name, start, length, insert


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=mutations())
def test_mutated_documents_never_raise_anything_but_content_errors(tmp_path_factory, mutation) -> None:  # type: ignore[no-untyped-def]
    name, start, length, insert = mutation
    folder = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(FIXTURES / "small_b2b", folder)
    text = (folder / name).read_text(encoding="utf-8")
    (folder / name).write_text(text[:start] + insert + text[start + length :], encoding="utf-8", errors="surrogatepass")
    try:
        load_content(folder)
    except ContentError as e:
        assert e.problems
        for problem in e.problems:
            assert problem.line >= 1 and problem.column >= 1 and problem.message
