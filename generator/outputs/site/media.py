"""Images on the site: content/assets/ files, optimised for the web, the same bytes every build.

Content names images by their place in the content folder (``assets/dispatch-board.png``),
in structured fields (logos, screenshots, photos, the hero image) and in Markdown
(``![alt](assets/photo.jpg)``). Pages ask `Media.url` for the address of the web version;
the engine publishes `Media.files`, made only for the images a page used:

- raster images (PNG, JPEG, WebP) are decoded, turned upright, scaled down to at most
  `MAX_WIDTH` pixels wide and re-encoded as WebP (lossless for PNG, which holds logos and
  screenshots; lossy for photographs), with no metadata, so two builds give the same bytes;
- SVG files are parsed and cleaned (no scripts, event handlers, foreign objects or links
  outside the file) and are only ever shown through ``<img>``, never inline, so nothing in
  them runs even if the cleaning missed something.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from markupsafe import Markup

from generator.cache import Digest, code_digest, user_cache, write_whole

#: Widest image a page needs: twice an 800 px column, for sharp pictures on high-density screens.
MAX_WIDTH = 1600
#: Where the web versions go in the site.
MEDIA_DIR = "assets/media"
RASTER = {".png", ".jpg", ".jpeg", ".webp"}
VECTOR = {".svg"}
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
#: Elements an image never needs and a script could hide in.
_DROPPED = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "handler", "listener"}


class MediaError(Exception):
    """An image that cannot be published (the content check names these with their place first)."""


@dataclass(frozen=True)
class WebImage:
    """The web version of one content image."""

    path: str
    data: bytes
    width: int | None
    height: int | None


def web_path(relative: str, max_width: int = MAX_WIDTH) -> str:
    """Return where the web version of ``assets/x/photo.jpg`` goes: ``assets/media/x/photo.webp``
    (``photo-320w.webp`` for a smaller one)."""
    pure = PurePosixPath(relative)
    inner = PurePosixPath(*pure.parts[1:]) if pure.parts and pure.parts[0] == "assets" else pure
    if pure.suffix.lower() in VECTOR:
        return f"{MEDIA_DIR}/{inner.with_suffix('.svg').as_posix()}"
    size = "" if max_width == MAX_WIDTH else f"-{max_width}w"
    return f"{MEDIA_DIR}/{inner.with_name(inner.stem + size + '.webp').as_posix()}"


def optimise(source: Path, relative: str, max_width: int = MAX_WIDTH) -> WebImage:
    """Return the web version of an image file, at most ``max_width`` pixels wide; raise
    `MediaError` for one that cannot be read."""
    suffix = source.suffix.lower()
    try:
        data = source.read_bytes()
    except OSError as e:
        raise MediaError(f"{relative}: cannot be read ({e.strerror or e})") from None
    if suffix in VECTOR:
        clean, width, height = sanitise_svg(data, relative)
        return WebImage(web_path(relative), clean, width, height)
    if suffix not in RASTER:
        raise MediaError(f"{relative}: expected a PNG, JPEG, WebP or SVG image")
    # Encoding costs more than rendering a page: each web version is kept on this machine,
    # by digest of the file, the width, and the code and Pillow that made it.
    folder = user_cache("web-images")
    key = Digest(code_digest(), suffix, str(max_width)).text(hashlib.sha256(data).hexdigest()).hexdigest()
    kept = folder / f"{key}.webp" if folder else None
    if kept is not None and kept.is_file():
        from PIL import Image

        web = kept.read_bytes()
        with Image.open(io.BytesIO(web)) as again:
            return WebImage(web_path(relative, max_width), web, again.width, again.height)
    made = _encode(data, relative, suffix, max_width)
    if kept is not None:
        write_whole(kept, made.data)
    return made


def _encode(data: bytes, relative: str, suffix: str, max_width: int) -> WebImage:
    """Return the web version of a raster image's bytes; raise `MediaError` for one that cannot be read."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened)
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise MediaError(f"{relative}: is not a readable image ({e})") from None
    if image.width > max_width:
        height = max(1, round(image.height * max_width / image.width))
        image = image.resize((max_width, height), Image.Resampling.LANCZOS)
    lossless = suffix == ".png"
    alpha = image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if alpha else "RGB")
    out = io.BytesIO()
    # No exif, icc_profile or xmp arguments: the web version carries pixels only.
    if lossless:
        image.save(out, "WEBP", lossless=True, quality=80, method=4, exact=False)
    else:
        image.save(out, "WEBP", quality=82, method=4)
    return WebImage(web_path(relative, max_width), out.getvalue(), image.width, image.height)


def sanitise_svg(data: bytes, relative: str = "image.svg") -> tuple[bytes, int | None, int | None]:
    """Return an SVG without scripts, event handlers or outside links, and its size when it says one."""
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise MediaError(f"{relative}: expected an SVG without a DOCTYPE or entities")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as e:
        raise MediaError(f"{relative}: is not a readable SVG ({e})") from None
    if root.tag not in {f"{{{SVG_NS}}}svg", "svg"}:
        raise MediaError(f"{relative}: expected an <svg> image, got <{_local(root.tag)}>")
    _clean(root)
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", XLINK_NS)
    clean = ElementTree.tostring(root, encoding="utf-8", xml_declaration=False)
    return clean + b"\n", _length(root.get("width")), _length(root.get("height"))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _clean(element: ElementTree.Element) -> None:
    for child in list(element):
        if _local(child.tag) in _DROPPED:
            element.remove(child)
        else:
            _clean(child)
    for name in list(element.attrib):
        local = _local(name).lower()
        value = element.attrib[name].strip().lower()
        handler = local.startswith("on")
        outside = local == "href" and not value.startswith("#")
        script = "javascript:" in value or ("url(" in value and "url(#" not in value.replace(" ", ""))
        if handler or outside or script:
            del element.attrib[name]
    if _local(element.tag) == "style" and element.text and ("@import" in element.text or "url(" in element.text):
        element.text = re.sub(r"@import[^;]*;?|url\([^)]*\)", "", element.text)


def _length(value: str | None) -> int | None:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(px)?\s*", value or "")
    return round(float(match.group(1))) if match else None


@dataclass
class Media:
    """The content images the site's pages use, made into their web versions on demand.

    With no ``folder`` (pages rendered from a view alone) the addresses are still right; only
    `files` needs the files themselves.
    """

    folder: Path | None
    used: dict[tuple[str, int], None] = field(default_factory=dict)
    _made: dict[tuple[str, int], WebImage] = field(default_factory=dict)
    #: (size, modification time) of each made image's file when it was read.
    _stamps: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict)

    def url(self, current: str, relative: str, max_width: int = MAX_WIDTH) -> str:
        """Return the address of an image's web version relative to page ``current`` (a source path)."""
        self.used[(relative, max_width)] = None
        directory = current.removesuffix(".md").removesuffix("index").rstrip("/")
        return posixpath.relpath(web_path(relative, max_width), directory or ".")

    def image(self, relative: str, max_width: int = MAX_WIDTH) -> WebImage | None:
        """Return the web version of an image, or None without a content folder."""
        if self.folder is None:
            return None
        key = (relative, max_width)
        if key not in self._made:
            stamp = _stamp(self.folder / relative)
            self._made[key] = optimise(self.folder / relative, relative, max_width)
            self._stamps[key] = stamp
        return self._made[key]

    def again(self) -> Media:
        """Return a Media for the next render of the same folder, which keeps the web versions
        of files unchanged since (the preview's: encoding an image costs more than a page)."""
        fresh = Media(self.folder)
        for key, stamp in self._stamps.items():
            if self.folder is not None and _stamp(self.folder / key[0]) == stamp:
                fresh._made[key], fresh._stamps[key] = self._made[key], stamp
        return fresh

    def tag(
        self, current: str, relative: str, alt: str, css_class: str = "", lazy: bool = True, max_width: int = MAX_WIDTH
    ) -> Markup:
        """Return an ``<img>`` for page ``current``: its alt text, and its size when known (no layout shift)."""
        made = self.image(relative, max_width)
        size = Markup(' width="{}" height="{}"').format(made.width, made.height) if made and made.width and made.height else ""
        return Markup('<img src="{}" alt="{}"{}{}{}>').format(
            self.url(current, relative, max_width),
            alt,
            Markup(' class="{}"').format(css_class) if css_class else "",
            size,
            Markup(' loading="lazy" decoding="async"') if lazy else "",
        )

    def files(self) -> list[WebImage]:
        """Return the web version of every image a page used, in a stable order."""
        return [made for key in sorted(self.used) if (made := self.image(*key)) is not None]


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)


__all__ = ["MAX_WIDTH", "MEDIA_DIR", "Media", "MediaError", "WebImage", "optimise", "sanitise_svg", "web_path"]
