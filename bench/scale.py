"""Grow a content folder: every kind of content file cloned N times, still valid content.

Used by the benchmarks. Clones keep their cross-references valid: cloned offers keep their
personas, cloned competitors keep every feature of comparison.yaml, cloned personas and
FAQs get ids of their own.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

FOLDERS = (
    ("offers", ".yaml"),
    ("case_studies", ".yaml"),
    ("competitors", ".yaml"),
    ("articles", ".md"),
    ("accounts", ".yaml"),
)


def grow(source: Path, target: Path, scale: int, **copies: int) -> dict[str, int]:
    """Copy ``source`` to ``target`` with each kind of content file multiplied by ``scale``; return counts.

    ``copies`` gives a folder its own factor instead (``articles=60`` for many pages,
    ``competitors=2``); the original files count as the first copy.
    """
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("schemas"))
    counts: dict[str, int] = {}
    for folder, suffix in FOLDERS:
        originals = sorted((target / folder).glob(f"*{suffix}"))
        for i in range(1, copies.get(folder, scale)):
            for path in originals:
                text = path.read_text(encoding="utf-8")
                if folder == "competitors":
                    # Competitors appear by name on the comparison page; keep names distinct.
                    text = re.sub(r"^name: (.*)$", rf"name: \1 {i + 1}", text, count=1, flags=re.M)
                (target / folder / f"{path.stem}-copy{i}{suffix}").write_text(text, encoding="utf-8")
        counts[folder] = len(list((target / folder).glob(f"*{suffix}")))
    counts["personas"] = _grow_list(target / "icp.yaml", "personas", scale)
    counts["faqs"] = _grow_list(target / "faqs.yaml", "faqs", scale)
    return counts


def _grow_list(path: Path, key: str, scale: int) -> int:
    """Clone the items of one list in a YAML file, giving each clone its own id."""
    if not path.exists():
        return 0
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data.get(key) or []
    clones = [{**item, "id": f"{item['id']}-copy{i}"} for i in range(1, scale) for item in items]
    data[key] = items + clones
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return len(data[key])
