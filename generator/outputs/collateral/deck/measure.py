"""Text measurement for slides: how much room words take at a size, so text is fitted, not cut.

Text is measured with the font the viewer will draw it in: the brand font when fontconfig
finds it installed, else the fallback fontconfig substitutes (which is what LibreOffice
uses too). Lines break between words only, as PowerPoint does, so a word wider than its box
(an email address in a narrow card) makes the size fail instead of breaking mid-word. Without
fontconfig, a deliberately generous average glyph width keeps the estimate on the safe side.

Measuring a word with Pillow's text shaping costs about 0.1 ms whatever its length (the
shaper is set up for each call), and a deck has hundreds of words: most of what a deck costs
as the first of its process. So each word's advance, once measured, is also kept on disk
(`generator.cache.user_cache`), in a file per font named by a hash of the font file and of
everything that shapes it (Pillow, FreeType, HarfBuzz and Raqm versions): the next process
reads the same numbers instead of measuring again. The files are safe to delete, and a file
that cannot be read is measured afresh, so what is measured never depends on them.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import PIL
from PIL import ImageFont, features

from generator.cache import user_cache, write_whole

#: Average glyph width of a sans-serif font, in ems, when no font file can be measured.
CHAR_EM = 0.53
LINE = 1.22
#: Text box insets (python-pptx defaults we set in draw.text): left + right, top + bottom.
INSET_W, INSET_H = 0.1, 0.06
#: Bullets are drawn as "•  " before the text.
BULLET = "•  "


@dataclass(frozen=True)
class FontMatch:
    """What a font family resolves to on this machine."""

    requested: str
    family: str
    file: str | None

    @property
    def installed(self) -> bool:
        return self.file is not None and self.family.lower() == self.requested.lower()


@lru_cache(maxsize=64)
def match_font(family: str, bold: bool = False) -> FontMatch:
    """Return the font fontconfig draws ``family`` with (the family itself or its fallback)."""
    fc = shutil.which("fc-match")
    if fc is None:
        return FontMatch(family, "", None)
    pattern = family + (":bold" if bold else "")
    try:
        found = subprocess.run(
            [fc, "-f", "%{family[0]}|%{file}", pattern], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return FontMatch(family, "", None)
    name, _, path = found.partition("|")
    return FontMatch(family, name, path or None)


#: Fonts are measured at this many pixels per em; advance widths scale linearly with size.
_UNITS = 200


@lru_cache(maxsize=64)
def _face(family: str, bold: bool) -> ImageFont.FreeTypeFont | None:
    path = match_font(family, bold).file
    if path is None:
        return None
    try:
        return ImageFont.truetype(path, _UNITS)
    except OSError:
        return None


@lru_cache(maxsize=1 << 16)
def _advance(family: str, bold: bool, text: str) -> float:
    """Return the advance width of ``text`` at 1 pt, in points (words repeat: measured once each)."""
    face = _face(family, bold)
    assert face is not None
    path = match_font(family, bold).file
    assert path is not None
    kept = _kept(path)
    length = kept.lengths.get(text)
    if length is None:
        length = kept.lengths[text] = face.getlength(text)
        kept.new += 1
    return length / _UNITS


#: Most words kept in a font's file; past this, new words are measured but not kept.
_KEEP_WORDS = 1 << 17
#: Part of every kept file's name: changing how advances are measured changes it.
_FORMAT = 1


@dataclass
class _Kept:
    """The advances of one font file, at `_UNITS` pixels per em: read from disk, plus what was measured since."""

    file: Path | None
    lengths: dict[str, float]
    new: int = 0


_KEPT: dict[str, _Kept] = {}


@lru_cache(maxsize=64)
def _font_digest(path: str) -> str:
    """Name a font file's kept advances: its bytes and what shapes it (a new Pillow measures afresh)."""
    digest = hashlib.sha256(Path(path).read_bytes())
    engines = [features.version(name) for name in ("freetype2", "raqm", "harfbuzz", "fribidi")]
    digest.update(repr((_FORMAT, _UNITS, PIL.__version__, engines, features.check("raqm"))).encode())
    return digest.hexdigest()[:40]


def _read(file: Path) -> dict[str, float]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, float)}


def _kept(path: str) -> _Kept:
    kept = _KEPT.get(path)
    if kept is None:
        folder = user_cache("advances")
        try:
            file = folder / f"{_font_digest(path)}.json" if folder else None
        except OSError:
            file = None
        kept = _KEPT[path] = _Kept(file, _read(file) if file else {})
    return kept


def keep_measurements() -> None:
    """Write the advances measured since the last call to disk, merged with what other processes kept.

    Each file is replaced whole (written beside it, then renamed), so a reader never sees half
    of one; two processes writing at once lose at most some words, which are measured again.
    """
    for kept in _KEPT.values():
        if not kept.new or kept.file is None:
            continue
        kept.new = 0
        merged = {**_read(kept.file), **kept.lengths}
        if len(merged) > _KEEP_WORDS:
            continue
        text = json.dumps(merged, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        write_whole(kept.file, text.encode("utf-8"))


#: Line counts by (text, box width, size, font, bold): exact counts (None: a word cannot fit),
#: and, for texts a fit gave up on, a count they are known to exceed.
_EXACT: dict[tuple[str, float, float, str | None, bool], int | None] = {}
_EXCEEDS: dict[tuple[str, float, float, str | None, bool], int] = {}
#: Kept measurements, at most: more only happens for very large kits, which then measure again.
_KEEP = 1 << 17


class _Over:
    """The text wraps to more lines than the most allowed (counting stopped there)."""


OVER = _Over()


#: How to empty the other caches a deck keeps for the next one in its process (shapes and
#: tables made once and copied, compressed parts): `clear_caches` empties them too.
_FORGET: list[Callable[[], None]] = []


def forget_with_measurements(clear: Callable[[], None]) -> None:
    """Have `clear_caches` call ``clear``: a cache that a deck built first in its process would not have."""
    _FORGET.append(clear)


def clear_caches() -> None:
    """Forget every measurement, and every cache registered with `forget_with_measurements`.

    What is left is what a process pays once whichever deck it builds first: fonts found
    and opened, modules imported. Advances kept on disk stay there (in `user_cache`): a
    new process reads them. Benchmarks time decks cold, as the first of a process.
    """
    _EXACT.clear()
    _EXCEEDS.clear()
    _advance.cache_clear()
    _KEPT.clear()  # read again from disk, as a new process would
    for clear in _FORGET:
        clear()


def line_count(text: str, width_in: float, size_pt: float, family: str | None = None, bold: bool = False) -> int | None:
    """Return how many lines ``text`` wraps to in ``width_in``, or None when a word cannot fit on a line.

    Measured once per text, box width, size and font: decks measure the same words again and
    again (each size tried, each deck with the same slide), so results are kept.
    """
    counted = _lines(text, width_in, size_pt, family, bold, None)
    assert not isinstance(counted, _Over)
    return counted


def _lines(text: str, width_in: float, size_pt: float, family: str | None, bold: bool, most: int | None) -> int | None | _Over:
    """`line_count`, giving up (OVER) as soon as the text takes more than ``most`` lines."""
    key = (text, width_in, size_pt, family, bold)
    if key in _EXACT:
        exact = _EXACT[key]
        return OVER if most is not None and exact is not None and exact > most else exact
    if most is not None and _EXCEEDS.get(key, -1) >= most:
        return OVER
    counted = _count(text, width_in, size_pt, family, bold, most)
    if len(_EXACT) + len(_EXCEEDS) > _KEEP:
        _EXACT.clear()
        _EXCEEDS.clear()
    if isinstance(counted, _Over):
        assert most is not None
        _EXCEEDS[key] = max(most, _EXCEEDS.get(key, -1))
        return counted
    _EXACT[key] = counted
    return OVER if most is not None and counted is not None and counted > most else counted


def _count(text: str, width_in: float, size_pt: float, family: str | None, bold: bool, most: int | None) -> int | None | _Over:
    usable = (width_in - INSET_W) * 72  # points
    face = _face(family, bold) if family else None
    if face is None or family is None:
        per_line = max(1, int(usable / (size_pt * CHAR_EM)))
        if any(len(word) > per_line for word in text.split()):
            return None
        return max(1, math.ceil(len(text) / per_line))
    space = _advance(family, bold, " ") * size_pt
    lines, current = 1, 0.0
    for word in text.split():
        width = _advance(family, bold, word) * size_pt
        if width > usable:
            return None
        if current == 0.0:
            current = width
        elif current + space + width <= usable:
            current += space + width
        else:
            lines, current = lines + 1, width
            if most is not None and lines > most:
                return OVER
    return lines


def _height(lines: int, paragraphs: int, size_pt: float) -> float:
    """Return the height in inches of ``lines`` lines in ``paragraphs`` paragraphs at ``size_pt``."""
    spacing = max(0, paragraphs - 1) * size_pt * 0.45
    return (lines * size_pt * LINE + spacing) / 72 + INSET_H + 0.05


def text_height(
    paragraphs: Sequence[str], width_in: float, size_pt: float, family: str | None = None, bold: bool = False
) -> float:
    """Return the height in inches that ``paragraphs`` need in a box ``width_in`` wide (inf if a word cannot fit)."""
    lines = 0
    for p in paragraphs:
        n = line_count(p, width_in, size_pt, family, bold)
        if n is None:
            return math.inf
        lines += n
    return _height(lines, len(paragraphs), size_pt)


def fits(
    paragraphs: Sequence[str], width_in: float, height_in: float, size_pt: float, family: str | None = None, bold: bool = False
) -> bool:
    """Whether ``text_height(paragraphs, ...) <= height_in``, found without counting past what fits.

    The most lines the box holds is worked out first; each paragraph is wrapped only until
    it takes more than what is left, so trying a size that is far too big costs a few lines.
    """
    count = len(paragraphs)
    # The most lines that fit: _height grows with lines, so this is exactly the bound.
    most = max(-1, int(((height_in - INSET_H - 0.05) * 72 - max(0, count - 1) * size_pt * 0.45) / (size_pt * LINE)))
    while most >= 0 and _height(most, count, size_pt) > height_in:
        most -= 1
    while _height(most + 1, count, size_pt) <= height_in:
        most += 1
    if most < count:  # every paragraph takes a line at least (no paragraphs: the insets alone)
        return False
    used = 0
    for i, p in enumerate(paragraphs):
        left = most - used - (count - i - 1)  # every paragraph after this one takes a line at least
        if left < 1:
            return False
        n = _lines(p, width_in, size_pt, family, bold, left)
        if n is None or isinstance(n, _Over):
            return False
        used += n
    return True


def fit_size(
    paragraphs: Sequence[str],
    width_in: float,
    height_in: float,
    largest: int,
    smallest: int,
    family: str | None = None,
    bold: bool = False,
) -> int | None:
    """Return the largest font size from ``largest`` down to ``smallest`` that fits, or None."""
    for size in range(largest, smallest - 1, -1):
        if fits(paragraphs, width_in, height_in, size, family, bold):
            return size
    return None


def split_to_fit(
    items: Sequence[str], width_in: float, height_in: float, size: int, family: str | None = None
) -> list[list[str]]:
    """Split a list into chunks that each fit the box at ``size``."""
    chunks: list[list[str]] = [[]]
    for item in items:
        if chunks[-1] and not fits([*chunks[-1], item], width_in, height_in, size, family):
            chunks.append([])
        chunks[-1].append(item)
    return [c for c in chunks if c]


def words(text: str) -> int:
    """Return how many words a reader sees in ``text``."""
    return len(text.split())


def brief(text: str, budget: int) -> str:
    """Return the whole sentences of ``text`` that fit in ``budget`` words (at least the first, cut at a clause).

    What a slide face shows of longer prose; the full text goes into the speaker notes.
    """
    text = " ".join(text.split())
    sentences: list[str] = []
    rest = text
    while rest:
        cut = _sentence_end(rest)
        sentences.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    out: list[str] = []
    for sentence in sentences:
        if words(" ".join([*out, sentence])) > budget:
            break
        out.append(sentence)
    if out:
        return " ".join(out)
    first = sentences[0].split()
    if len(first) <= budget * 1.35:
        return sentences[0]  # a slightly long sentence reads better whole than cut
    # The first sentence alone is too long: end at the last clause break within budget.
    for end in range(budget, max(budget // 2, 1) - 1, -1):
        if first[end - 1].endswith((",", ";", ":", ")")):
            return " ".join(first[:end]).rstrip(",;:") + "…"
    return " ".join(first[:budget]).rstrip(",;:.") + "…"


def _sentence_end(text: str) -> int:
    for i, ch in enumerate(text):
        if (
            ch in ".!?"
            and (i + 1 == len(text) or text[i + 1] == " ")
            and not text[max(0, i - 3) : i].lower().endswith(("e.g", "i.e", "vs"))
        ):
            return i + 1
    return len(text)
