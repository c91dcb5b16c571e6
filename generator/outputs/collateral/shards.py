"""Split the collateral over several machines, then put it back together: ``--shard K/N`` and ``merge``.

With hundreds of account kits, LibreOffice's conversions alone take minutes. A CI matrix
(the engine that already schedules, retries and caches jobs) runs ``handoff build --shard
K/N`` on N machines; each shard builds every Nth collateral file of the plan, with its PDFs
and thumbnails, and writes a manifest beside them. ``handoff merge`` checks that the N shards
were built from this very content and code, then writes the whole build (data, site, and the
portal over every shard's files) exactly as one ``handoff build`` would, byte for byte.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__
from generator.cache import Digest, FileDigests, code_digest
from generator.context import Context
from generator.errors import BuildError, shown_path

if TYPE_CHECKING:
    from generator.outputs.collateral import Asset, Job

#: In a shard's output folder: what it holds and what it was built from.
MANIFEST = "shard.json"
#: In a shard's output folder: the collateral files, PDFs and thumbnails.
FILES = "collateral"


@dataclass(frozen=True)
class Shard:
    """One of N deterministic slices of a build's collateral."""

    number: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """Read ``K/N``; raise ValueError saying what was expected."""
        k, slash, n = text.partition("/")
        if not slash or not k.isdigit() or not n.isdigit() or not 1 <= int(k) <= int(n):
            raise ValueError(f'expected K/N with 1 <= K <= N, such as 2/4, got "{text}"')
        return cls(int(k), int(n))

    def indices(self, total: int) -> range:
        """The plan positions of this shard's files: every Nth, so each kind of file spreads evenly."""
        return range(self.number - 1, total, self.count)

    def slice(self, planned: list[Job]) -> list[Job]:
        return [planned[i] for i in self.indices(len(planned))]

    def __str__(self) -> str:
        return f"{self.number}/{self.count}"


def inputs_digest(context: Context, enablement: Path) -> str:
    """Return one digest of everything a build reads: content, enablement folder, moment and code."""
    files = FileDigests(context.folder)
    return Digest(code_digest(), context.moment.isoformat(), files.tree(context.folder), files.tree(enablement)).hexdigest()


def write_manifest(folder: Path, shard: Shard, digest: str, total: int, assets: list[Asset], notes: list[str]) -> None:
    """Write a shard's manifest: which slice it is, what it was built from, and its assets in plan order."""
    manifest = {
        "handoff": __version__,
        "shard": str(shard),
        "inputs": digest,
        "total": total,
        "assets": [{"index": i, **dataclasses.asdict(a)} for i, a in zip(shard.indices(total), assets, strict=True)],
        "notes": notes,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


@dataclass
class MergedCollateral:
    """The collateral of N shards, read and checked; `finish` puts the files where a build would."""

    folders: list[Path]
    assets: list[Asset]
    notes: list[str]

    def finish(self, target: Path, render: bool = True, notes: list[str] | None = None) -> list[Asset]:
        for folder in self.folders:
            shutil.copytree(folder / FILES, target, dirs_exist_ok=True)
        if notes is not None:
            notes += [note for note in self.notes if note not in notes]
        return self.assets

    def cancel(self) -> None:
        pass


def read_shards(folders: list[Path], context: Context, enablement: Path) -> MergedCollateral:
    """Read every shard's manifest; raise `BuildError` unless they are exactly 1..N of one build of this content."""
    from generator.outputs.collateral import Asset

    if not folders:
        raise BuildError("no shards to merge: name the folders `handoff build --shard K/N --out FOLDER` wrote")
    digest = inputs_digest(context, enablement)
    manifests: dict[int, tuple[Path, dict[str, Any]]] = {}
    counts = set()
    for folder in folders:
        path = folder / MANIFEST
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            shard = Shard.parse(str(manifest["shard"]))
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise BuildError(f"{shown_path(folder)} is not a shard: {shown_path(path)} is missing or unreadable ({e})") from None
        if manifest.get("inputs") != digest:
            raise BuildError(
                f"{shown_path(folder)} (shard {shard}) was built from other content, templates or another Handoff "
                f"version than {shown_path(context.folder)}: build every shard from the same commit, then merge"
            )
        if shard.number in manifests:
            raise BuildError(f"shard {shard} is given twice: {shown_path(manifests[shard.number][0])} and {shown_path(folder)}")
        manifests[shard.number] = (folder, manifest)
        counts.add(shard.count)
    if len(counts) > 1:
        raise BuildError(f"the shards split the build in different ways ({', '.join(f'of {n}' for n in sorted(counts))})")
    (count,) = counts
    missing = [str(k) for k in range(1, count + 1) if k not in manifests]
    if missing:
        raise BuildError(f"missing shard {', '.join(f'{k}/{count}' for k in missing)}: merge needs all {count}")
    by_index: dict[int, Asset] = {}
    notes: list[str] = []
    for _, manifest in manifests.values():
        for entry in manifest["assets"]:
            fields = {k: v for k, v in entry.items() if k != "index"}
            by_index[int(entry["index"])] = Asset(**fields)
        notes += [n for n in manifest.get("notes", []) if n not in notes]
    total = next(iter(manifests.values()))[1]["total"]
    if sorted(by_index) != list(range(total)):
        raise BuildError("the shards' manifests do not add up to one build; build every shard again")
    folders_in_order = [manifests[k][0] for k in sorted(manifests)]
    return MergedCollateral(folders_in_order, [by_index[i] for i in range(total)], notes)
