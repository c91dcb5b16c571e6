"""The marketer's own pages and images: checked where they are written, published as small
web images that are the same bytes every build, shown with their alt text, SVG that runs nothing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitekit import DEFAULT_CONTENT, build_to, site_files
from support import Edits, copy_content

from generator.content.load import load_content
from generator.errors import ContentError
from generator.outputs.collateral.images import raster_image
from generator.outputs.site.media import MAX_WIDTH, MEDIA_DIR, MediaError, optimise, sanitise_svg

ARTICLE = "articles/whiteboard-dispatch-cost.md"
ABOUT = "pages/about.md"
# The about page's image line, as the default content writes it.
ABOUT_IMAGE = (
    "![The Crewboard dispatch board on a Monday morning, with jobs assigned to technicians by zone](assets/dispatch-board.png)"
)

CASES: dict[str, tuple[Edits, list[str]]] = {
    "a missing image in an article, at the image's address": (
        {
            ARTICLE: (
                "It is fast, everyone can see it,",
                "It is fast ![A full board](assets/board-photo.jpg), everyone can see it,",
            )
        },
        [
            "content/articles/whiteboard-dispatch-cost.md:14:68: articles.whiteboard-dispatch-cost.body: "
            'expected an image file, got "assets/board-photo.jpg", which does not exist'
        ],
    ),
    "an image without alt text on a page, at the image": (
        {ABOUT: (ABOUT_IMAGE, "![](assets/dispatch-board.png)")},
        [
            'content/pages/about.md:22:1: pages.about.body: expected alt text that says what the image shows, got none in "![](assets/dispatch-board.png)"'
        ],
    ),
    "alt text of spaces is no alt text": (
        {ABOUT: (ABOUT_IMAGE, "![   ](assets/dispatch-board.png)")},
        [
            'content/pages/about.md:22:1: pages.about.body: expected alt text that says what the image shows, got none in "![   ](assets/dispatch-board.png)"'
        ],
    ),
    "an image outside assets/ in a Markdown field of an offer": (
        {"offers/dispatch.yaml": ("description: |\n  ", "description: |\n  ![Board](images/board.png) ")},
        [
            "content/offers/dispatch.yaml:9:12: offers.dispatch.description: expected an image under assets/ in the "
            'content folder or an https:// address, got "images/board.png"'
        ],
    ),
    "an image of a kind the web version cannot be made from": (
        {ABOUT: ("(assets/dispatch-board.png)", "(assets/board.gif)")},
        ['content/pages/about.md:22:96: pages.about.body: expected a PNG, JPEG, WebP or SVG image, got "assets/board.gif"'],
    ),
    "only the image, not one shown as code beside it": (
        {
            ABOUT: (
                ABOUT_IMAGE,
                "Write `![alt](assets/x.png)` or\n\n```\n![](assets/y.png)\n```\n\n![](assets/dispatch-board.png)",
            )
        },
        [
            'content/pages/about.md:28:1: pages.about.body: expected alt text that says what the image shows, got none in "![](assets/dispatch-board.png)"'
        ],
    ),
    "a customer logo that is not there": (
        {"case_studies/rivergate-plumbing.yaml": ("rivergate-plumbing.png", "rivergate.png")},
        [
            "content/case_studies/rivergate-plumbing.yaml:50:7: case_studies.rivergate-plumbing.logo: "
            'expected an image file, got "assets/customers/rivergate.png", which does not exist'
        ],
    ),
    "a testimonial photo as SVG": (
        {"case_studies/rivergate-plumbing.yaml": ("logo: ", "photo: assets/logo.svg\nlogo: ")},
        [
            "content/case_studies/rivergate-plumbing.yaml:50:8: case_studies.rivergate-plumbing.photo: "
            'expected a PNG or JPEG image, got "assets/logo.svg"'
        ],
    ),
    "a hero image without alt text": (
        {
            "company.yaml": (
                "    alt: >-\n      The Crewboard dispatch board on a laptop, with each technician's jobs for the day,\n      beside a phone showing the arrival text a customer receives\n",
                "",
            )
        },
        ["content/company.yaml:54:5: company.brand.hero_image.alt: expected text, got nothing (the field is required)"],
    ),
    "an SVG logo that is not SVG": (
        {"assets/customers/kessler-comfort.svg": "<html><body>not a logo</body></html>\n"},
        [
            "content/case_studies/kessler-comfort.yaml:54:7: case_studies.kessler-comfort.logo: expected an SVG image, got "
            '"assets/customers/kessler-comfort.svg", which cannot be read (expected an <svg> image, got <html>)'
        ],
    ),
    "a page placed in a nav that does not exist": (
        {ABOUT: ("nav: footer ", "nav: sidebar ")},
        ['content/pages/about.md:7:6: pages.about.nav: expected one of "header", "footer", "none", got "sidebar"'],
    ),
    "a page without a title": (
        {ABOUT: ("title: About Crewboard\n", "")},
        ["content/pages/about.md:3:1: pages.about.title: expected text, got nothing (the field is required)"],
    ),
    "a page with a misspelt field": (
        {ABOUT: ("order: 1", "ordre: 1")},
        ['content/pages/about.md:9:1: pages.about.ordre: unknown field "ordre" (did you mean "order"?)'],
    ),
    "a page that takes a section's address": (
        {"pages/offers.md": "---\ntitle: Our offers\ndescription: Everything we sell.\n---\n\nHello.\n"},
        [
            'content/pages/offers.md:1:1: pages.offers.id: expected a page name the site does not use itself, got "offers"; '
            "taken: index, offers, case-studies, who-its-for, compare, faq, articles, contact, assets, search"
        ],
    ),
    "front matter that is not YAML": (
        {ABOUT: ("order: 1", "order: [1")},
        ["content/pages/about.md:10:1: expected valid YAML, got an error: did not find expected ',' or ']'"],
    ),
}


@pytest.mark.parametrize("edits,expected", CASES.values(), ids=list(CASES))
def test_pictures_and_pages_are_checked_where_they_are_written(
    edits: Edits, expected: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    content = copy_content(DEFAULT_CONTENT, tmp_path / "content", edits)
    with pytest.raises(ContentError) as caught:
        load_content(content)
    assert [str(p) for p in caught.value.problems] == expected


def _png(width: int, height: int) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "#0F4C5C")
    ImageDraw.Draw(image).rectangle([width // 4, height // 4, width // 2, height // 2], fill="#F28C28")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=_text_chunk())
    return out.getvalue()


def _text_chunk() -> Any:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Someone private")
    return info


def test_raster_images_are_scaled_re_encoded_and_stripped(tmp_path: Path) -> None:
    from PIL import Image

    big = tmp_path / "big.png"
    big.write_bytes(_png(3200, 1800))
    photo = tmp_path / "photo.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # taken on its side: the web version is turned upright
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (400, 300), "#777777").save(photo, "JPEG", exif=exif)

    made = optimise(big, "assets/big.png")
    assert made.path == f"{MEDIA_DIR}/big.webp"
    assert (made.width, made.height) == (MAX_WIDTH, 900)
    assert made.data == optimise(big, "assets/big.png").data, "the same bytes every time"
    with Image.open(io.BytesIO(made.data)) as image:
        assert image.format == "WEBP" and image.size == (MAX_WIDTH, 900)
        assert not image.info.get("exif") and not image.info.get("xmp") and not image.info.get("icc_profile")
    assert b"Someone private" not in made.data
    upright = optimise(photo, "assets/photo.jpg")
    assert (upright.width, upright.height) == (300, 400)
    assert b"PhoneMaker" not in upright.data


def test_web_versions_kept_on_this_machine_are_the_bytes_an_encode_makes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    big = tmp_path / "big.png"
    big.write_bytes(_png(3200, 1800))
    made = optimise(big, "assets/big.png")
    kept = list((tmp_path / "cache" / "handoff" / "web-images").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == made.data
    assert optimise(big, "assets/big.png") == made  # from the kept file: bytes and size
    monkeypatch.setenv("HANDOFF_CACHE", "off")
    assert optimise(big, "assets/big.png") == made  # encoded afresh
    monkeypatch.delenv("HANDOFF_CACHE")
    assert optimise(big, "assets/big.png", max_width=320).width == 320  # another width, another entry
    big.write_bytes(_png(800, 450))
    assert optimise(big, "assets/big.png").width == 800  # another file, never the kept one


def test_a_damaged_image_stays_damaged_when_its_verdict_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.content import check
    from generator.content.check import _image_problem

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "assets").mkdir()
    photo = tmp_path / "assets" / "photo.png"
    photo.write_bytes(_png(400, 300)[:-200])
    expected = 'expected a PNG or JPEG image, got "assets/photo.png", which is damaged'
    first = _image_problem(tmp_path, "assets/photo.png", vector=False)
    assert first is not None and first.startswith(expected)
    assert len(list((tmp_path / "cache" / "handoff" / "checked-images").iterdir())) == 1
    # Another process (nothing in memory) finds the verdict kept, and does not decode again.
    check._decode_problem.cache_clear()
    monkeypatch.setattr(check, "_decode", lambda path: pytest.fail("decoded again"))
    assert _image_problem(tmp_path, "assets/photo.png", vector=False) == first
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    photo.write_bytes(_png(400, 300))  # mended: other bytes, decoded, fine
    assert _image_problem(tmp_path, "assets/photo.png", vector=False) is None


def test_svg_is_cleaned_of_anything_that_runs() -> None:
    hostile = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="40" '
        b'onload="alert(1)"><script>alert(2)</script><foreignObject><body onload="alert(3)"/></foreignObject>'
        b'<a xlink:href="javascript:alert(4)"><rect width="10" height="10" fill="#B3261E" onclick="alert(5)"/></a>'
        b'<use href="https://evil.example/x.svg#a"/><rect style="fill:url(https://evil.example/t)" fill="url(#g)"/></svg>'
    )
    clean, width, height = sanitise_svg(hostile)
    text = clean.decode()
    for bad in ("alert", "script", "foreignObject", "onload", "onclick", "javascript", "evil.example"):
        assert bad not in text, bad
    assert 'fill="#B3261E"' in text and 'fill="url(#g)"' in text, "its own colours stay"
    assert (width, height) == (120, 40)
    with pytest.raises(MediaError):
        sanitise_svg(b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>')


def test_decks_take_the_png_beside_an_svg_or_go_without(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets/mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert raster_image(tmp_path, "assets/mark.svg") is None
    (tmp_path / "assets/mark.png").write_bytes(_png(30, 10))
    assert raster_image(tmp_path, "assets/mark.svg") == (tmp_path / "assets/mark.png").resolve()


def test_optimised_images_are_the_same_bytes_every_build(default_site: Path, tmp_path: Path) -> None:
    again = build_to(load_content(DEFAULT_CONTENT), tmp_path / "site")
    media = [p.relative_to(default_site) for p in site_files(default_site / MEDIA_DIR)]
    assert {p.relative_to(MEDIA_DIR).as_posix() for p in media} == {
        "dispatch-board.webp",
        "hero.webp",
        "customers/kessler-comfort.svg",
        "customers/rivergate-plumbing-640w.webp",
    }
    assert media == [p.relative_to(again) for p in site_files(again / MEDIA_DIR)]
    for rel in media:
        assert (default_site / rel).read_bytes() == (again / rel).read_bytes(), rel
    # Only the web versions are published: no original, and nothing from the content folder beside them.
    assert not list(default_site.rglob("dispatch-board.png"))
    assert (default_site / MEDIA_DIR / "hero.webp").stat().st_size < (DEFAULT_CONTENT / "assets/hero.jpg").stat().st_size


def test_an_anonymized_storys_logo_and_photo_are_not_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    story = "case_studies/southeast-agreements.yaml"
    content = copy_content(
        DEFAULT_CONTENT,
        tmp_path / "content",
        {
            story: (
                "offers: [dispatch, maintenance-plans]",
                "logo: assets/customers/halloway.png\nphoto: assets/people/marcus.png\noffers: [dispatch, maintenance-plans]",
            )
        },
    )
    (content / "assets/customers/halloway.png").write_bytes(_png(300, 100))
    (content / "assets/people").mkdir()
    (content / "assets/people/marcus.png").write_bytes(_png(200, 200))
    site = build_to(load_content(content), tmp_path / "site")
    names = {p.name for p in site_files(site)}
    assert "halloway.webp" not in names and "marcus.webp" not in names


@pytest.fixture
def tab(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    width = getattr(request, "param", 1280)
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    page.close()
    assert errors == []


OWN_PAGES = {"about/": "About Crewboard", "privacy/": "Privacy policy", "terms/": "Terms of service"}


@pytest.mark.parametrize("tab", [1280, 390], indirect=True)
def test_the_marketers_pages_render_and_the_footer_links_them(tab: Any, server: str) -> None:
    for path, title in OWN_PAGES.items():
        response = tab.goto(server + path)
        assert response is not None and response.status == 200
        assert tab.locator("article h1").first.inner_text() == title
        assert tab.locator("article .hf-md p").count() >= 3, "the page's own text"
        assert "{{" not in tab.locator("article").inner_text(), "references are resolved"
        assert tab.locator("[data-hf-cta='band']").count() == 1
    tab.goto(server)
    footer = tab.locator("footer.hf-footer")
    explore = footer.locator("nav[aria-label='Site'] a")
    assert "About" in explore.all_inner_texts()
    for link in footer.locator(".hf-footer__legal a, nav[aria-label='Site'] a").all():
        href = link.evaluate("e => e.href")
        assert tab.request.get(href).status == 200, href
    legal = footer.locator(".hf-footer__legal a").evaluate_all("els => els.map(e => new URL(e.href).pathname)")
    assert legal == ["/privacy/", "/terms/"]


def _images(tab: Any) -> list[dict[str, Any]]:
    return list(
        tab.evaluate(
            """async () => {
                const images = [...document.querySelectorAll('article img')];
                for (const i of images) { i.loading = 'eager'; }
                await Promise.all(images.map(i => i.decode().catch(() => null)));
                return images.map(i => ({src: i.getAttribute('src'), alt: i.getAttribute('alt'),
                    natural: i.naturalWidth, shown: i.getBoundingClientRect().width}));
            }"""
        )
    )


@pytest.mark.parametrize("tab", [1280, 390], indirect=True)
def test_images_load_with_their_alt_text_and_svg_logos_show(tab: Any, server: str) -> None:
    expected = {
        "": ["hero.webp", "kessler-comfort.svg", "rivergate-plumbing-640w.webp"],
        "case-studies/": ["kessler-comfort.svg", "rivergate-plumbing-640w.webp"],
        "case-studies/kessler-comfort/": ["kessler-comfort.svg"],
        "offers/dispatch/": ["dispatch-board.webp"],
        "about/": ["dispatch-board.webp"],
        "case-studies/southeast-agreements/": [],
    }
    for path, names in expected.items():
        tab.goto(server + path)
        images = _images(tab)
        assert [i["src"].rsplit("/", 1)[-1] for i in images] == names, path
        for image in images:
            assert image["natural"] > 0, image
            assert image["shown"] > 0, image
            assert image["alt"] and image["alt"].strip(), image
            assert f"{MEDIA_DIR}/" in image["src"]
    tab.goto(server)
    logos = tab.locator(".hf-logos img").evaluate_all("els => els.map(e => e.alt)")
    assert logos == ["Kessler Comfort Heating & Air", "Rivergate Plumbing & Drain"]
    header = tab.locator(".md-header .md-logo img")
    assert header.get_attribute("src").endswith(".svg") and header.evaluate("e => e.naturalWidth") > 0
    assert header.get_attribute("alt") == "Crewboard"


def test_svg_is_published_only_as_an_image_and_without_script(default_site: Path) -> None:
    published = [*default_site.glob(f"{MEDIA_DIR}/**/*.svg"), default_site / "assets/handoff/logo.svg"]
    assert len(published) == 2
    for svg in published:
        text = svg.read_text()
        assert "<script" not in text and "onload" not in text
    for page in default_site.rglob("*.html"):
        # Shown through <img src=...svg>, never pasted into the page where it could run.
        assert "COMFORT HEATING" not in page.read_text(), page


def test_a_testimonial_photo_is_shown_beside_its_quote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    story = "case_studies/rivergate-plumbing.yaml"
    content = copy_content(DEFAULT_CONTENT, tmp_path / "content", {story: ("logo: ", "photo: assets/people/luis.png\nlogo: ")})
    (content / "assets/people").mkdir()
    (content / "assets/people/luis.png").write_bytes(_png(2400, 2400))
    site = build_to(load_content(content), tmp_path / "site")
    page = (site / "case-studies/rivergate-plumbing/index.html").read_text()
    assert (
        '<img src="../../assets/media/people/luis-320w.webp" alt="Luis Ortega, General Manager, Rivergate Plumbing &amp; Drain" '
        'class="hf-quote__photo" width="320" height="320" loading="lazy" decoding="async">'
    ) in page, "a small web version for a small picture"
    assert (site / "assets/media/people/luis-320w.webp").is_file()


def test_link_previews_show_the_hero_not_an_svg(default_site: Path) -> None:
    home = (default_site / "index.html").read_text()
    assert '<meta property="og:image" content="https://crewboard.example/assets/media/hero.webp">' in home
    assert '<meta name="twitter:card" content="summary_large_image">' in home
    assert (default_site / "assets/media/hero.webp").is_file()


def test_a_raster_header_logo_is_re_encoded_without_metadata(tmp_path: Path) -> None:
    from PIL import Image

    from generator.outputs.site.engine import LOGO_WIDTH, logo_bytes

    logo = tmp_path / "logo.png"
    logo.write_bytes(_png(3000, 1000))
    published = logo_bytes(logo)
    assert b"Someone private" not in published and published == logo_bytes(logo)
    with Image.open(io.BytesIO(published)) as image:
        assert image.format == "PNG" and image.size == (LOGO_WIDTH, 400)


def test_a_markdown_image_has_its_size_and_loads_lazily(default_site: Path) -> None:
    about = (default_site / "about/index.html").read_text()
    assert 'src="../assets/media/dispatch-board.webp" width="1600" height="1000" loading="lazy" decoding="async">' in about


def test_a_card_without_a_logo_keeps_the_row_aligned_and_names_nobody(default_site: Path) -> None:
    index = (default_site / "case-studies/index.html").read_text()
    assert index.count('class="hf-card-logo"') == 2
    assert '<span class="hf-card-logo hf-card-logo--text">Customer name withheld</span>' in index
    assert "Halloway" not in index
