"""The educators' report in a real headless Chromium (Playwright driving Debian's chromium).

Reports of our own test articles (and of the seeds, when ../shared is present) are rendered at 1280
and 390 px wide (no horizontal scrolling), printed to PDF (within a page budget), checked for `lang`
attributes, console errors, a text glyph on every marker, and keyboard focus that reaches a note and
comes back. In CI (CI=true) a missing browser or Playwright is a failure, not a skip.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimcheck.cli import cli

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
SEEDS = HERE.parent.parent / "shared" / "seeds"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
_PAGE = re.compile(rb"/Type\s*/Page(?!s)")


def _missing(what: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is missing in CI (run .ci/install-browser)")
    pytest.skip(f"{what} not installed")


def _executable() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    _missing("chromium")
    raise AssertionError  # unreachable


@pytest.fixture(scope="module")
def browser() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright")
    executable = _executable()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Reports of a folder holding our Dutch and English test articles (and the seeds when present)."""
    folder = tmp_path_factory.mktemp("articles")
    for name in ("nl-prt-slordig.txt", "en-prt-sloppy.md", "nl-kngf-patient.md", "en-henschke.md", "en-prt-sound.md"):
        shutil.copy(ARTICLES / name, folder / name)
    if SEEDS.is_dir():
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, folder / f"seed-{seed.name}")
    out = tmp_path_factory.mktemp("reports")
    result = CliRunner().invoke(cli, ["report", str(folder), "-o", str(out), "--format", "html", "--no-progress"])
    assert result.exit_code in (0, 1), result.output
    return out


def _pages(reports: Path) -> list[Path]:
    return sorted(p for p in reports.glob("*.html") if p.name != "index.html")


def _open(browser: Any, path: Path, width: int, errors: list[str] | None = None) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900})
    if errors is not None:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    return page


@pytest.mark.parametrize("width", [1280, 390])
def test_no_horizontal_overflow_and_not_blank(browser: Any, reports: Path, width: int, tmp_path: Path) -> None:
    for path in [*_pages(reports), reports / "index.html"]:
        page = _open(browser, path, width)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll == inner, f"{path.name} at {width}px: page {scroll}px wide"
        shot = tmp_path / f"{path.stem}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 5000, f"{path.name}: screenshot looks blank"
        page.close()


def _pdf_pages(page: Any) -> int:
    return len(_PAGE.findall(page.pdf(format="A4")))


def test_print_fits_the_article_and_its_notes(browser: Any, reports: Path) -> None:
    """Printed, a report takes about as many pages as the article alone plus its notes."""
    for path in _pages(reports):
        page = _open(browser, path, 1280)
        page.emulate_media(media="print")
        full = _pdf_pages(page)
        # the same page with only the article text (notes and everything else removed) ...
        article_only = browser.new_page()
        article_only.goto(path.as_uri())
        article_only.evaluate("""() => {
            const paras = [...document.querySelectorAll('.para')].map(p => p.textContent);
            const notes = [...document.querySelectorAll('.note, .findings li, .studies li')]
                .map(n => n.textContent);
            document.body.innerHTML = '';
            for (const t of paras) {
                const p = document.createElement('p'); p.textContent = t; document.body.append(p);
            }
            window.__notes = notes;
        }""")
        base = _pdf_pages(article_only)
        # ... and the notes and findings alone, as plain small text
        article_only.evaluate("""() => {
            document.body.innerHTML = '';
            document.body.style.fontSize = '8.5pt';
            for (const t of window.__notes) {
                const p = document.createElement('p'); p.textContent = t; document.body.append(p);
            }
        }""")
        notes = _pdf_pages(article_only)
        assert full <= base + notes + 1, f"{path.name}: {full} pages printed; article {base} + notes {notes}"
        page.close()
        article_only.close()


def test_dutch_reports_carry_lang_nl(browser: Any, reports: Path) -> None:
    page = _open(browser, reports / "nl-prt-slordig.html", 1280)
    assert page.evaluate("document.documentElement.lang") == "nl"
    langs = page.evaluate("[...document.querySelectorAll('.note')].map(n => n.closest('[lang]').lang)")
    assert langs and set(langs) == {"nl"}
    assert page.locator("h2", has_text="Het artikel, met aantekeningen").count() == 1
    english = _open(browser, reports / "en-prt-sloppy.html", 1280)
    assert english.evaluate("document.documentElement.lang") == "en"


def test_no_console_errors_and_every_marker_has_a_glyph(browser: Any, reports: Path) -> None:
    for path in [*_pages(reports), reports / "index.html"]:
        errors: list[str] = []
        page = _open(browser, path, 1280, errors)
        markers = page.evaluate("""[...document.querySelectorAll('sup.ref a')].map(a => {
            const g = a.querySelector('.glyph'); const r = a.getBoundingClientRect();
            return [g ? g.textContent.trim() : '', parseFloat(getComputedStyle(a).fontSize), r.width, r.height];
        })""")
        for glyph, size, w, h in markers:
            assert glyph, f"{path.name}: a marker without a text glyph"
            assert size >= 16 and w >= 24 and h >= 24, f"{path.name}: marker {size}px, {w}x{h}"
        assert not errors, f"{path.name}: {errors}"
        page.close()


def test_keyboard_reaches_a_note_and_returns(browser: Any, reports: Path) -> None:
    page = _open(browser, reports / "en-prt-sloppy.html", 1280)
    first = page.locator("sup.ref a").first
    target = first.get_attribute("href")
    first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == target
    assert page.evaluate("document.activeElement.id") == target.lstrip("#")
    back = page.locator(f"{target} a.note-num")
    back.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#ref-" + target.lstrip("#")


def test_index_links_every_article(browser: Any, reports: Path) -> None:
    page = _open(browser, reports / "index.html", 1280)
    hrefs = set(page.evaluate("[...document.querySelectorAll('table.index a')].map(a => a.getAttribute('href'))"))
    assert hrefs == {p.name for p in _pages(reports)}
    titles = page.evaluate("[...document.querySelectorAll('table.index a')].map(a => a.textContent)")
    assert all(t.strip() and "banner image" not in t for t in titles)
