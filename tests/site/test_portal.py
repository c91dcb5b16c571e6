"""The enablement portal: built strict from the internal view into build/enablement, never into
build/site; searchable mid-call; the agreement and the plan on one printed page each; the
message map flags what is said nowhere; and the consumer fixture builds it too."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from canaries import Canaries, plant
from support import DEFAULT_CONTENT, FIXTURES, ROOT, require_program

from generator.content.load import Loaded, load_content
from generator.context import build_context
from generator.errors import BuildError
from generator.outputs.collateral import build_collateral
from generator.outputs.portal import build_portal, render_portal
from generator.pipeline import build

DAY = dt.date(2026, 10, 13)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("portal") / "build"
    build(DEFAULT_CONTENT, out)
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def portal(built: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(built / "enablement"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def _pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html"))


def test_the_portal_is_internal_and_never_in_the_site(built: Path) -> None:
    enablement, site = built / "enablement", built / "site"
    pages = _pages(enablement)
    names = {p.relative_to(enablement).as_posix() for p in pages}
    assert {"index.html", "downloads/index.html", "agreement/index.html", "plan/index.html", "talk-tracks/index.html"} <= names
    assert {"battlecards/slotsimple/index.html", "personas/index.html", "message-map/index.html", "accounts/index.html"} <= names
    for page in pages:
        text = page.read_text()
        assert '<meta name="robots" content="noindex, nofollow">' in text, page
    assert (enablement / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert not (site / "talk-tracks").exists() and not (site / "agreement").exists()
    assert "noindex" not in (site / "index.html").read_text()


def test_every_download_links_to_a_file_that_exists(built: Path) -> None:
    enablement = built / "enablement"
    page = enablement / "downloads" / "index.html"
    links = re.findall(r'href="\.\./([^"#]+\.(?:pptx|xlsx|docx|pdf))"', page.read_text())
    assert len(links) >= 25
    for link in links:
        assert (enablement / link).is_file(), link
    html = page.read_text()
    # Grouped by sales stage, in the agreement's order, with what each file is for and for whom.
    stages = ["First call", "Discovery", "Proposal", "Negotiation", "Renewal and expansion"]
    positions = [html.index(f">{name}</h2>") for name in stages]
    assert positions == sorted(positions)
    assert "Safe to send" in html and "Presenter version" in html and "content changed" in html
    detail = (enablement / "downloads" / "decks-company" / "index.html").read_text()
    assert "company.yaml" in detail and "Built from" in detail  # provenance lives on the detail page
    assert "company.yaml" not in html


def test_the_agreement_and_the_plan_print_on_one_page_each(built: Path) -> None:
    require_program("chromium", "chromium-browser", "soffice")
    for name, must in (
        ("hand-off-agreement.pdf", ["Response SLA", "Routing", "A lead sales rejects", "attribution", "Lena Okafor"]),
        ("marketing-plan.pdf", ["Target customer", "Primary problem", "Differentiator", "Three channels", "Measurable goals"]),
    ):
        with pdfplumber.open(str(built / "enablement" / name)) as pdf:
            assert len(pdf.pages) == 1, name
            text = pdf.pages[0].extract_text()
        for phrase in must:
            assert phrase in text, (name, phrase)
    plan = (built / "enablement" / "plan" / "index.html").read_text()
    assert "15.0% of revenue" in plan and "12–25% of revenue" in plan


def _search(browser: Any, url: str, query: str) -> tuple[str, str]:
    page = browser.new_page()
    try:
        page.goto(url)
        page.locator(".md-search__input").click()
        page.locator(".md-search__input").press_sequentially(query, delay=20)
        # The top result a rep sees: its best matching section when one is shown, else its page.
        top = page.locator(".md-search-result__item").first
        top.wait_for(timeout=10_000)
        shown = [link for link in top.locator(".md-search-result__link").all() if link.is_visible()]
        sections = [link for link in shown if "#" in (link.get_attribute("href") or "")]
        (sections or shown)[0].click()
        page.wait_for_load_state()
        target = page.url
        anchor = target.split("#", 1)[1] if "#" in target else ""
        section = page.locator(f"[id='{anchor}']").locator("xpath=following-sibling::*[position() <= 4]")
        return target, " ".join(section.all_inner_texts())
    finally:
        page.close()


def test_search_lands_on_the_answer_mid_call(browser: Any, portal: str) -> None:
    faqs = load_content(DEFAULT_CONTENT).content.faqs
    assert faqs is not None
    pricing = next(f for f in faqs.faqs if "too expensive" in f.heard_as)
    url, text = _search(browser, portal, "too expensive")
    assert "/talk-tracks/" in url
    assert pricing.talk_track and pricing.talk_track.split(".")[0] in text
    url, _ = _search(browser, portal, "SlotSimple")
    assert "/battlecards/slotsimple/" in url


def test_canaries_in_internal_fields_reach_the_portal_and_not_the_site(tmp_path: Path) -> None:
    loaded = load_content(DEFAULT_CONTENT)
    canaries = Canaries()
    content = plant(loaded.content, canaries)
    context = build_context(Loaded(content, [], loaded.positions, loaded.folder))
    docs, target = tmp_path / "docs", tmp_path / "enablement"
    assets = build_collateral(context, docs, ROOT / "enablement", render=False)
    build_portal(context, assets, docs, target, None, lambda sources: DAY)
    portal = "\n".join(p.read_text() for p in _pages(target))
    c = content
    assert c.faqs is not None and c.lead_definition is not None and c.marketing_plan is not None
    belong = [
        *(f.talk_track for f in c.faqs.faqs if f.talk_track),
        *(h for f in c.faqs.faqs for h in f.heard_as),
        *(x for p in c.icp.personas for x in [*p.objections, p.talk_track or ""] if x),
        *c.icp.disqualifiers,
        *(x for r in c.competitors if r.battlecard for x in [*r.battlecard.where_they_win, *r.battlecard.trap_questions]),
        *(x for stage in ("cold", "warm", "mql", "sql") for x in getattr(c.lead_definition.stages, stage).criteria),
        *(r.to for r in c.lead_definition.agreement.routing),
        *(s.label for s in c.lead_definition.sources),
        c.marketing_plan.target_customer,
        *(g.metric for g in c.marketing_plan.goals),
    ]
    assert len(belong) > 40 and all(x.startswith("CANARY") for x in belong)
    missing = [x for x in belong if x not in portal]
    assert missing == []


def test_the_message_map_flags_an_orphan_proof_point(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT, folder)
    positioning = folder / "positioning.yaml"
    orphan = "Crews on Crewboard file their timesheets before they leave the last job."
    text = positioning.read_text().replace(
        "proof_points:\n",
        f"proof_points:\n  - id: orphan-timesheets\n    claim: {orphan}\n    source: A survey nobody ran\n",
        1,
    )
    positioning.write_text(text)
    context = build_context(load_content(folder))
    pages = render_portal(context, [], tmp_path, None, lambda sources: DAY)
    row = next(line for line in pages["message-map.md"].splitlines() if "orphan" in line.lower() or "timesheets" in line)
    assert "Backs no value pillar." in row and "Used nowhere" in row
    pillar_rows = [line for line in pages["message-map.md"].splitlines() if "| Value pillar |" in line]
    assert pillar_rows and not any("No proof" in line for line in pillar_rows)


def test_a_broken_link_in_a_portal_page_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.outputs import portal as module

    context = build_context(load_content(FIXTURES / "b2c_minimal"))
    real = module.render_portal

    def broken(*args: Any) -> dict[str, str]:
        pages = real(*args)
        pages["index.md"] += "\n[a page that is not there](nowhere.md)\n"
        return pages

    monkeypatch.setattr(module, "render_portal", broken)
    with pytest.raises(BuildError, match="the enablement portal did not build"):
        build_portal(context, [], tmp_path / "docs", tmp_path / "out", None, lambda sources: DAY)


def test_the_consumer_fixture_gets_a_portal_too(tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(FIXTURES / "b2c_minimal", out, render=False)
    names = {p.relative_to(out / "enablement").as_posix() for p in _pages(out / "enablement")}
    assert {"index.html", "downloads/index.html", "talk-tracks/index.html", "personas/index.html"} <= names
    assert "agreement/index.html" not in names  # no lead_definition.yaml in this business
    downloads = (out / "enablement" / "downloads" / "index.html").read_text()
    assert "Harbour Clay" in (out / "enablement" / "index.html").read_text()
    assert "Company overview" in downloads


def test_on_a_phone_no_portal_page_scrolls_sideways(browser: Any, portal: str) -> None:
    """The stage table of the agreement becomes one card per stage; downloads stack."""
    page = browser.new_page(viewport={"width": 390, "height": 800})
    try:
        pages = ("", "downloads/", "agreement/", "plan/", "talk-tracks/", "battlecards/slotsimple/", "personas/", "message-map/")
        for path in (*pages, "accounts/"):
            page.goto(portal + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (path, width)
        page.goto(portal + "agreement/")
        assert page.locator(".hf-stack").is_visible() and not page.locator(".hf-wide").is_visible()
    finally:
        page.close()


def test_printed_pages_number_chromium_structure_ids_by_rank() -> None:
    """Two prints of one page differ only in Chromium's DOM node numbers; ranks make them equal, at the same length."""
    from generator.outputs.portal.printing import stable_node_ids

    first = b"/ID (node00000154)>> ... /ID (node00000160) ... [(node00000154) 23 0 R (node00000160) 25 0 R]"
    second = first.replace(b"00000154", b"00000155").replace(b"00000160", b"00000161")
    assert stable_node_ids(first) == stable_node_ids(second)
    assert stable_node_ids(first) == first.replace(b"00000154", b"00000001").replace(b"00000160", b"00000002")


def test_message_map_reads_a_page_again_only_when_its_file_changed(tmp_path: Path) -> None:
    from generator.outputs.portal.message_map import site_texts

    site = tmp_path / "site"
    for name, words in (("offers/dispatch", "Fewer missed windows"), ("faq", "How long does setup take")):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(f"<nav>menu</nav><article><h1>{words}</h1></article>", encoding="utf-8")
    memo: dict[str, str] = {}
    first = site_texts(site, memo)
    assert [(p.name, text.strip("> ")) for p, text in first] == [
        ("/faq/", "how long does setup take"),
        ("/offers/dispatch/", "fewer missed windows"),
    ]
    assert first == site_texts(site)  # the memo changes nothing read
    # An unchanged file is taken from the memo (here marked, to see it used) ...
    faq = next(k for k in memo if k.startswith("faq/"))
    memo[faq] = "from the memo"
    # ... a rewritten one is read again, and the memo then holds this build's files only.
    (site / "offers/dispatch/index.html").write_text("<article>Two-hour windows kept</article>", encoding="utf-8")
    (site / "gone").mkdir()
    texts = {p.name: text.strip("> ") for p, text in site_texts(site, memo)}
    assert texts == {"/faq/": "from the memo", "/offers/dispatch/": "two-hour windows kept"}
    assert sorted(k.split("|")[0] for k in memo) == ["faq/index.html", "offers/dispatch/index.html"]


def test_content_changed_dates_come_from_three_git_questions_whatever_the_number_of_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    from generator.outputs.portal import git_changed

    git = require_program("git")
    repo, content = tmp_path / "repo", tmp_path / "repo" / "content"
    (content / "offers").mkdir(parents=True)
    for name in ("company.yaml", "offers/dispatch.yaml", "offers/launch-service.yaml", "icp.yaml", "faqs.yaml"):
        (content / name).write_text(f"# {name}\n", encoding="utf-8")
    (repo / "README.md").write_text("not content\n", encoding="utf-8")

    def commit(day: str, *paths: str) -> None:
        env = {"GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00", "GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00"}
        run = functools.partial(subprocess.run, check=True, capture_output=True, cwd=repo, env={**os.environ, **env})
        run([git, "add", "--", *paths])
        run([git, "-c", "user.name=M", "-c", "user.email=m@example.com", "commit", "-q", "-m", day, "--", *paths])

    subprocess.run([git, "init", "-q", str(repo)], check=True)
    commit("2026-03-02", ".")
    (content / "offers/dispatch.yaml").write_text("# price changed\n", encoding="utf-8")
    commit("2026-05-20", "content/offers/dispatch.yaml")
    (repo / "README.md").write_text("outside the content folder\n", encoding="utf-8")
    commit("2026-06-01", "README.md")
    (content / "icp.yaml").write_text("# edited, not committed\n", encoding="utf-8")
    (content / "offers/new.yaml").write_text("# not in git yet\n", encoding="utf-8")
    subprocess.run([git, "mv", "faqs.yaml", "questions.yaml"], check=True, cwd=content)  # staged, not committed

    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting(args: list[str], **kwargs: Any) -> Any:
        calls.append(args)
        return real_run(args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting)
    changed = git_changed(content, DAY)
    assert changed(["company.yaml"]) == dt.date(2026, 3, 2)
    assert changed(["offers/dispatch.yaml"]) == dt.date(2026, 5, 20)  # its own last commit, not the README's
    assert changed(["company.yaml", "offers/dispatch.yaml"]) == dt.date(2026, 5, 20)  # the newest of them
    assert changed(["offers/launch-service.yaml", "company.yaml"]) == dt.date(2026, 3, 2)
    for dirty in ("icp.yaml", "offers/new.yaml", "faqs.yaml", "questions.yaml"):
        assert changed(["company.yaml", dirty]) == DAY, dirty  # changed since, or never committed: today
    assert changed(["not-there.yaml"]) == DAY
    assert len(calls) == 3  # where the folder sits, its changes, its history: not two per file
    monkeypatch.undo()
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert git_changed(outside, DAY)(["company.yaml"]) == DAY  # not in a repository


def test_message_map_opens_an_office_file_again_only_when_it_changed(tmp_path: Path) -> None:
    from pptx import Presentation

    from generator.outputs.portal.message_map import Place, office_texts

    def deck(path: Path, *titles: str) -> None:
        prs = Presentation()
        for title in titles:
            prs.slides.add_slide(prs.slide_layouts[5]).shapes.title.text = title
        path.parent.mkdir(parents=True, exist_ok=True)
        prs.save(str(path))

    deck(tmp_path / "decks/dispatch.pptx", "Fewer missed windows", "Priced per technician")
    deck(tmp_path / "decks/company.pptx", "Field service, run calmly")
    files = [("decks/company.pptx", "Company deck"), ("decks/dispatch.pptx", "Dispatch deck")]
    memo: dict[str, list[str]] = {}
    first = office_texts(tmp_path, files, memo)
    assert first == [
        (Place("Deck", "Company deck, slide 1", "decks/company.pptx"), "field service, run calmly"),
        (Place("Deck", "Dispatch deck, slide 1", "decks/dispatch.pptx"), "fewer missed windows"),
        (Place("Deck", "Dispatch deck, slide 2", "decks/dispatch.pptx"), "priced per technician"),
    ]
    assert first == office_texts(tmp_path, files)  # the memo changes nothing read
    company = next(k for k in memo if k.startswith("decks/company.pptx|"))
    memo[company] = ["from the memo"]
    deck(tmp_path / "decks/dispatch.pptx", "Two-hour windows kept")  # a new file: read again
    texts = [(p.name, text) for p, text in office_texts(tmp_path, files, memo)]
    assert texts == [("Company deck, slide 1", "from the memo"), ("Dispatch deck, slide 1", "two-hour windows kept")]
    assert sorted(k.split("|")[0] for k in memo) == ["decks/company.pptx", "decks/dispatch.pptx"]
