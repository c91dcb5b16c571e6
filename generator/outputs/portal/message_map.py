"""The message map: each value pillar, proof point, case study and offer, and every place it is said.

Where a message appears is read from the built outputs themselves (the site's pages, the
decks' slides, the workbooks and the proposals), not from what the builders intend, so the
map shows what a buyer can actually meet. It flags the gaps: a pillar without proof, a
proof point said nowhere, a case study shown nowhere, an offer without a deck or calculator.
"""

from __future__ import annotations

import functools
import html
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from generator.model import Content

_TAG = re.compile(r"<[^>]+>")
_XML_TEXT = re.compile(r"<(?:a|w):t(?: [^>]*)?>([^<]*)</(?:a|w):t>|<t(?: [^>]*)?>([^<]*)</t>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Place:
    """One place a message is said: a site page, a deck slide, a workbook sheet or a proposal."""

    output: str  # "Site", "Deck", "Workbook", "Proposal"
    name: str
    link: str | None = None


@dataclass
class Message:
    kind: str  # "Value pillar", "Proof point", "Case study", "Offer"
    text: str
    source: str
    places: list[Place] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)


def _normal(text: str) -> str:
    return _SPACE.sub(" ", html.unescape(text)).strip().lower()


def _probe(text: str) -> str:
    """The words a face shows even when it shortens prose: the first eight."""
    return " ".join(_normal(text).split()[:8])


_T = TypeVar("_T")


class _KeptByStamp(Generic[_T]):
    """What was read from files, kept between builds by each file's name, size, time and inode.

    A file a build took from its cache (a kept page, a reused deck) is the very file of the
    last build: what was read from it then still holds. `done` leaves in the memo only this
    build's files, so it never grows past one build.
    """

    def __init__(self, memo: dict[str, _T] | None) -> None:
        self.memo = memo
        self.seen: dict[str, _T] = {}

    def read(self, file: Path, name: str, read: Callable[[], _T]) -> _T:
        stat = file.stat()
        stamp = f"{name}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ino}"
        value = self.memo.get(stamp) if self.memo is not None else None
        if value is None:
            value = read()
        self.seen[stamp] = value
        return value

    def done(self) -> None:
        if self.memo is not None:
            self.memo.clear()
            self.memo.update(self.seen)


def site_texts(site: Path, memo: dict[str, str] | None = None) -> list[tuple[Place, str]]:
    """Return the text of every page of a built site, with the page's place.

    ``memo`` holds the texts of the last build by page and file (name, size, time, inode), and
    is given this build's: a page the site kept from its last build is the same file, and
    reading the text out of a thousand pages is a tenth of a small rebuild.
    """
    out = []
    kept = _KeptByStamp(memo)
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel.startswith(("search/", "assets/")) or rel == "404.html":
            continue
        text = kept.read(page, rel, functools.partial(_page_text, page))
        url = "/" + rel.removesuffix("index.html")
        out.append((Place("Site", url), text))
    kept.done()
    return out


def _page_text(page: Path) -> str:
    raw = page.read_text(encoding="utf-8", errors="replace")
    return _normal(_TAG.sub(" ", raw.split("<article", 1)[-1]))


def office_texts(
    folder: Path, files: Iterable[tuple[str, str]], memo: dict[str, list[str]] | None = None
) -> list[tuple[Place, str]]:
    """Return the text of each deck slide, workbook and proposal: (path, title) pairs under ``folder``.

    ``memo`` works as in `site_texts`: opening hundreds of account kits again, unchanged, was
    a third of a rep's rebuild. It keeps only the texts; where each was said follows from the
    file's path and title.
    """
    out = []
    kept = _KeptByStamp(memo)
    for path, title in files:
        file = folder / path
        if not file.is_file():
            continue
        texts = kept.read(file, path, functools.partial(_office_file_texts, file))
        if path.endswith(".pptx"):
            out += [(Place("Deck", f"{title}, slide {number}", path), text) for number, text in enumerate(texts, 1)]
        elif path.endswith(".docx"):
            out += [(Place("Proposal", title, path), text) for text in texts]
        elif path.endswith(".xlsx"):
            out += [(Place("Workbook", title, path), text) for text in texts]
    kept.done()
    return out


def _office_file_texts(file: Path) -> list[str]:
    """The text of each slide of a deck, or the one text of a proposal or a workbook."""
    with zipfile.ZipFile(file) as package:
        names = package.namelist()
        if file.suffix == ".pptx":
            slides = sorted(
                (n for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
                key=lambda n: int(re.sub(r"\D", "", n)),
            )
            return [_xml_text(package.read(name)) for name in slides]
        if file.suffix == ".docx":
            return [_xml_text(package.read("word/document.xml"))]
        if file.suffix == ".xlsx":
            parts = [n for n in names if n == "xl/sharedStrings.xml" or n.startswith("xl/worksheets/sheet")]
            return [" ".join(_xml_text(package.read(n)) for n in parts)]
    return []


def _xml_text(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    return _normal(" ".join(a or b for a, b in _XML_TEXT.findall(text)))


def message_map(content: Content, texts: list[tuple[Place, str]], kinds_by_offer: dict[str, set[str]]) -> list[Message]:
    """Return every message with where it is said, and the gaps flagged."""

    def places(text: str) -> list[Place]:
        probe = _probe(text)
        return [place for place, body in texts if probe and probe in body]

    p = content.positioning
    points = {pp.id: pp for pp in p.proof_points}
    cited = {pid for pillar in p.value_pillars for pid in pillar.proof_points}
    out: list[Message] = []
    for pillar in p.value_pillars:
        proof = [points[i] for i in pillar.proof_points if i in points]
        m = Message("Value pillar", pillar.headline, f"positioning.yaml: value_pillars.{pillar.id}", places(pillar.headline))
        m.children = [pp.claim for pp in proof]
        if not proof:
            m.flags.append("No proof: add a proof point to this pillar.")
        if not m.places:
            m.flags.append("Said nowhere.")
        out.append(m)
    for point in p.proof_points:
        m = Message("Proof point", point.claim, f"positioning.yaml: proof_points.{point.id}", places(point.claim))
        if point.id not in cited:
            m.flags.append("Backs no value pillar.")
        if not m.places:
            m.flags.append("Used nowhere: no page, slide or proposal says it.")
        out.append(m)
    for study in content.case_studies:
        m = Message("Case study", study.title, f"case_studies/{study.id}.yaml", places(study.title))
        if study.publication == "internal":
            m.flags.append("Internal: for talk tracks only, shown nowhere by design.")
        elif not m.places:
            m.flags.append("Shown nowhere: no page or deck uses it.")
        out.append(m)
    for offer in content.offers:
        m = Message("Offer", offer.name, f"offers/{offer.id}.yaml", places(offer.name))
        kinds = kinds_by_offer.get(offer.id, set())
        if "offer_deck" not in kinds:
            m.flags.append("No pitch deck.")
        if "calculator" not in kinds:
            m.flags.append("No ROI calculator (the offer has no ROI model).")
        out.append(m)
    return out
